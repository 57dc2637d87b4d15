from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alliance87.services import load_demo_file

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "briefing_pack.json"


class Command(BaseCommand):
    help = (
        "Load the briefing pack of the 5th GCG meeting as demo content, once per database: "
        "later runs change nothing, so edits, renames and deletions stay as they are."
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
        if report.previous is not None:
            self.stdout.write(self._already(report.previous))
        else:
            summary = ", ".join(f"{count} {label}" for label, count in report.created.items())
            self.stdout.write(self.style.SUCCESS(f"Loaded demo content: {summary}."))

    def _already(self, previous) -> str:
        if previous.adopted:
            return (
                "This database already held content before demo loads were recorded; recorded "
                "it as loaded and changed nothing. To apply the corrections to the demo content, "
                "run: python manage.py upgrade_demo"
            )
        return f"Demo content already loaded on {previous.loaded_at:%Y-%m-%d}; nothing changed."
