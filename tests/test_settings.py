"""Configuration mistakes give one readable line, never a traceback wall."""

import os
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
