"""Logo thumbnails: made once when the logo changes, never when a page is shown."""

from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partners.models import Partner
from partners.services import THUMBNAIL_SIZE, refresh_logo_thumbnail
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def image_file(name="logo.png", size=(1200, 400), mode="RGBA", fmt="PNG"):
    buffer = BytesIO()
    Image.new(mode, size, (11, 79, 138, 255) if mode == "RGBA" else (11, 79, 138)).save(
        buffer, format=fmt
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def test_thumbnail_is_made_within_bounds(media):
    partner = PartnerFactory(logo=image_file())
    assert refresh_logo_thumbnail(partner) is True
    partner.refresh_from_db()
    with Image.open(partner.logo_thumbnail.path) as thumbnail:
        assert thumbnail.format == "PNG"
        assert thumbnail.size == (320, 107)
    assert (partner.logo_thumbnail_width, partner.logo_thumbnail_height) == (320, 107)
    assert thumbnail.size[0] <= THUMBNAIL_SIZE[0] and thumbnail.size[1] <= THUMBNAIL_SIZE[1]


def test_new_logo_replaces_the_old_thumbnail(media):
    partner = PartnerFactory(logo=image_file())
    refresh_logo_thumbnail(partner)
    old_path = partner.logo_thumbnail.path
    partner.logo = image_file("new.jpg", size=(100, 100), mode="RGB", fmt="JPEG")
    partner.save()
    refresh_logo_thumbnail(partner)
    partner.refresh_from_db()
    assert partner.logo_thumbnail_width == 100
    assert not (media / old_path).exists()


def test_removing_the_logo_removes_the_thumbnail(media):
    partner = PartnerFactory(logo=image_file())
    refresh_logo_thumbnail(partner)
    path = partner.logo_thumbnail.path
    partner.logo = None
    partner.save()
    assert refresh_logo_thumbnail(partner) is False
    partner.refresh_from_db()
    assert not partner.logo_thumbnail
    assert partner.logo_thumbnail_width is None
    assert not (media / path).exists()


def test_unreadable_logo_leaves_no_thumbnail_and_no_error(media):
    partner = PartnerFactory(
        logo=SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    )
    assert refresh_logo_thumbnail(partner) is False
    partner.refresh_from_db()
    assert not partner.logo_thumbnail


def test_partner_page_shows_the_thumbnail_without_opening_files(client, media):
    partner = PartnerFactory(logo=image_file())
    refresh_logo_thumbnail(partner)
    (media / partner.logo.name).unlink()  # the page must not need the original
    html = client.get(partner.get_absolute_url()).content.decode()
    assert f'src="/media/{partner.logo_thumbnail.name}"' in html
    assert 'width="320" height="107"' in html


def test_saving_a_logo_in_the_back_office_makes_the_thumbnail(client, media):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x" * 16)
    client.force_login(admin)
    response = client.post(
        "/admin/partners/partner/add/",
        {
            "name": "Logo Org",
            "slug": "logo-org",
            "organisation_type": "business",
            "standing": "alliance_partner",
            "logo": image_file(),
            "is_published": "on",
            "countries_of_work-TOTAL_FORMS": "0",
            "countries_of_work-INITIAL_FORMS": "0",
            "countries_of_work-MIN_NUM_FORMS": "0",
            "countries_of_work-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    partner = Partner.objects.get(slug="logo-org")
    assert partner.logo_thumbnail_width == 320
    assert partner.search_text.startswith("logo org")
