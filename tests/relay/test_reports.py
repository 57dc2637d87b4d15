"""The "report abuse" link in each relayed mail: signed, records one report per reader, and the
Secretariat sees it in the back office."""

import re

import pytest
from django.urls import reverse

from mailer.models import OutboundEmail
from relay.enums import ReportStatus
from relay.models import AbuseReport
from tests.helpers import main_text, text_of
from tests.relay.helpers import post_message

pytestmark = pytest.mark.django_db


def report_path(email):
    return re.search(r"http://testserver(/messages/report/\S+/)", email.body_text).group(1)


@pytest.fixture
def mailed(signed_in, recipient_org, recipients):
    post_message(signed_in, recipient_org, subject="Offer", message="Buy cheap watches")
    signed_in.logout()
    return {email.to[0]: email for email in OutboundEmail.objects.all()}


def test_following_the_link_asks_first_and_posting_records_a_report(client, mailed, recipients):
    path = report_path(mailed["fp1@asi.test"])
    page = client.get(path)
    assert page.status_code == 200
    assert "You are reporting the message “Offer” sent by a focal point of Walk Free" in main_text(
        page
    )
    assert not AbuseReport.objects.exists()  # a link scanner's GET records nothing

    done = client.post(path, {"note": "spam"})
    assert "The Secretariat has your report" in main_text(done)
    report = AbuseReport.objects.get()
    assert (report.reporter, report.note, report.status) == (
        recipients[0].user,
        "spam",
        ReportStatus.OPEN,
    )
    client.post(path, {"note": "again"})
    assert AbuseReport.objects.count() == 1  # once per reader


def test_a_forged_or_altered_link_is_refused_clearly(client, mailed):
    path = report_path(mailed["fp1@asi.test"])
    for bad in [path[:-3] + "xx/", "/messages/report/not-a-token/"]:
        response = client.post(bad, {"note": "x"})
        assert response.status_code == 404
        assert "The report link is incomplete, has expired" in main_text(response)
    assert not AbuseReport.objects.exists()


def test_an_expired_link_is_refused(client, mailed, settings):
    settings.RELAY_RETENTION_DAYS = 0
    response = client.post(report_path(mailed["fp1@asi.test"]), {"note": "x"})
    assert response.status_code == 404
    assert not AbuseReport.objects.exists()


def test_a_note_too_long_is_a_form_error(client, mailed):
    response = client.post(report_path(mailed["fp1@asi.test"]), {"note": "x" * 10_000})
    assert response.status_code == 400
    assert "at most 2000 characters" in main_text(response)
    assert not AbuseReport.objects.exists()


def test_the_secretariat_sees_the_report_with_the_message_and_closes_it(
    client, mailed, secretariat_client
):
    client.post(report_path(mailed["fp2@asi.test"]), {"note": "unsolicited"})
    report = AbuseReport.objects.get()
    listing = secretariat_client.get(reverse("admin:relay_abusereport_changelist"))
    assert listing.status_code == 200
    assert "Walk Free (WF) → Anti-Slavery International (ASI): Offer" in text_of(listing)
    detail = secretariat_client.get(reverse("admin:relay_abusereport_change", args=[report.pk]))
    assert "Buy cheap watches" in text_of(detail)
    assert "ana.sender@walkfree.test" in text_of(detail)  # the Secretariat may see addresses
    secretariat_client.post(
        reverse("admin:relay_abusereport_changelist"),
        {"action": "close_reports", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED


def test_the_secretariat_sees_who_wrote_to_whom(mailed, secretariat_client):
    listing = secretariat_client.get(reverse("admin:relay_contactmessage_changelist"))
    assert listing.status_code == 200
    assert "Walk Free (WF)" in text_of(listing)
    assert "Anti-Slavery International (ASI)" in text_of(listing)
