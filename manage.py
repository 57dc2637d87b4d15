#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings.dev")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as exc:
        # An unreachable database deserves one readable line, not a traceback wall.
        sys.exit(f"alliance87: the database is not reachable ({exc}). Check DATABASE_URL.")


if __name__ == "__main__":
    main()
