"""The outbox in the back office: listed read-only; failed messages can be sent again."""

import pytest
from django.urls import reverse

from mailer.enums import OutboundStatus
from mailer.models import OutboundEmail
from mailer.services import queue_mail
from tests.helpers import text_of

pytestmark = pytest.mark.django_db


def queued(name, status=OutboundStatus.QUEUED):
    email = queue_mail(
        template="greeting", to=["x@example.org"], context={"name": name}, language="en"
    )
    OutboundEmail.objects.filter(pk=email.pk).update(status=status, last_error="boom")
    return email


def test_the_outbox_lists_messages_and_offers_no_add_or_edit(admin_client):
    email = queued("Ana", OutboundStatus.FAILED)
    page = admin_client.get(reverse("admin:mailer_outboundemail_changelist"))
    assert page.status_code == 200
    assert "English: hello Ana" in text_of(page)
    assert admin_client.get(reverse("admin:mailer_outboundemail_add")).status_code == 403
    detail = admin_client.get(reverse("admin:mailer_outboundemail_change", args=[email.pk]))
    assert detail.status_code == 200
    assert b'name="subject"' not in detail.content  # shown, not editable
    assert "Hello Ana" not in text_of(detail)  # the text (one-time links) is never shown
    response = admin_client.post(
        reverse("admin:mailer_outboundemail_change", args=[email.pk]), {"subject": "changed"}
    )
    assert response.status_code == 403
    email.refresh_from_db()
    assert email.subject == "English: hello Ana"


def test_the_retry_action_queues_failed_messages_again(admin_client):
    failed = queued("Ana", OutboundStatus.FAILED)
    response = admin_client.post(
        reverse("admin:mailer_outboundemail_changelist"),
        {"action": "retry_selected", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "1 message queued again" in text_of(response)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (OutboundStatus.QUEUED, 0)
