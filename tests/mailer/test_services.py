"""queue_mail: rendered in the recipient's language, stored with the caller's transaction, sent
after the commit without ever breaking the caller; retries back off and give up."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from mailer.enums import OutboundStatus
from mailer.models import OutboundEmail
from mailer.services import drain, queue_mail, retry, retry_delay

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down: every send raises, as smtplib does."""

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def greet(name="Ana", note="Thanks", language="en", **kwargs):
    return queue_mail(
        template="greeting",
        to=["someone@example.org"],
        context={"name": name, "note": note},
        language=language,
        **kwargs,
    )


def test_a_queued_mail_is_sent_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = greet(reply_to=["writer@example.org"])
        assert mail.outbox == []  # nothing leaves before the commit
    email.refresh_from_db()
    assert email.status == OutboundStatus.SENT
    assert email.sent_at is not None
    assert email.attempts == 1
    [sent] = mail.outbox
    assert sent.to == ["someone@example.org"]
    assert sent.reply_to == ["writer@example.org"]
    assert sent.subject == "English: hello Ana"
    assert "Hello Ana," in sent.body
    [(html, mimetype)] = sent.alternatives
    assert mimetype == "text/html"
    assert "<p>Hello Ana,</p>" in html
    assert sent.extra_headers["Message-ID"] == email.headers["Message-ID"]


def test_a_rolled_back_transaction_sends_nothing_and_keeps_nothing(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                greet()
                raise RuntimeError("the caller failed after queueing")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize("language,word", [("en", "English"), ("fr", "Anglais"), ("es", "Inglés")])
def test_the_mail_is_rendered_in_the_recipients_language(language, word):
    email = greet(language=language)
    assert email.subject == f"{word}: hello Ana"
    assert email.body_text.startswith(word)
    assert email.language == language


def test_html_in_values_is_escaped_in_the_html_part_only():
    email = greet(name="O'Brien <b>", note="<script>alert(1)</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in email.body_html
    assert "<script>" not in email.body_html
    # The plain-text part shows what was written, not HTML entities.
    assert "Hello O'Brien <b>," in email.body_text
    assert "<script>alert(1)</script>" in email.body_text


def test_a_newline_in_a_value_cannot_add_a_header():
    email = greet(name="Ana\nBcc: victim@example.org")
    assert "\n" not in email.subject
    assert email.subject == "English: hello Ana Bcc: victim@example.org"


def test_no_recipient_is_refused():
    with pytest.raises(ValueError, match="recipient"):
        queue_mail(template="greeting", to=[], context={}, language="en")


def test_an_smtp_outage_never_reaches_the_caller_and_the_mail_stays_queued(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        email = greet()
    email.refresh_from_db()
    assert email.status == OutboundStatus.QUEUED
    assert email.attempts == 1
    assert "Connection refused" in email.last_error
    assert email.next_attempt_at >= before + timedelta(seconds=settings.MAILER_RETRY_BASE_SECONDS)


def test_retries_back_off_exponentially_up_to_a_cap(settings):
    settings.MAILER_RETRY_BASE_SECONDS = 60
    settings.MAILER_RETRY_MAX_SECONDS = 3600
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(20).total_seconds() == 3600


def test_the_drain_gives_up_after_max_attempts_and_retry_requeues(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.MAILER_MAX_ATTEMPTS = 3
    settings.MAILER_RETRY_BASE_SECONDS = 0
    email = greet()
    results = [drain() for _ in range(4)]
    assert [r["failed"] for r in results] == [1, 1, 1, 0]  # the 4th pass finds nothing due
    email.refresh_from_db()
    assert email.status == OutboundStatus.FAILED
    assert email.attempts == 3

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry(OutboundEmail.objects.all()) == 1
    assert drain() == {"sent": 1, "failed": 0, "skipped": 0}
    email.refresh_from_db()
    assert email.status == OutboundStatus.SENT
    assert len(mail.outbox) == 1


def test_the_drain_leaves_messages_not_yet_due():
    email = greet()
    OutboundEmail.objects.filter(pk=email.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    assert drain() == {"sent": 0, "failed": 0, "skipped": 0}
    assert mail.outbox == []


def test_a_sent_message_is_never_sent_again():
    greet()
    assert drain()["sent"] == 1
    assert drain()["sent"] == 0
    assert len(mail.outbox) == 1


def test_a_sent_mail_keeps_no_text_and_is_forgotten_after_the_keep_period(settings):
    from mailer.services import purge_sent

    email = greet(note="one-time link https://portal.test/account/invitation/secret/")
    drain()
    email.refresh_from_db()
    assert (email.status, email.body_text, email.body_html) == (OutboundStatus.SENT, "", "")
    assert "secret" in mail.outbox[0].body  # it was sent in full
    settings.MAILER_KEEP_SENT_DAYS = 90
    assert purge_sent(now=timezone.now() + timedelta(days=89)) == 0
    assert purge_sent(now=timezone.now() + timedelta(days=91)) == 1
    assert not OutboundEmail.objects.exists()


def test_after_a_failed_immediate_attempt_requests_leave_mail_to_the_drain(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        first = greet()
        second = greet()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attempts, second.attempts) == (1, 0)  # one wait, not one per mail
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert drain()["sent"] == 1  # the second, due at once; the first waits for its back-off
    second.refresh_from_db()
    assert second.status == OutboundStatus.SENT
