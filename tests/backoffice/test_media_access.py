"""Uploaded files: unguessable names; a draft's files and replaced files are not public."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from partners.models import Partner
from pathfinders.models import Resource
from tests.backoffice.helpers import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(color=(11, 79, 138)):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), color).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def add_partner(client, published: bool, logo=None):
    data = {
        "name": "Logo Org",
        "slug": "logo-org",
        "organisation_type": "business",
        "standing": "alliance_partner",
        "logo": logo or png(),
        "countries_of_work-TOTAL_FORMS": "0",
        "countries_of_work-INITIAL_FORMS": "0",
    }
    if published:
        data["is_published"] = "on"
    response = client.post(reverse("admin:partners_partner_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Partner.objects.get(slug="logo-org")


def test_a_drafts_logo_is_404_to_the_public_until_it_is_published(secretariat, media):
    partner = add_partner(secretariat, published=False)
    urls = [partner.logo.url, partner.logo_thumbnail.url]
    assert all((media / name).exists() for name in (partner.logo.name, partner.logo_thumbnail.name))
    for url in urls:
        assert Client().get(url).status_code == 404
        # The back office sees it (the preview shows it), never through a shared cache.
        response = secretariat.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
    Partner.objects.filter(pk=partner.pk).update(is_published=True)
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("public")


def test_a_replaced_logo_is_404_and_deleted(secretariat, media, django_capture_on_commit_callbacks):
    partner = add_partner(secretariat, published=True)
    old_names = [partner.logo.name, partner.logo_thumbnail.name]
    old_urls = [partner.logo.url, partner.logo_thumbnail.url]
    assert all(Client().get(url).status_code == 200 for url in old_urls)

    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = change_form_data(secretariat.get(url))
    data["logo"] = png(color=(200, 30, 30))
    with django_capture_on_commit_callbacks(execute=True):
        assert secretariat.post(url, data).status_code == 302
    partner.refresh_from_db()
    assert partner.logo.name not in old_names
    for old_url in old_urls:
        assert Client().get(old_url).status_code == 404
        assert secretariat.get(old_url).status_code == 404
    assert not any((media / name).exists() for name in old_names)
    assert Client().get(partner.logo.url).status_code == 200


def test_upload_names_cannot_be_guessed(secretariat, media):
    partner = add_partner(secretariat, published=True)
    name = partner.logo.name
    assert name.startswith("partners/logos/logo-") and name.endswith(".png")
    token = name.removeprefix("partners/logos/logo-").removesuffix(".png")
    assert len(token) >= 24  # 144 random bits
    assert re.fullmatch(r"partners/logos/thumbnails/.+-[\w-]{24}\.png", partner.logo_thumbnail.name)
    # The same file uploaded again gets another name.
    other = Partner.objects.create(name="Other", slug="other", organisation_type="business")
    other.logo.save("logo.png", png(), save=True)
    assert other.logo.name != name and other.logo.name.startswith("partners/logos/logo-")


def test_a_draft_resources_pdf_is_404_to_the_public(secretariat, media):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    pdf = SimpleUploadedFile("toolkit.pdf", buffer.getvalue(), content_type="application/pdf")
    response = secretariat.post(
        reverse("admin:pathfinders_resource_add"),
        {
            "title": "Draft toolkit",
            "kind": "guidance_note",
            "language": "en",
            "url": "",
            "file": pdf,
            "description": "",
            "order": 0,
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get(title="Draft toolkit")
    assert Client().get(resource.file.url).status_code == 404
    assert secretariat.get(resource.file.url).status_code == 200


def test_a_file_no_record_holds_is_404(client, media):
    (media / "partners" / "logos").mkdir(parents=True)
    (media / "partners" / "logos" / "left-behind.png").write_bytes(b"\x89PNG")
    (media / "elsewhere.png").write_bytes(b"\x89PNG")
    assert client.get("/media/partners/logos/left-behind.png").status_code == 404
    assert client.get("/media/elsewhere.png").status_code == 404
