"""Sending e-mail through the outbox.

`queue_mail()` renders a message from `templates/email/<template>/` (subject.txt, body.txt,
body.html) in the recipient's language and stores it as an `OutboundEmail` row in the caller's
transaction: if the caller rolls back, no mail leaves; if it commits, the mail is on record
before anyone tries SMTP. After the commit one attempt is made right away (`on_commit`), which
never raises into the request; whatever is still queued (SMTP down, process killed) is sent by
`manage.py send_queued_mail`, run by cron or a worker, with exponential back-off and a give-up
after `MAILER_MAX_ATTEMPTS`.

Two drains never send the same row: each row is sent inside its own transaction that holds
`SELECT ... FOR UPDATE SKIP LOCKED` on it (PostgreSQL), so a second drain skips it, and the row
is marked sent in that same transaction. A crash between the SMTP server accepting a message and
the commit can send it again (at-least-once); the fixed Message-ID lets mail software spot that.
"""

import logging
from datetime import timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .enums import OutboundStatus
from .models import OutboundEmail

logger = logging.getLogger(__name__)

ERROR_LIMIT = 2000


def _render_plain(name: str, context: dict) -> str:
    # Plain text is not HTML: no entity escaping ("O'Brien" must not become "O&#x27;Brien").
    template = get_template(name).template
    return template.render(Context(context, autoescape=False))


def render_mail(template: str, context: dict, language: str) -> dict:
    """Subject, text and HTML of a mail template, in `language`."""
    base = f"email/{template}/"
    with translation.override(language):
        subject = _render_plain(base + "subject.txt", context)
        body_text = _render_plain(base + "body.txt", context)
        body_html = render_to_string(base + "body.html", context)
    # A header is one line: a newline from a template or a value must never start a new header.
    subject = " ".join(subject.split())[:255]
    return {"subject": subject, "body_text": body_text, "body_html": body_html}


def queue_mail(
    *,
    template: str,
    to: list[str],
    context: dict,
    language: str,
    reply_to: list[str] | None = None,
) -> OutboundEmail:
    """Render and store a message; it is sent once the caller's transaction commits."""
    if not to:
        raise ValueError("queue_mail needs at least one recipient")
    rendered = render_mail(template, context, language)
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or None
    email = OutboundEmail.objects.create(
        template=template,
        language=language,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to or []),
        headers={"Message-ID": make_msgid(domain=domain)},
        **rendered,
    )
    if settings.MAILER_SEND_ON_COMMIT:
        transaction.on_commit(lambda: try_send_now(email.pk))
    return email


SMTP_DOWN_KEY = "mailer:smtp-down"


def try_send_now(pk: int) -> None:
    """The first attempt, right after the commit; a failure stays queued for the drain.

    After a failed attempt, requests skip theirs for MAILER_PAUSE_AFTER_FAILURE seconds: an SMTP
    server that times out costs one request one EMAIL_TIMEOUT, not every request (or every
    recipient of one request) the same wait.
    """
    if cache.get(SMTP_DOWN_KEY):
        return
    try:
        sent = send_one(pk)
    except Exception:  # noqa: BLE001 -- mail must never break the request that queued it
        logger.exception("mailer: immediate send of outbound e-mail %s failed", pk)
        sent = False
    if sent is False:
        cache.set(SMTP_DOWN_KEY, True, settings.MAILER_PAUSE_AFTER_FAILURE)


def build_message(email: OutboundEmail, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=email.from_email,
        to=email.to,
        reply_to=email.reply_to or None,
        headers=email.headers,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off: base, 2 x base, 4 x base ... capped."""
    seconds = settings.MAILER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.MAILER_RETRY_MAX_SECONDS))


def _record_failure(email: OutboundEmail, error: Exception) -> None:
    email.attempts += 1
    email.last_error = f"{type(error).__name__}: {error}"[:ERROR_LIMIT]
    if email.attempts >= settings.MAILER_MAX_ATTEMPTS:
        email.status = OutboundStatus.FAILED
        logger.error("mailer: gave up on outbound e-mail %s: %s", email.pk, email.last_error)
    else:
        email.next_attempt_at = timezone.now() + retry_delay(email.attempts)
        logger.warning("mailer: outbound e-mail %s will be retried: %s", email.pk, email.last_error)
    email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def send_one(pk: int, connection=None) -> bool | None:
    """Send one queued row if it is due and nobody else holds it.

    True: sent; False: failed (kept queued or given up); None: not ours to send (already sent,
    not due yet, or locked by another drain).
    """
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True).due().filter(pk=pk).first()
        )
        if email is None:
            return None
        try:
            build_message(email, connection or get_connection()).send()
        except Exception as error:  # noqa: BLE001 -- any transport error is recorded, not raised
            _record_failure(email, error)
            return False
        email.status = OutboundStatus.SENT
        email.sent_at = timezone.now()
        email.attempts += 1
        email.last_error = ""
        # A sent mail's text is not kept: invitations and password resets carry one-time links
        # that nobody, not even the back office, should read afterwards.
        email.body_text = email.body_html = ""
        email.save(
            update_fields=["status", "sent_at", "attempts", "last_error", "body_text", "body_html"]
        )
        return True


def drain(limit: int | None = None) -> dict[str, int]:
    """Send every due message (up to `limit`); returns counts of sent, failed and skipped."""
    limit = limit or settings.MAILER_DRAIN_BATCH
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    # The ids are read without locks; send_one locks each row and re-checks it is still due.
    ids = list(OutboundEmail.objects.due().values_list("pk", flat=True)[:limit])
    connection = get_connection()
    for pk in ids:
        result = send_one(pk, connection)
        counts[{True: "sent", False: "failed", None: "skipped"}[result]] += 1
    return counts


def purge_sent(now=None) -> int:
    """Forget sent mails older than MAILER_KEEP_SENT_DAYS (who was mailed what, and when)."""
    before = (now or timezone.now()) - timedelta(days=settings.MAILER_KEEP_SENT_DAYS)
    deleted, _counts = OutboundEmail.objects.filter(
        status=OutboundStatus.SENT, sent_at__lt=before
    ).delete()
    return deleted


def retry(queryset) -> int:
    """Put failed or waiting messages back in line for the next drain (admin action)."""
    return queryset.exclude(status=OutboundStatus.SENT).update(
        status=OutboundStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
