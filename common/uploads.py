"""Safe uploads: only real images (re-encoded, metadata stripped) and only real PDFs.

An upload is judged by its bytes, never by its name or the browser's content type:

- **Images** (partner logos): JPEG, PNG or WebP, at most 5 MB and 25 megapixels. The size in
  the header is checked before any pixel is decoded (decompression bombs), the whole image is
  then decoded (truncated or corrupt files fail), files carrying HTML, SVG or script are refused,
  and what is stored is a fresh encoding by Pillow: no EXIF (GPS, camera, author), no comments,
  no trailing bytes, named after its real format.
- **PDFs** (pathfinder resources): the `%PDF-` signature at the very start, an end-of-file marker,
  at most 20 MB, readable by pypdf, and no active content. Every object of the file (also those
  packed in compressed object streams) is read as a PDF viewer reads it, names decoded
  (`/J#61vaScript` is `/JavaScript`), and a file naming JavaScript, launch, remote go-to, form
  submission or import actions, embedded files, rich media or XFA forms anywhere is refused.

Use the form fields `SafeImageField` and `SafePdfField`, or the functions directly.
"""

import io
import re
import warnings
from contextlib import contextmanager
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
MAX_PDF_BYTES = 20 * 1024 * 1024

# Pillow format name → (extension, content type, Pillow save options)
IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg", {"quality": 90, "optimize": True}),
    "PNG": ("png", "image/png", {"optimize": True}),
    "WEBP": ("webp", "image/webp", {"quality": 90, "method": 4}),
}
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"

# Markup a browser would run if it were ever served as HTML or SVG.
# (Not "<?xml": photo editors write XMP metadata that way; re-encoding drops it anyway.)
MARKUP = re.compile(
    rb"<(?:script|html|body|iframe|object|embed|svg[\s>/]|!doctype|\?php)|javascript:",
    re.IGNORECASE,
)
# Names that make a PDF run code, open or send files or fetch other documents, wherever they
# appear (as a key, an action type /S or an annotation subtype).
PDF_ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/Launch",
        "/GoToR",
        "/GoToE",
        "/SubmitForm",
        "/ImportData",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/FileAttachment",
        "/RichMedia",
        "/Rendition",
        "/XFA",
    }
)
# Real documents have some thousands of objects; a file with more is refused, not walked.
MAX_PDF_OBJECTS = 200_000


def _read(upload, limit: int) -> bytes:
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    return data


def _too_big(limit):
    return ValidationError(
        _("The file is larger than %(limit)s. Make it smaller and upload it again."),
        code="too_big",
        params={"limit": filesizeformat(limit)},
    )


def _safe_stem(name: str, default: str) -> str:
    return slugify(PurePosixPath(name or "").stem)[:60] or default


def clean_image(upload) -> SimpleUploadedFile:
    """Validate an uploaded image and return a clean re-encoding of it, or raise ValidationError."""
    data = _image_bytes(upload)
    image_format = _probe_image(data)
    clean = _decode_and_reencode(data, image_format)
    extension, content_type, _options = IMAGE_FORMATS[image_format]
    name = f"{_safe_stem(getattr(upload, 'name', ''), 'image')}.{extension}"
    return SimpleUploadedFile(name, clean, content_type=content_type)


def _image_bytes(upload) -> bytes:
    """The upload's bytes, refused when too big, empty or carrying markup."""
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise _too_big(MAX_IMAGE_BYTES)
    data = _read(upload, MAX_IMAGE_BYTES)
    if len(data) > MAX_IMAGE_BYTES:
        raise _too_big(MAX_IMAGE_BYTES)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if MARKUP.search(data):
        raise ValidationError(
            _(
                "The file contains HTML, SVG or script code, which is never accepted in an "
                "image. Export the logo as a plain PNG, JPEG or WebP image."
            ),
            code="markup",
        )
    return data


def _not_an_image():
    return ValidationError(
        _(
            "The file is not a PNG, JPEG or WebP image (SVG and other formats are not accepted). "
            "Export the logo as PNG, JPEG or WebP."
        ),
        code="format",
    )


def _too_many_pixels():
    return ValidationError(
        _(
            "The image has too many pixels: at most %(limit)s megapixels are accepted. Make it "
            "smaller and upload it again."
        ),
        code="too_many_pixels",
        params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
    )


def _broken_image():
    return ValidationError(
        _("The image is damaged or incomplete (it may be truncated). Export it again."),
        code="broken",
    )


