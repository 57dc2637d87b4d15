"""purge_relay_messages: the record of who wrote to whom goes after the retention period."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from mailer.enums import OutboundStatus
from mailer.models import OutboundEmail
from relay.enums import ReportStatus
from relay.models import AbuseReport, ContactMessage
from tests.relay.helpers import post_message

pytestmark = pytest.mark.django_db


def age(days):
    then = timezone.now() - timedelta(days=days)
    ContactMessage.objects.filter(pk=ContactMessage.objects.latest("pk").pk).update(created_at=then)
    return ContactMessage.objects.latest("pk")


def test_old_records_and_their_mails_are_purged_open_reports_kept(
    settings, signed_in, recipient_org, recipients
):
    settings.RELAY_RETENTION_DAYS = 30
    post_message(signed_in, recipient_org, subject="old")
    old = age(31)
    post_message(signed_in, recipient_org, subject="reported")
    reported = age(40)
    AbuseReport.objects.create(message=reported, status=ReportStatus.OPEN)
    post_message(signed_in, recipient_org, subject="closed report")
    closed = age(40)
    AbuseReport.objects.create(message=closed, status=ReportStatus.CLOSED)
    post_message(signed_in, recipient_org, subject="recent")
    recent = age(29)
    OutboundEmail.objects.update(
        status=OutboundStatus.SENT,
        sent_at=timezone.now(),
        created_at=timezone.now() - timedelta(days=31),
    )

    out = StringIO()
    call_command("purge_relay_messages", stdout=out)
    assert out.getvalue().strip() == "deleted 2 message record(s)"
    remaining = set(ContactMessage.objects.values_list("pk", flat=True))
    assert remaining == {reported.pk, recent.pk}
    assert old.pk not in remaining and closed.pk not in remaining
    assert not OutboundEmail.objects.exists()  # the sent copies held text and addresses
