from django.core.management.base import BaseCommand, CommandError

from alliance87.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Back up everything the portal holds (accounts, content, history and uploaded files) "
        "as one .tar.gz archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="Archive to write, e.g. backup.tar.gz")

    def handle(self, *args, output, **options):
        try:
            manifest = write_backup(output)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup written to {output}: {error}") from None
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Backed up {rows} rows and {len(manifest['files'])} files to {output}.")
