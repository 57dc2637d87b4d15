"""`make admin`: a back-office superuser, asked for at a terminal or taken from the environment.

Django's createsuperuser prints "skipped" and succeeds when it has no terminal, and with
--noinput it does not check the password at all; here a script gets the same password rules as
a person (12 characters at least, not common, not all digits) and a non-zero exit on failure.
"""

import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

VARIABLES = ("DJANGO_SUPERUSER_USERNAME", "DJANGO_SUPERUSER_EMAIL", "DJANGO_SUPERUSER_PASSWORD")


class Command(BaseCommand):
    help = (
        "Create a superuser: interactively at a terminal, otherwise from "
        "DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL and DJANGO_SUPERUSER_PASSWORD."
    )

    def handle(self, *args, **options):
        given = {name: os.environ.get(name, "").strip() for name in VARIABLES}
        if not any(given.values()) and sys.stdin.isatty():
            call_command("createsuperuser")
            return
        missing = [name for name, value in given.items() if not value]
        if missing:
            raise CommandError(
                f"No terminal to ask at: set {', '.join(missing)} (e.g. "
                "DJANGO_SUPERUSER_USERNAME=admin DJANGO_SUPERUSER_EMAIL=you@example.org "
                "DJANGO_SUPERUSER_PASSWORD=… make admin)."
            )
        username, email, password = (given[name] for name in VARIABLES)
        user_model = get_user_model()
        if user_model._default_manager.filter(username=username).exists():
            raise CommandError(f"An account named {username!r} already exists; nothing changed.")
        try:
            validate_password(password, user_model(username=username, email=email))
        except ValidationError as error:
            raise CommandError("The password was refused: " + " ".join(error.messages)) from None
        user_model._default_manager.create_superuser(username, email, password)
        self.stdout.write(f"Superuser {username!r} created; log in at /admin/.")