@contextmanager
def _bombs_refused():
    """Pillow only *warns* below twice its own limit: treat every warning as a refusal."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None


def _probe_image(data: bytes) -> str:
    """The image's format, read from its header only; refused when not ours or too large."""
    with _bombs_refused():
        try:
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as probe:
                image_format = probe.format
                width, height = probe.size
        except UnidentifiedImageError:
            raise _not_an_image() from None
        except (OSError, ValueError, SyntaxError):
            raise _broken_image() from None
    if image_format not in IMAGE_FORMATS:
        raise _not_an_image()
    if width * height > MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    return image_format


def _decode_and_reencode(data: bytes, image_format: str) -> bytes:
    """Every pixel decoded (a truncated file fails here), then written afresh."""
    with _bombs_refused():
        try:
            with Image.open(io.BytesIO(data), formats=[image_format]) as verifier:
                verifier.verify()  # structure and checksums
            with Image.open(io.BytesIO(data), formats=[image_format]) as image:
                image.load()
                return _reencode(image, image_format)
        except (OSError, ValueError, SyntaxError, EOFError):
            raise _broken_image() from None


def _reencode(image, image_format: str) -> bytes:
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)  # animations keep their first frame
    image = ImageOps.exif_transpose(image)  # keep the intended orientation, then drop EXIF
    if image_format == "JPEG":
        mode = "RGB" if image.mode not in ("RGB", "L") else image.mode
    elif image.mode in ("RGB", "RGBA", "L", "LA"):
        mode = image.mode
    elif image.mode == "P":
        mode = "RGBA" if "transparency" in image.info else "RGB"
    else:
        mode = "RGBA"
    image = image.convert(mode) if image.mode != mode else image.copy()
    image.info = {}  # no ICC profile, EXIF, XMP, text chunks or comments are carried over
    output = io.BytesIO()
    _extension, _content_type, options = IMAGE_FORMATS[image_format]
    image.save(output, format=image_format, **options)
    return output.getvalue()


def clean_pdf(upload) -> SimpleUploadedFile:
    """Validate an uploaded PDF by its bytes and return it under a safe name."""
    if upload.size is not None and upload.size > MAX_PDF_BYTES:
        raise _too_big(MAX_PDF_BYTES)
    data = _read(upload, MAX_PDF_BYTES)
    if len(data) > MAX_PDF_BYTES:
        raise _too_big(MAX_PDF_BYTES)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(
            _("The file is not a PDF (it does not start as PDF files do). Upload a PDF file."),
            code="not_pdf",
        )
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(
            _("The PDF is incomplete (it has no end). Save or export it again."),
            code="truncated",
        )
    if _pdf_active_name(data) is not None:
        raise ValidationError(
            _(
                "The PDF contains scripts, embedded files or launch actions, which are not "
                "accepted. Export it again as a plain PDF (e.g. “Print to PDF”)."
            ),
            code="active_content",
        )
    name = f"{_safe_stem(getattr(upload, 'name', ''), 'document')}.pdf"
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _unreadable_pdf():
    return ValidationError(
        _(
            "The PDF cannot be read (it is damaged, password-protected or too complex). "
            "Export it again as a plain PDF (e.g. “Print to PDF”)."
        ),
        code="unreadable",
    )


def _pdf_active_name(data: bytes) -> str | None:
    """The first active-content name found in the PDF, or None; unreadable files are refused."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _unreadable_pdf()  # opened only with a password: it cannot be checked
        return _walk_pdf(reader)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 -- pypdf raises many types for broken files; all mean "cannot check it"
        raise _unreadable_pdf() from None


def _pdf_roots(reader):
    """The trailer and every object listed in the file, including those in object streams."""
    yield reader.trailer
    for generation, entries in reader.xref.items():
        for number in entries:
            yield IndirectObject(number, generation, reader)
    for number in reader.xref_objStm:
        yield IndirectObject(number, 0, reader)


def _walk_pdf(reader) -> str | None:
    stack = list(_pdf_roots(reader))
    seen = set()
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            if len(seen) > MAX_PDF_OBJECTS:
                raise _unreadable_pdf()
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too: their dictionaries
            for key, value in item.items():
                if key in PDF_ACTIVE_NAMES:
                    return str(key)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject) and item in PDF_ACTIVE_NAMES:
            return str(item)
    return None


class SafeImageField(forms.FileField):
    """A form field for logos: returns the clean re-encoded image (see clean_image)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("PNG, JPEG or WebP, at most 5 MB and 25 megapixels. Stored without metadata."),
        )
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", IMAGE_ACCEPT)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_image(upload)


class SafePdfField(forms.FileField):
    """A form field for documents: PDF only, checked by its bytes (see clean_pdf)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("A PDF file, at most 20 MB."))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", "application/pdf,.pdf")

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_pdf(upload)
