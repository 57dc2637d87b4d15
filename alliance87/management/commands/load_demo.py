from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alliance87.services import load_demo_file

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "briefing_pack.json"


class Command(BaseCommand):
    help = (
        "Load the briefing pack of the 5th GCG meeting as demo content. Idempotent: existing "
        "records are never changed or duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE)

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"No demo content at {file}.")
        try:
            report = load_demo_file(file)
        except (ValueError, KeyError) as exc:
            raise CommandError(f"{file} is not valid demo content: {exc!r}") from exc
        if report.total == 0:
            self.stdout.write("Demo content already loaded; nothing changed.")
        else:
            summary = ", ".join(f"{count} {label}" for label, count in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Loaded demo content: {summary}."))
