from django.core.management.base import BaseCommand

from alliance87.demo_upgrade import upgrade_demo


class Command(BaseCommand):
    help = (
        "Apply the corrections to the briefing pack's demo content (issue 13) to a database "
        "loaded with the earlier demo content. Only records that still hold the old demo value "
        "are changed; anything the Secretariat edited is left alone and listed."
    )

    def handle(self, *args, **options):
        report = upgrade_demo()
        if report.status == "no_demo":
            self.stdout.write("No demo content in this database; nothing to upgrade.")
            return
        if report.status == "current":
            self.stdout.write("The demo content already has every correction; nothing changed.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Applied {report.applied} corrections and translations to the demo content."
            )
        )
        if report.left_alone:
            self.stdout.write(f"Left alone ({len(report.left_alone)}):")
            for line in report.left_alone:
                self.stdout.write(f"  - {line}")
