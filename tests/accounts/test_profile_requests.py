"""Moderated profile changes: proposed by a focal point, public only once approved, undoable."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from accounts import services
from accounts.enums import RequestKind, RequestStatus
from accounts.models import ChangeRequest
from partners.models import Partner
from tests.backoffice.helpers import change_form_data
from tests.helpers import main_text

pytestmark = pytest.mark.django_db
PROFILE = reverse("accounts:profile")


def profile_data(partner, **changes):
    data = {
        "description": partner.description,
        "themes": list(partner.themes.values_list("slug", flat=True)),
        "countries": [str(c.country) for c in partner.countries_of_work.all()],
        "website": partner.website,
        "contact_url": partner.contact_url,
    }
    data.update(changes)
    return data


def png_upload():
    output = BytesIO()
    Image.new("RGB", (40, 20), "red").save(output, format="PNG")
    return SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png")


def test_a_proposal_waits_for_the_secretariat_and_the_public_page_does_not_change(
    signed_in, partner, themes
):
    response = signed_in.post(
        PROFILE,
        profile_data(partner, description="Now also in Chile.", themes=[themes[1].slug]),
    )
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    assert request.kind == RequestKind.PROFILE_UPDATE and request.is_pending
    assert request.proposed == {
        "description": "Now also in Chile.",
        "themes": [themes[1].slug],
        "_language": "en",
    }
    public = main_text(signed_in.get(partner.get_absolute_url()))
    assert "Now also in Chile." not in public
    partner.refresh_from_db()
    assert partner.description == "Works on Target 8.7."
    dashboard = main_text(signed_in.get(reverse("accounts:dashboard")))
    assert "Waiting for the Secretariat" in dashboard


def test_a_proposal_remembers_the_language_it_was_written_in(signed_in, partner):
    """With translated descriptions the approval must write the column of that language."""
    signed_in.post("/fr/account/profile/", profile_data(partner, description="Texte en français"))
    request = ChangeRequest.objects.get()
    assert request.proposed["_language"] == "fr"
    assert services.request_language(request) == "fr"
    assert services.proposed_fields(request) == {"description": "Texte en français"}


def test_nothing_changed_is_refused_with_a_message(signed_in, partner):
    response = signed_in.post(PROFILE, profile_data(partner))
    assert response.status_code == 400
    assert "Nothing differs from the public profile." in main_text(response)
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "x" * 10_000, "at most 5000 characters"),
        ("description", "<script>alert(1)</script>", "HTML tags"),
        ("website", "javascript:alert(1)", "Enter a valid URL"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(signed_in, partner, field, value, message):
    response = signed_in.post(PROFILE, profile_data(partner, **{field: value}))
    assert response.status_code == 400
    assert message in main_text(response)
    assert not ChangeRequest.objects.exists()


def test_a_logo_that_is_not_an_image_is_refused(signed_in, partner):
    fake = SimpleUploadedFile("logo.png", b"plain text, not a picture", content_type="image/png")
    response = signed_in.post(PROFILE, {**profile_data(partner), "logo": fake})
    assert response.status_code == 400
    assert "The file is not a PNG, JPEG or WebP image" in main_text(response)
    assert not ChangeRequest.objects.exists()


def test_a_forged_post_for_another_organisation_changes_only_ones_own(
    signed_in, partner, other_partner
):
    # The form names no organisation; an added field naming another one is ignored.
    data = profile_data(partner, description="Forged")
    signed_in.post(PROFILE, {**data, "partner": other_partner.pk, "slug": other_partner.slug})
    request = ChangeRequest.objects.get()
    assert request.partner == partner
    assert not other_partner.change_requests.exists()


def test_a_pathfinder_focal_point_cannot_propose_a_partner_profile(client, country_focal_point):
    client.force_login(country_focal_point.user)
    assert client.post(PROFILE, {"description": "x"}).status_code == 403


def test_visitors_and_other_accounts_are_sent_away(client, django_user_model, partner):
    assert client.get(PROFILE).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("plain", password="x" * 20))
    assert client.post(PROFILE, {"description": "x"}).status_code == 403


def test_our_profile_is_still_right_sets_last_verified(signed_in, partner):
    response = signed_in.post(reverse("accounts:confirm_profile"))
    assert response.status_code == 302
    partner.refresh_from_db()
    from django.utils import timezone

    assert partner.last_verified == timezone.localdate()
    assert not ChangeRequest.objects.exists()


def review_url(request):
    return reverse("admin:accounts_changerequest_change", args=[request.pk])


def test_invite_propose_approve_public_then_undo_from_history(
    signed_in, secretariat, partner, themes, focal_point
):
    """The issue's "done when": propose → approve (with a field-by-field diff) → public → undo."""
    signed_in.post(
        PROFILE,
        {**profile_data(partner, description="Now also in Chile.", countries=["FR", "CL"])},
    )
    request = ChangeRequest.objects.get()
    page = secretariat.get(review_url(request))
    assert page.status_code == 200
    text = main_text(page) if "main" in page.content.decode() else page.content.decode()
    assert "Works on Target 8.7." in text and "Now also in Chile." in text  # now / proposed
    assert "Chile" in text
    form = page.context["form"]
    data = {
        "description": form["description"].value(),
        "themes": [getattr(t, "slug", t) for t in form["themes"].value()],
        "countries": form["countries"].value(),
        "website": "",
        "contact_url": "",
        "use_logo": "on",
        "review_message": "",
        "_approve": "1",
    }
    assert secretariat.post(review_url(request), data).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    public = secretariat.get(partner.get_absolute_url())
    assert "Now also in Chile." in main_text(public)
    partner.refresh_from_db()
    assert sorted(str(c.country) for c in partner.countries_of_work.all()) == ["CL", "FR"]
    # History: the state before (baseline) and the approval, by the reviewer.
    versions = Version.objects.get_for_object(partner)
    assert versions.count() == 2
    assert "approved" in versions.first().revision.get_comment()
    baseline = versions.last()
    url = reverse("admin:partners_partner_revision", args=[partner.pk, baseline.pk])
    revert_page = secretariat.get(url)
    assert secretariat.post(url, change_form_data(revert_page)).status_code == 302
    partner = Partner.objects.get(pk=partner.pk)
    assert partner.description == "Works on Target 8.7."
    assert [str(c.country) for c in partner.countries_of_work.all()] == ["FR"]
    assert "Now also in Chile." not in main_text(secretariat.get(partner.get_absolute_url()))


