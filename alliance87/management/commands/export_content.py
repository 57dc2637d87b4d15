from django.core.management.base import BaseCommand

from alliance87.backup import CONTENT_APPS, export_content


class Command(BaseCommand):
    help = "Export all portal content (partners, pathfinders, action groups, events) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("output", help="File to write, e.g. backup.json")

    def handle(self, *args, output, **options):
        with open(output, "w", encoding="utf-8") as stream:
            export_content(stream)
        self.stdout.write(f"Exported {', '.join(CONTENT_APPS)} to {output}.")
