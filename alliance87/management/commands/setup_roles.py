from django.core.management.base import BaseCommand

from common.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Create or refresh the back-office roles (Secretariat editor, Action group chair) with "
        "exactly their permissions. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"Role “{name}”: {count} permissions.")
