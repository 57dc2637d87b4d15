"""The Makefile as a newcomer meets it, run through real `make` processes."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def make(*args, cwd=ROOT):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        [MAKE, "--no-print-directory", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def checkout(tmp_path):
    """A copy of the Makefile and pyproject.toml, to run targets that touch files."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_a_busy_port_is_reported_before_any_banner():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        result = make("run", f"PORT={port}")
    assert result.returncode != 0
    assert f"Port {port} is already in use" in result.stderr
    assert f"make run PORT={port + 1}" in result.stderr
    assert "http://127.0.0.1" not in result.stdout


def test_clean_keeps_the_database_and_says_so(checkout):
    (checkout / "db.sqlite3").write_text("content")
    result = make("clean", cwd=checkout)
    assert result.returncode == 0
    assert (checkout / "db.sqlite3").read_text() == "content"
    assert "Kept db.sqlite3" in result.stdout


def test_deleting_the_database_needs_confirmation(checkout):
    (checkout / "db.sqlite3").write_text("content")
    (checkout / "media").mkdir()
    refused = make("clean-db", cwd=checkout)
    assert refused.returncode != 0
    assert "make clean-db CONFIRM=yes" in refused.stderr
    assert (checkout / "db.sqlite3").exists()

    done = make("clean-db", "CONFIRM=yes", cwd=checkout)
    assert done.returncode == 0
    assert not (checkout / "db.sqlite3").exists()
    assert not (checkout / "media").exists()


def fake_venv(checkout, script):
    bin_dir = checkout / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.write_text(f"#!/bin/sh\n{script}\n")
    python.chmod(0o755)
    (checkout / ".venv" / ".installed").touch()  # newer than pyproject.toml


def test_a_working_venv_is_trusted(checkout):
    fake_venv(checkout, f'exec {sys.executable} "$@"')
    result = make("-n", "install", cwd=checkout)
    assert result.returncode == 0
    assert "pip install" not in result.stdout


BASE_PYTHON = Path(sys.base_prefix) / "bin" / "python3"


@pytest.mark.parametrize("script", ["exit 1", f'exec {BASE_PYTHON} -I "$@"'])
def test_a_half_made_venv_is_rebuilt(checkout, script):
    # A Python that no longer runs, or one without the portal's packages (an interrupted
    # install), despite a stamp that says the install finished.
    fake_venv(checkout, script)
    result = make("-n", "install", cwd=checkout)
    assert result.returncode == 0
    assert "pip install --quiet -e ." in result.stdout
    assert "rm -f .venv/.installed" in result.stdout
