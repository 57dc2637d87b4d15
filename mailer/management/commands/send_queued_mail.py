"""Send the outbox: run every minute by cron or in a loop by a worker (see README)."""

import time

from django.core.management.base import BaseCommand

from mailer.services import drain, purge_sent


class Command(BaseCommand):
    help = "Send queued e-mails that are due, with exponential back-off on failures."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="At most this many per pass.")
        parser.add_argument(
            "--loop",
            type=float,
            default=0,
            metavar="SECONDS",
            help="Keep draining, pausing this long between passes (a worker instead of cron).",
        )

    def handle(self, *args, limit=None, loop=0, **options):
        while True:
            purge_sent()
            counts = drain(limit)
            if options["verbosity"] >= 1 and (counts["sent"] or counts["failed"] or not loop):
                self.stdout.write(
                    "sent {sent}, failed {failed}, skipped {skipped}".format(**counts)
                )
            if not loop:
                return
            time.sleep(loop)
