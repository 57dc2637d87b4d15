# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo-focal-point run serve bench backup restore test install install-test migrate demo admin lint fmt check messages clean clean-db port-free upgrade-demo

# The stamp is trusted only while the venv's Python still runs and imports the portal's
# framework: an interrupted `python -m venv` or pip install, or a Python removed since, makes
# the next make rebuild the venv instead of failing the same way forever.
VENV_WORKS := $(shell test -f $(STAMP) && $(PY) -c 'import django, environ' >/dev/null 2>&1 && echo yes)
ifneq ($(VENV_WORKS),yes)
.PHONY: $(STAMP)
endif

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)." % sys.version.split()[0])'
	@rm -f $(STAMP) $(TEST_STAMP)
	@$(PY) -m pip --version >/dev/null 2>&1 || { test ! -e $(VENV) || echo "Rebuilding $(VENV): it is incomplete or its Python no longer runs."; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $(STAMP)

# The test tools (pytest, Playwright's driver, ruff) only for those who run the tests.
$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(TEST_STAMP)

install: $(STAMP)
install-test: $(TEST_STAMP)

migrate: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_roles

demo: migrate
	$(PY) manage.py load_demo

# Fails with one line when something already listens on PORT (before any banner is printed).
port-free:
	@$(PYTHON) -c 'import socket, sys; s = socket.socket(); port = int(sys.argv[1]); rc = s.connect_ex(("127.0.0.1", port)); s.close(); sys.exit("Port %d is already in use: stop what runs there, or choose another, e.g. make $(firstword $(MAKECMDGOALS) run) PORT=%d" % (port, port + 1) if rc == 0 else 0)' $(PORT)

# A database loaded with the earlier demo content: apply the issue 13 corrections (see README).
upgrade-demo: migrate
	$(PY) manage.py upgrade_demo

run: port-free demo
	@echo ""
	@echo "  Alliance 8.7 portal: http://127.0.0.1:$(PORT)/"
	@echo "  Back office:         http://127.0.0.1:$(PORT)/admin/  (create a login with: make admin)"
	@echo "  Focal points:        make demo-focal-point  (prints one-time invitation links for a demo"
	@echo "                       organisation and pathfinder country; you choose the password)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production settings under gunicorn. For a local look on plain HTTP it supplies what a real
# deployment passes in the environment (a throw-away SECRET_KEY, loopback hosts, no TLS redirect).
serve: port-free install
	@SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" SECURE_COOKIES="$${SECURE_COOKIES:-false}" \
	DJANGO_SETTINGS_MODULE=alliance87.settings.prod PORT=$(PORT) sh -c '\
	  $(PY) manage.py migrate --noinput && \
	  $(PY) manage.py load_demo && \
	  $(PY) manage.py collectstatic --noinput -v0 && \
	  echo "Serving production settings on http://127.0.0.1:$(PORT)/" && \
	  exec $(VENV)/bin/gunicorn alliance87.wsgi -c alliance87/gunicorn_conf.py'

# Benchmark (see README): BENCH_POSTGRES_URL=postgres://... adds PostgreSQL; BENCH_ARGS="--partners 1000"
bench: install
	bench/run $(BENCH_ARGS)

# Backup and restore of rows and uploaded files as one archive (see README):
# make backup BACKUP=portal.tar.gz / make restore BACKUP=portal.tar.gz
BACKUP ?= backup.tar.gz
backup: install
	$(PY) manage.py export_content $(BACKUP)

restore: migrate
	$(PY) manage.py import_content $(BACKUP)

# At a terminal it asks; in a script set DJANGO_SUPERUSER_USERNAME, _EMAIL and _PASSWORD.
# One-time invitation links for demo focal points (see README, "Focal points").
demo-focal-point: demo
	$(PY) manage.py demo_focal_point --base-url http://127.0.0.1:$(PORT)

admin: migrate
	$(PY) manage.py create_admin

test: install-test
	$(PY) -m pytest -n $${PYTEST_WORKERS:-auto} $(PYTEST_ARGS)

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (xgettext, msgfmt); the compiled .mo files are committed so users need neither.
messages: install
	for app in common partners pathfinders actiongroups events alliance87 countries accounts mailer relay translations; do \
	  (cd $$app && ../$(PY) ../manage.py makemessages -l fr -l es --no-obsolete); done
	$(PY) manage.py makemessages -l fr -l es --no-obsolete --ignore=partners --ignore=pathfinders \
	  --ignore=actiongroups --ignore=events --ignore=alliance87 --ignore=common --ignore=countries --ignore=accounts --ignore=mailer --ignore=relay --ignore=translations --ignore=.venv --ignore=tests --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

# Removes what make builds; the database and uploaded files are kept (see clean-db).
clean:
	rm -rf $(VENV) staticfiles .pytest_cache
	@test ! -e db.sqlite3 || echo "Kept db.sqlite3 and media/ (your content). To delete them too: make clean-db CONFIRM=yes"

# Deletes the local SQLite database and uploaded files, only when asked explicitly.
clean-db:
	@test "$(CONFIRM)" = yes || { echo "This deletes db.sqlite3 and media/ (all local content and uploads). Run: make clean-db CONFIRM=yes (make backup first to keep a copy)." >&2; exit 1; }
	rm -rf db.sqlite3 media
	@echo "Deleted db.sqlite3 and media/."
