"""Through a real SMTP server (aiosmtpd on a local port): what arrives, and an outage that loses
nothing and sends nothing twice."""

import threading

import pytest
from django.db import connection, transaction

from mailer.enums import OutboundStatus
from mailer.models import OutboundEmail
from mailer.services import drain, queue_mail, send_one


def greet(name):
    return queue_mail(
        template="greeting",
        to=["focal.point@example.org"],
        context={"name": name, "note": "Fine"},
        language="fr",
        reply_to=["writer@example.net"],
    )


@pytest.mark.django_db
def test_a_mail_arrives_through_smtp_with_its_headers_and_both_parts(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "Alliance 8.7 <noreply@portal.test>"
    with django_capture_on_commit_callbacks(execute=True):
        email = greet("Ana")
    [message] = smtp_server.messages
    assert smtp_server.envelopes == [("noreply@portal.test", ["focal.point@example.org"])]
    assert message["To"] == "focal.point@example.org"
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Alliance 8.7", "noreply@portal.test")
    assert message["Reply-To"] == "writer@example.net"
    assert message["Subject"] == "Anglais: hello Ana"
    assert message["Message-ID"] == email.headers["Message-ID"]
    assert "Hello Ana," in message.get_body(("plain",)).get_content()
    assert "<p>Hello Ana,</p>" in message.get_body(("html",)).get_content()
    email.refresh_from_db()
    assert email.status == OutboundStatus.SENT


@pytest.mark.django_db
def test_an_smtp_outage_loses_nothing_and_delivers_once_when_the_server_is_back(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.MAILER_RETRY_BASE_SECONDS = 0  # due again at once, so the test need not wait
    with django_capture_on_commit_callbacks(execute=True):
        greet("before")
    assert len(smtp_server.messages) == 1

    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        waiting = greet("during")  # the request that queues it is not broken
    assert drain() == {"sent": 0, "failed": 1, "skipped": 0}
    waiting.refresh_from_db()
    assert waiting.status == OutboundStatus.QUEUED
    assert waiting.attempts == 2
    assert "refused" in waiting.last_error.lower()

    smtp_server.start()
    assert drain() == {"sent": 1, "failed": 0, "skipped": 0}
    assert drain() == {"sent": 0, "failed": 0, "skipped": 0}
    subjects = [message["Subject"] for message in smtp_server.messages]
    assert subjects == ["Anglais: hello before", "Anglais: hello during"]
    waiting.refresh_from_db()
    assert waiting.status == OutboundStatus.SENT
    assert waiting.attempts == 3


@pytest.mark.django_db(transaction=True)
def test_a_row_held_by_one_drain_is_skipped_by_another(smtp_server, settings):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; SQLite runs one writer at a time anyway")
    settings.MAILER_SEND_ON_COMMIT = False  # autocommit here: no immediate attempt wanted
    email = greet("locked")
    held, release = threading.Event(), threading.Event()

    def first_drain():
        with transaction.atomic():
            OutboundEmail.objects.select_for_update().get(pk=email.pk)
            held.set()
            release.wait(10)
        connection.close()

    worker = threading.Thread(target=first_drain)
    worker.start()
    try:
        assert held.wait(10)
        assert send_one(email.pk) is None  # skipped, not waited for, not sent
        assert smtp_server.messages == []
    finally:
        release.set()
        worker.join()
    assert send_one(email.pk) is True
    assert send_one(email.pk) is None
    assert len(smtp_server.messages) == 1
