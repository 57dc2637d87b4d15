"""What each e-mail says, in the recipient's language, with a plain-text part; and the
invitation end to end through a real SMTP server (aiosmtpd)."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import ChangeRequest, FocalPoint
from mailer.models import OutboundEmail
from mailer.services import drain
from partners.models import Partner
from tests.accounts.factories import PASSWORD, FocalPointFactory
from tests.helpers import main_text

pytestmark = pytest.mark.django_db


def only_mail(template):
    [mail] = OutboundEmail.objects.filter(template=template)
    return mail


def test_the_invitation_mail_carries_a_working_one_time_link(client, secretariat, partner):
    secretariat.post(
        reverse("admin:accounts_invitation_add"),
        {"email": "fp@example.org", "partner": partner.pk, "country": "", "language": "es"},
    )
    mail = only_mail("accounts/invitation")
    assert mail.to == ["fp@example.org"] and mail.language == "es"
    assert (
        mail.subject
        == "Su invitación para mantener actualizada Walk Free (WF) en el portal de la Alianza 8.7"
    )
    assert "caduca" in mail.body_text  # Spanish
    assert "Walk Free" in mail.body_html
    link = re.search(r"http://testserver(/es/account/invitation/[^/\s]+/)", mail.body_text)[1]
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert FocalPoint.objects.get().user.email == "fp@example.org"


def test_an_invitation_arrives_through_smtp_and_its_link_makes_the_account(
    smtp_server, client, secretariat, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        secretariat.post(
            reverse("admin:accounts_invitation_add"),
            {"email": "fp@example.org", "partner": partner.pk, "country": "", "language": "en"},
        )
    drain()
    [message] = smtp_server.messages
    assert message["To"] == "fp@example.org"
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"http://testserver(/account/invitation/[^/\s]+/)", text)[1]
    assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    assert "You are a focal point of Walk Free" in main_text(
        client.get(reverse("accounts:dashboard"))
    )


def test_the_focal_point_is_told_when_the_request_is_approved(signed_in, secretariat_user, partner):
    request = services.submit_profile_change(
        signed_in_focal_point(partner), {"description": "New text"}
    )
    services.approve_request(request, secretariat_user, message="Thanks!")
    mail = only_mail("accounts/request_reviewed")
    assert mail.subject == "Your changes to Walk Free are published"
    assert "Approved and published" in mail.body_text and "Thanks!" in mail.body_text


def test_the_reply_is_in_the_submitters_language_not_the_reviewers(
    signed_in, secretariat_user, partner
):
    assert signed_in.post("/es/account/profile/", {"description": "Texto nuevo"}).status_code == 302
    request = ChangeRequest.objects.get()
    services.reject_request(request, secretariat_user, "Falta la fuente.")
    mail = only_mail("accounts/request_reviewed")
    assert mail.language == "es"
    assert "Rechazada" in mail.body_text and "Falta la fuente." in mail.body_text


def signed_in_focal_point(partner):
    return FocalPoint.objects.get(partner=partner)


def test_a_visitor_is_told_at_the_reply_address_when_rejected(secretariat_user, partner):
    request = ChangeRequest.objects.create(
        kind="correction",
        partner=partner,
        partner_name=partner.name,
        message="x",
        reply_email="visitor@example.net",
    )
    services.reject_request(request, secretariat_user, "<b>No source</b> given")
    mail = only_mail("accounts/request_reviewed")
    assert mail.to == ["visitor@example.net"]
    assert "Rejected" in mail.body_text
    assert "&lt;b&gt;No source&lt;/b&gt;" in mail.body_html  # escaped in HTML


def test_password_reset_goes_through_the_outbox(client, focal_point):
    response = client.post(reverse("account_reset_password"), {"email": focal_point.user.email})
    assert response.status_code == 302
    mail = only_mail("accounts/password_reset")
    assert "/account/password/reset/key/" in mail.body_text


def test_the_freshness_command_reminds_focal_points_of_stale_profiles_once(partner, capsys):
    fresh = Partner.objects.create(
        name="Fresh", slug="fresh", organisation_type="business", last_verified=timezone.localdate()
    )
    FocalPointFactory(partner=fresh)
    focal_point = FocalPointFactory(partner=partner)
    Partner.objects.filter(pk=partner.pk).update(last_verified="2024-01-01")
    call_command("remind_stale_profiles")
    assert "1 stale profiles; 1 reminders queued." in capsys.readouterr().out
    mail = only_mail("accounts/freshness_reminder")
    assert mail.to == [focal_point.user.email]
    assert mail.subject == "Is the profile of Walk Free still right?"
    call_command("remind_stale_profiles")  # the next day: not again
    assert OutboundEmail.objects.filter(template="accounts/freshness_reminder").count() == 1


@pytest.mark.parametrize(
    "template",
    [
        "accounts/invitation",
        "accounts/request_reviewed",
        "accounts/freshness_reminder",
        "accounts/password_reset",
        "accounts/email_confirmation",
    ],
)
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_mail_renders_in_each_language_with_both_parts(template, language):
    from mailer.services import render_mail

    context = {
        "organisation": "Walk Free",
        "url": "http://x/",
        "days": 7,
        "status": "S",
        "number": 1,
        "approved": True,
        "message": "m",
        "last_verified": "",
    }
    rendered = render_mail(template, context, language)
    assert (
        rendered["subject"]
        and "http://x/" in rendered["body_text"]
        or template.endswith("reviewed")
    )
    assert rendered["body_html"].strip().startswith("<p>")
