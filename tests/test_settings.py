"""Configuration mistakes give one readable line, never a traceback wall."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "env,variable",
    [
        ({"ALLOWED_HOSTS": "portal.example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_required_variables(env, variable):
    result = run_manage("check", DJANGO_SETTINGS_MODULE="alliance87.settings.prod", **env)
    assert result.returncode != 0
    assert result.stderr.strip() == f"alliance87: {variable} must be set for production settings."


@pytest.mark.parametrize("url", ["nonsense://whatever", "postgres://user@:notaport/db", "://"])
def test_broken_database_url_is_one_clear_line(url):
    result = run_manage("check", DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_is_one_clear_line():
    result = run_manage("migrate", DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing")
    assert result.returncode != 0
    assert "database is not reachable" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", ["mysql://user:pw@127.0.0.1/portal", "oracle://u@h/db"])
def test_unsupported_database_is_one_clear_line(url):
    result = run_manage("check", DATABASE_URL=url)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"alliance87: DATABASE_URL names a database this portal does not support "
        f"({url.split(':')[0]!r}); use one of: postgres, postgresql, sqlite."
    ]


def test_a_database_without_migrations_says_run_migrations(tmp_path):
    # The file exists and opens: it is reachable, it only lacks the tables.
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    code = "from partners.models import Partner; Partner.objects.count()"
    result = run_manage("shell", "-c", code, DATABASE_URL=url)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no such table" in lines[0]
    assert "Run the migrations: make migrate" in lines[0]
    assert "not reachable" not in lines[0]
    assert "Traceback" not in result.stderr


LOGGING_CODE = """
import logging
log = logging.getLogger("django.request")
log.warning('A "quoted" message\\nwith a second line and a backslash \\\\ and é')
try:
    raise ValueError('bad "value"\\nsecond line')
except ValueError:
    log.exception("Internal Server Error: /partners/")
"""


def test_production_logs_are_json_lines_with_the_traceback_as_a_field():
    result = run_manage(
        "shell",
        "-c",
        LOGGING_CODE,
        DJANGO_SETTINGS_MODULE="alliance87.settings.prod",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.strip().splitlines()]
    assert len(records) == 2
    warning, error = records
    assert warning["level"] == "WARNING"
    assert warning["logger"] == "django.request"
    assert warning["message"] == ('A "quoted" message\nwith a second line and a backslash \\ and é')
    assert "exception" not in warning
    assert error["message"] == "Internal Server Error: /partners/"
    assert error["exception"].startswith("Traceback (most recent call last):")
    assert error["exception"].endswith('ValueError: bad "value"\nsecond line')


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory):
    path = tmp_path_factory.mktemp("admin") / "migrated.sqlite3"
    assert run_manage("migrate", "-v0", DATABASE_URL=f"sqlite:///{path}").returncode == 0
    return path


@pytest.fixture
def admin_env(migrated_database, tmp_path):
    """A migrated database of the test's own, and no terminal (stdin is not a TTY)."""

    def env(**variables):
        path = tmp_path / "admin.sqlite3"
        shutil.copy(migrated_database, path)
        return dict(variables, DATABASE_URL=f"sqlite:///{path}")

    return env


def test_make_admin_without_a_terminal_takes_the_account_from_the_environment(admin_env):
    env = admin_env(
        DJANGO_SUPERUSER_USERNAME="secretariat",
        DJANGO_SUPERUSER_EMAIL="secretariat@example.org",
        DJANGO_SUPERUSER_PASSWORD="correct horse battery",
    )
    result = run_manage("create_admin", **env)
    assert result.returncode == 0, result.stderr
    check = "from django.contrib.auth.models import User; " + (
        "u = User.objects.get(username='secretariat'); "
        "print(u.is_superuser, u.check_password('correct horse battery'))"
    )
    assert run_manage("shell", "-c", check, **env).stdout.strip().endswith("True True")


@pytest.mark.parametrize(
    "variables,message",
    [
        ({}, "set DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL, DJANGO_SUPERUSER_PASSWORD"),
        (
            {"DJANGO_SUPERUSER_USERNAME": "a", "DJANGO_SUPERUSER_EMAIL": "a@example.org"},
            "set DJANGO_SUPERUSER_PASSWORD",
        ),
        (
            {
                "DJANGO_SUPERUSER_USERNAME": "a",
                "DJANGO_SUPERUSER_EMAIL": "a@example.org",
                "DJANGO_SUPERUSER_PASSWORD": "short-pw1",
            },
            "at least 12 characters",
        ),
    ],
)
def test_make_admin_without_a_terminal_fails_rather_than_skipping(admin_env, variables, message):
    env = admin_env(**variables)
    result = run_manage("create_admin", **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "skipped" not in result.stdout + result.stderr
    count = "from django.contrib.auth.models import User; print(User.objects.count())"
    assert run_manage("shell", "-c", count, **env).stdout.strip().endswith("0")
