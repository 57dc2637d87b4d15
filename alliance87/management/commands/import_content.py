from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, transaction

from alliance87.backup import content_exists


class Command(BaseCommand):
    help = "Restore content exported by export_content into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("input", help="A file written by export_content")

    def handle(self, *args, input, **options):
        if content_exists():
            raise CommandError(
                "The database is not empty: restore into a freshly migrated database so that "
                "nothing is overwritten."
            )
        try:
            with transaction.atomic():
                call_command("loaddata", input, verbosity=0)
        except (DeserializationError, DatabaseError) as error:
            # One transaction: a broken file leaves the database as empty as it was.
            raise CommandError(
                f"{input} could not be restored, nothing was loaded: {error}"
            ) from error
        self.stdout.write(f"Restored content from {input}.")
