"""Writing to another organisation from its page: who may, what the page shows, what is
refused, and that nobody's address ever appears on a page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from mailer.models import OutboundEmail
from relay.models import ContactMessage, ContactOptOut
from tests.accounts.factories import FocalPointFactory, UserFactory
from tests.factories import PartnerFactory
from tests.helpers import main_text, text_of
from tests.relay.conftest import login
from tests.relay.helpers import post_message, write_url

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def addresses_in(response):
    return set(ADDRESS.findall(response.content.decode()))


def test_an_anonymous_visitor_sees_only_a_sign_in_hint(client, recipient_org, recipients):
    page = client.get(recipient_org.get_absolute_url())
    text = main_text(page)
    assert "Sign in to send a message" in text
    assert 'name="message"' not in page.content.decode()
    assert addresses_in(page) == set()
    login_link = f"{reverse('account_login')}?next=%2Fpartners%2Fanti-slavery%2F"
    assert login_link in page.content.decode()


def test_a_signed_in_focal_point_gets_the_form_and_no_address(signed_in, recipient_org, recipients):
    page = signed_in.get(recipient_org.get_absolute_url())
    html = page.content.decode()
    assert 'name="message"' in html and 'name="csrfmiddlewaretoken"' in html
    assert "You can send 10 more messages today." in main_text(page)
    assert addresses_in(page) == set()


def test_sending_records_the_message_and_mails_each_focal_point_privately(
    signed_in, sender, recipient_org, recipients, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_message(signed_in, recipient_org, follow=True)
    assert response.redirect_chain[-1][0] == recipient_org.get_absolute_url()
    assert "Your message was sent to the focal points of Anti-Slavery International" in text_of(
        response
    )
    assert addresses_in(response) == set()
    record = ContactMessage.objects.get()
    assert (record.sender, record.recipient, record.recipient_count) == (
        sender.user,
        recipient_org,
        2,
    )
    assert record.sender_organisation == "Walk Free (WF)"
    # One mail per focal point: no recipient sees the other's address.
    assert sorted(m.to for m in mail.outbox) == [["fp1@asi.test"], ["fp2@asi.test"]]
    for sent in mail.outbox:
        assert sent.reply_to == ["ana.sender@walkfree.test"]
        assert sent.subject == "[Alliance 8.7] Message from Walk Free (WF): Working together"
        assert "Shall we talk?" in sent.body
        assert "From: Ana Sender" in sent.body
        assert "/messages/report/" in sent.body
    # The two report links differ: each names its reader.
    links = {re.search(r"/messages/report/\S+", m.body).group() for m in mail.outbox}
    assert len(links) == 2


def test_the_mail_is_in_the_language_of_the_page_it_was_sent_from(
    signed_in, recipient_org, recipients
):
    signed_in.post(
        "/fr" + write_url(recipient_org), {"subject": "Bonjour", "message": "Travaillons ensemble"}
    )
    email = OutboundEmail.objects.first()
    assert email.language == "fr"
    assert email.subject == "[Alliance 8.7] Message de Walk Free (WF) : Bonjour"
    assert "Signaler" in email.body_html


def test_html_in_a_message_is_escaped_in_the_html_part(signed_in, recipient_org, recipients):
    post_message(
        signed_in, recipient_org, subject="<b>Hi</b>", message='<script>alert("x")</script>'
    )
    email = OutboundEmail.objects.first()
    assert "<script>" not in email.body_html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in email.body_html
    assert "&lt;b&gt;Hi&lt;/b&gt;" in email.body_html
    assert '<script>alert("x")</script>' in email.body_text  # plain text shows what was written


def test_ten_thousand_characters_give_a_clear_form_error_and_send_nothing(
    signed_in, recipient_org, recipients
):
    response = post_message(signed_in, recipient_org, message="x" * 10_000)
    assert response.status_code == 400
    assert "Ensure this value has at most 5000 characters (it has 10000)." in main_text(response)
    assert not ContactMessage.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_an_empty_message_is_refused_with_a_message(signed_in, recipient_org, recipients):
    response = post_message(signed_in, recipient_org, subject=" ", message="")
    assert response.status_code == 400
    assert "This field is required." in main_text(response)
    assert not ContactMessage.objects.exists()


def test_the_daily_limit_per_sender_is_kept(settings, signed_in, recipient_org, recipients):
    settings.RELAY_DAILY_LIMIT = 2
    assert [post_message(signed_in, recipient_org).status_code for _ in range(2)] == [302, 302]
    refused = post_message(signed_in, recipient_org)
    assert refused.status_code == 403
    assert "You have sent 2 messages in the last 24 hours, the most allowed." in main_text(refused)
    assert ContactMessage.objects.count() == 2
    assert OutboundEmail.objects.count() == 4
    page = signed_in.get(recipient_org.get_absolute_url())
    assert "You have reached today's limit of messages." in main_text(page)
    assert 'name="message"' not in page.content.decode()


def test_an_organisation_that_opted_out_receives_nothing(
    client, sender, signed_in, recipient_org, recipients
):
    own = login(client.__class__(), recipients[0].user)
    page = own.get(recipient_org.get_absolute_url())
    assert "Your organisation receives messages from other partners" in main_text(page)
    response = own.post(reverse("relay:receiving", args=[recipient_org.slug]), follow=True)
    assert "no longer receives messages" in text_of(response)
    assert ContactOptOut.objects.filter(partner=recipient_org).exists()

    page = signed_in.get(recipient_org.get_absolute_url())
    assert "This organisation does not receive messages through the portal." in main_text(page)
    refused = post_message(signed_in, recipient_org)
    assert refused.status_code == 403
    assert not OutboundEmail.objects.exists()

    own.post(reverse("relay:receiving", args=[recipient_org.slug]), {"receive": "on"})
    assert not ContactOptOut.objects.exists()
    assert post_message(signed_in, recipient_org).status_code == 302


def test_only_the_organisations_own_focal_points_change_its_opt_out(
    signed_in, recipient_org, recipients
):
    response = signed_in.post(reverse("relay:receiving", args=[recipient_org.slug]))
    assert response.status_code == 404
    assert not ContactOptOut.objects.exists()


def test_the_secretariat_sets_an_opt_out_in_the_back_office(
    secretariat_client, signed_in, recipient_org, recipients
):
    response = secretariat_client.post(
        reverse("admin:relay_contactoptout_add"), {"partner": recipient_org.pk}
    )
    assert response.status_code == 302
    assert ContactOptOut.objects.get().partner == recipient_org
    assert post_message(signed_in, recipient_org).status_code == 403


def test_visitors_and_other_accounts_cannot_send(client, recipient_org, recipients):
    response = post_message(client, recipient_org)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    plain = login(client, UserFactory())
    refused = post_message(plain, recipient_org)
    assert refused.status_code == 403
    assert "Only the focal points of partner organisations can send messages." in main_text(refused)
    assert not ContactMessage.objects.exists()


def test_writing_to_ones_own_organisation_or_one_without_focal_points_is_refused(
    signed_in, sender_org
):
    assert post_message(signed_in, sender_org).status_code == 403
    lonely = PartnerFactory(name="No Focal Point Org")
    page = signed_in.get(lonely.get_absolute_url())
    assert "This organisation has no focal point on the portal yet." in main_text(page)
    refused = post_message(signed_in, lonely)
    assert refused.status_code == 403
    assert not ContactMessage.objects.exists()


def test_a_pathfinder_focal_point_may_write_too(client, recipient_org, recipients):
    from tests.pathfinders.factories import PathfinderCountryFactory

    country_fp = FocalPointFactory(country=PathfinderCountryFactory())
    response = post_message(login(client, country_fp.user), recipient_org)
    assert response.status_code == 302
    assert ContactMessage.objects.get().sender_organisation == str(country_fp.country)


def test_an_unknown_organisation_is_a_404(signed_in):
    response = signed_in.post("/messages/to/no-such-org/", {"subject": "a", "message": "b"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "prefix,claim",
    [
        ("", "keeps a record of who wrote to whom, and when, for 180 days."),
        ("/fr", "garde une trace de qui a écrit à qui, et quand, pendant 180 jours."),
        ("/es", "guarda un registro de quién escribió a quién, y cuándo, durante 180 días."),
    ],
)
def test_the_privacy_page_states_the_retention_period(client, prefix, claim):
    assert claim in main_text(client.get(prefix + reverse("privacy")))