def test_edit_then_approve_publishes_the_edited_text(signed_in, secretariat, partner):
    signed_in.post(PROFILE, profile_data(partner, description="Typo in the nmae."))
    request = ChangeRequest.objects.get()
    data = profile_data(partner, description="Typo in the name.")
    data.update({"_approve": "1", "review_message": "We fixed a typo."})
    assert secretariat.post(review_url(request), data).status_code == 302
    partner.refresh_from_db()
    assert partner.description == "Typo in the name."
    request.refresh_from_db()
    assert request.review_message == "We fixed a typo."


def test_reject_needs_a_message_and_changes_nothing(signed_in, secretariat, partner):
    signed_in.post(PROFILE, profile_data(partner, description="Spam"))
    request = ChangeRequest.objects.get()
    data = {**profile_data(partner), "_reject": "1", "review_message": ""}
    response = secretariat.post(review_url(request), data)
    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    data["review_message"] = "Not about your organisation."
    assert secretariat.post(review_url(request), data).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.REJECTED
    partner.refresh_from_db()
    assert partner.description == "Works on Target 8.7."
    dashboard = main_text(signed_in.get(reverse("accounts:dashboard")))
    assert "Rejected" in dashboard and "Not about your organisation." in dashboard


def test_a_request_for_a_deleted_organisation_is_withdrawn_not_applied(
    signed_in, secretariat, secretariat_user, partner
):
    signed_in.post(PROFILE, profile_data(partner, description="Late change"))
    request = ChangeRequest.objects.get()
    Partner.objects.filter(pk=partner.pk).delete()
    request.refresh_from_db()
    with pytest.raises(services.ReviewError):
        services.approve_request(request, secretariat_user)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert request.partner_name == "Walk Free"


def test_a_deleted_organisations_focal_point_cannot_propose(signed_in, partner, focal_point):
    with pytest.raises(services.ReviewError):
        focal_point.partner_id = partner.pk
        Partner.objects.filter(pk=partner.pk).update(is_published=False)
        Partner.objects.filter(pk=partner.pk).delete()
        services.submit_profile_change(focal_point, {"description": "x"})


def test_a_request_cannot_be_approved_twice(signed_in, secretariat_user, partner):
    signed_in.post(PROFILE, profile_data(partner, description="Once"))
    request = ChangeRequest.objects.get()
    services.approve_request(request, secretariat_user)
    with pytest.raises(services.ReviewError):
        services.approve_request(request, secretariat_user)
    assert Version.objects.get_for_object(partner).count() == 2


def test_an_approved_logo_is_published_with_its_thumbnail(signed_in, secretariat_user, partner):
    response = signed_in.post(PROFILE, {**profile_data(partner), "logo": png_upload()})
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    assert request.proposed_logo
    services.approve_request(request, secretariat_user)
    partner.refresh_from_db()
    assert partner.logo and partner.logo_thumbnail


def test_the_queue_lists_stale_profiles(secretariat, partner, other_partner):
    Partner.objects.filter(pk=partner.pk).update(last_verified="2018-01-01")
    from django.utils import timezone

    Partner.objects.filter(pk=other_partner.pk).update(last_verified=timezone.localdate())
    page = secretariat.get(reverse("admin:accounts_changerequest_changelist"))
    text = page.content.decode()
    assert "1 published profile not verified for a year" in text
    assert "Walk Free" in text and "Other Org" not in text
