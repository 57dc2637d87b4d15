from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from mailer.services import queue_mail

pytestmark = pytest.mark.django_db


def test_send_queued_mail_sends_what_is_due_and_says_how_many():
    for name in ["Ana", "Ben"]:
        queue_mail(template="greeting", to=["x@example.org"], context={"name": name}, language="en")
    out = StringIO()
    call_command("send_queued_mail", stdout=out)
    assert out.getvalue().strip() == "sent 2, failed 0, skipped 0"
    assert sorted(m.subject for m in mail.outbox) == ["English: hello Ana", "English: hello Ben"]
    call_command("send_queued_mail", stdout=out)
    assert len(mail.outbox) == 2
