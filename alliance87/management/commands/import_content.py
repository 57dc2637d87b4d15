from django.core.management.base import BaseCommand, CommandError

from alliance87.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore an archive written by export_content into a freshly migrated database."

    def add_arguments(self, parser):
        parser.add_argument("input", help="An archive written by export_content")

    def handle(self, *args, input, **options):
        try:
            manifest = restore_backup(input)
        except BackupError as error:
            # One transaction: a damaged archive leaves the database as it was.
            raise CommandError(f"{input} was not restored, nothing was loaded: {error}.") from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {rows} rows and {len(manifest['files'])} files from {input}.")
