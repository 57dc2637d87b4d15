"""Safe uploads: every attack refused with a clear message; good images re-encoded, EXIF gone.

All files are made here, in the test.
"""

import io
import random
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter

from common.uploads import MAX_IMAGE_BYTES, clean_image, clean_pdf
from partners.models import Partner
from pathfinders.models import Resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_bytes(fmt="PNG", size=(300, 100), mode="RGBA", **save_options):
    buffer = io.BytesIO()
    color = (11, 79, 138, 255) if mode == "RGBA" else (11, 79, 138) if mode == "RGB" else 1
    Image.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def upload(data, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(width, height):
    """A tiny PNG whose header promises width × height pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    # One compressed row of zeros is enough: the danger is in what decoding would allocate.
    idat = zlib.compress(b"\x00" * (width // 8 + 2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def jpeg_with_exif():
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0112] = 6  # Orientation: rotated 90°
    exif[0x8825] = {2: (48.0, 51.0, 24.0)}  # GPS latitude
    return image_bytes("JPEG", size=(200, 100), mode="RGB", exif=exif.tobytes())


def refused(data, name="logo.png", code=None):
    with pytest.raises(ValidationError) as caught:
        clean_image(upload(data, name))
    if code:
        assert caught.value.code == code
    return caught.value.messages[0]


# -- images accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fmt,mode,extension", [("PNG", "RGBA", "png"), ("JPEG", "RGB", "jpg"), ("WEBP", "RGB", "webp")]
)
def test_real_images_are_accepted_and_reencoded(fmt, mode, extension):
    original = image_bytes(fmt, mode=mode)
    cleaned = clean_image(upload(original, "Our Logo (final).exe"))
    assert cleaned.name == f"our-logo-final.{extension}"
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == fmt
        assert image.size == (300, 100)


def test_exif_and_metadata_are_stripped_and_orientation_kept():
    cleaned = clean_image(upload(jpeg_with_exif(), "photo.jpg", "image/jpeg"))
    data = cleaned.read()
    assert b"SpyCam" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        assert image.size == (100, 200)  # the rotation is applied, not lost


def test_text_chunks_are_not_carried_over():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe, jane@example.org")
    cleaned = clean_image(upload(image_bytes("PNG", pnginfo=info)))
    assert b"jane@example.org" not in cleaned.read()


# -- attacks refused ---------------------------------------------------------------------------


def test_decompression_bomb_is_refused_before_decoding():
    message = refused(bomb_png(100_000, 100_000), code="too_many_pixels")
    assert "megapixels" in message


def test_image_over_25_megapixels_is_refused():
    data = image_bytes("PNG", size=(6000, 5000), mode="1")
    assert len(data) < MAX_IMAGE_BYTES  # small file, too many pixels
    refused(data, code="too_many_pixels")


def test_file_over_5_mb_is_refused():
    noise = Image.frombytes("RGB", (1400, 1400), random.Random(87).randbytes(1400 * 1400 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG", compress_level=0)
    assert len(buffer.getvalue()) > MAX_IMAGE_BYTES
    assert "5.0\xa0MB" in refused(buffer.getvalue(), code="too_big")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_image_is_refused(fmt):
    data = image_bytes(fmt, size=(400, 400), mode="RGB")
    refused(data[: len(data) // 2], code="broken")


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    refused(svg, "logo.svg", code="markup")
    refused(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "logo.png")


@pytest.mark.parametrize(
    "header",
    [
        b"\x89PNG\r\n\x1a\n",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"GIF89a",
        b"RIFF\x00\x00\x00\x00WEBP",
    ],
)
def test_html_disguised_with_an_image_header_is_refused(header):
    message = refused(header + b"<html><script>alert(document.cookie)</script></html>")
    assert "HTML" in message


def test_valid_image_carrying_script_is_refused():
    """A polyglot: a real PNG that a browser sniffing it would run as HTML."""
    polyglot = image_bytes("PNG") + b"<script>alert(1)</script>"
    refused(polyglot, code="markup")


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(fmt):
    mode = "P" if fmt == "GIF" else "RGB"
    refused(image_bytes(fmt, mode=mode), code="format")


def test_random_bytes_are_refused():
    refused(bytes(range(256)) * 4, code="format")


# -- in the partner admin form ---------------------------------------------------------------


def partner_post(logo):
    return {
        "name": "Logo Org",
        "slug": "logo-org",
        "organisation_type": "business",
        "standing": "alliance_partner",
        "logo": logo,
        "is_published": "on",
        "countries_of_work-TOTAL_FORMS": "0",
        "countries_of_work-INITIAL_FORMS": "0",
    }


def test_booby_trapped_png_is_refused_with_a_form_error(secretariat, media):
    """Done when: a booby-trapped PNG is refused."""
    trap = upload(b"\x89PNG\r\n\x1a\n<script>fetch('/admin/')</script>", "logo.png")
    response = secretariat.post(reverse("admin:partners_partner_add"), partner_post(trap))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["logo"]
    assert "HTML" in errors[0]
    assert "HTML" in response.content.decode()
    assert not Partner.objects.filter(slug="logo-org").exists()
    assert not any(media.rglob("*.png"))


def test_bomb_is_refused_in_the_admin(secretariat, media):
    response = secretariat.post(
        reverse("admin:partners_partner_add"), partner_post(upload(bomb_png(60_000, 60_000)))
    )
    assert response.status_code == 200
    assert "megapixels" in response.context["adminform"].form.errors["logo"][0]


def test_good_logo_is_stored_clean_with_its_thumbnail(secretariat, media):
    logo = upload(jpeg_with_exif(), "../../etc/passwd.png", "image/png")
    response = secretariat.post(reverse("admin:partners_partner_add"), partner_post(logo))
    assert response.status_code == 302, response.context["adminform"].form.errors
    partner = Partner.objects.get(slug="logo-org")
    assert partner.logo.name.startswith("partners/logos/passwd")
    assert partner.logo.name.endswith(".jpg")  # named after what it really is
    stored = (media / partner.logo.name).read_bytes()
    assert b"SpyCam" not in stored
    assert partner.logo_thumbnail and partner.logo_thumbnail_width


# -- PDFs ----------------------------------------------------------------------------------------


def pdf_bytes():
    """A real one-page PDF (the attacks are in test_pdf_uploads.py)."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_real_pdf_is_accepted_under_a_safe_name():
    cleaned = clean_pdf(upload(pdf_bytes(), "Tool kit <v2>.PDF", "application/pdf"))
    assert cleaned.name == "tool-kit-v2.pdf"


@pytest.mark.parametrize(
    "data,code",
    [
        (b"<html><script>alert(1)</script></html>", "not_pdf"),
        (image_bytes("PNG"), "not_pdf"),
        (pdf_bytes()[:60], "truncated"),
        (b"  %PDF-1.4 hidden after spaces %%EOF", "not_pdf"),
    ],
)
def test_bad_pdfs_are_refused(data, code):
    with pytest.raises(ValidationError) as caught:
        clean_pdf(upload(data, "toolkit.pdf", "application/pdf"))
    assert caught.value.code == code


def resource_post(file, title="Toolkit"):
    return {
        "title": title,
        "kind": "guidance_note",
        "language": "en",
        "url": "",
        "file": file,
        "description": "",
        "order": 0,
        "is_published": "on",
    }


def test_resource_admin_accepts_only_real_pdfs(secretariat, media):
    url = reverse("admin:pathfinders_resource_add")
    fake = upload(b"<html>not a pdf</html>", "toolkit.pdf", "application/pdf")
    response = secretariat.post(url, resource_post(fake))
    assert response.status_code == 200
    assert "not a PDF" in response.context["adminform"].form.errors["file"][0]
    good = upload(pdf_bytes(), "toolkit.pdf", "application/pdf")
    response = secretariat.post(url, resource_post(good, title="Real toolkit"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    resource = Resource.objects.get(title="Real toolkit")
    assert resource.file.name.endswith(".pdf")
    assert (media / resource.file.name).read_bytes().startswith(b"%PDF-")
