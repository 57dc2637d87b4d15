"""Daily (cron): e-mail the focal points of profiles not verified for PROFILE_STALE_DAYS.

Each focal point is reminded at most once every 30 days; the mails go through the outbox."""

from django.core.management.base import BaseCommand

from accounts.services import remind_stale_focal_points, stale_partners


class Command(BaseCommand):
    help = "E-mail the focal points of partner profiles not verified for a year (run daily)."

    def handle(self, *args, **options):
        sent = remind_stale_focal_points()
        stale = stale_partners().count()
        self.stdout.write(f"{stale} stale profiles; {sent} reminders queued.")
