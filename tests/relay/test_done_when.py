"""Issue 17's "done when": a signed-in focal point contacts another organisation; the message
arrives through a real SMTP server with the sender as Reply-To and no address on any page."""

import re

import pytest

from mailer.services import drain
from relay.models import ContactMessage
from tests.relay.helpers import post_message, write_url

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def test_a_focal_point_contacts_another_organisation_through_smtp(
    smtp_server, signed_in, sender, recipient_org, recipients, django_capture_on_commit_callbacks
):
    pages = [
        signed_in.get(recipient_org.get_absolute_url()),
        signed_in.get(write_url(recipient_org)),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        sent = post_message(
            signed_in,
            recipient_org,
            subject="Child labour in supply chains",
            message="Could we compare our due diligence guides?\nBest, Ana",
            follow=True,
        )
    pages += [sent, signed_in.get("/fr" + recipient_org.get_absolute_url())]
    assert "Your message was sent to the focal points of Anti-Slavery International" in (
        sent.content.decode()
    )
    for page in pages:
        assert page.status_code == 200
        assert ADDRESS.findall(page.content.decode()) == []

    messages = smtp_server.messages
    assert sorted(rcpt for _, rcpt in smtp_server.envelopes) == [["fp1@asi.test"], ["fp2@asi.test"]]
    for message in messages:
        assert message["Reply-To"] == "ana.sender@walkfree.test"
        assert message["Subject"] == (
            "[Alliance 8.7] Message from Walk Free (WF): Child labour in supply chains"
        )
        assert "fp1@asi.test" not in message["To"] or "fp2@asi.test" not in message["To"]
        plain = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        html = message.get_body(("html",)).get_content()
        assert "Could we compare our due diligence guides?\nBest, Ana" in plain
        assert "Could we compare our due diligence guides?<br>Best, Ana" in html
        assert re.search(r"http://testserver/messages/report/\S+/", plain)
    assert ContactMessage.objects.get().recipient_count == 2
    assert drain() == {"sent": 0, "failed": 0, "skipped": 0}  # delivered once, nothing left
