#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import re
import sys

# A table or column the code expects is missing: the database is there, the migrations are not.
NOT_MIGRATED = re.compile(
    r"no such (table|column)|(relation|column) \S+ does not exist", re.IGNORECASE
)


def database_problem(exc):
    """One readable line for a database error, saying what to do about it."""
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if NOT_MIGRATED.search(str(exc)):
        return (
            f"alliance87: the database is not set up for this version ({first_line}). "
            "Run the migrations: make migrate (or python manage.py migrate)."
        )
    return f"alliance87: the database is not reachable ({first_line}). Check DATABASE_URL."


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings.dev")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, ProgrammingError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as exc:
        # Not a traceback wall: one line that says what went wrong and what to do.
        sys.exit(database_problem(exc))
    except ProgrammingError as exc:
        if not NOT_MIGRATED.search(str(exc)):
            raise
        sys.exit(database_problem(exc))


if __name__ == "__main__":
    main()
