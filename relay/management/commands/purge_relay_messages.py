"""Delete the record of messages between partners older than RELAY_RETENTION_DAYS (daily cron)."""

from django.core.management.base import BaseCommand

from relay.services import purge_expired


class Command(BaseCommand):
    help = "Delete relayed messages older than RELAY_RETENTION_DAYS (kept while a report is open)."

    def handle(self, *args, **options):
        deleted = purge_expired()
        self.stdout.write(f"deleted {deleted} message record(s)")
