"""Writes with more than one step: the logo thumbnail made when a logo changes."""

import logging
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Shown at most 160 × 80 CSS pixels; twice that for high-density screens.
THUMBNAIL_SIZE = (320, 160)


def refresh_logo_thumbnail(partner) -> bool:
    """Make (or remove) the partner's logo thumbnail so pages never resize images.

    Returns True when a thumbnail was written. An unreadable logo leaves no thumbnail and is
    logged; it never breaks saving the partner.
    """
    old_name = partner.logo_thumbnail.name if partner.logo_thumbnail else ""
    thumbnail = _thumbnail_bytes(partner.logo) if partner.logo else None
    if thumbnail is None:
        partner.logo_thumbnail = None
        partner.logo_thumbnail_width = partner.logo_thumbnail_height = None
    else:
        stem = PurePosixPath(partner.logo.name).stem[:60] or "logo"
        partner.logo_thumbnail.save(
            f"{partner.slug}-{stem}.png", ContentFile(thumbnail), save=False
        )
    partner.save(update_fields=["logo_thumbnail", "logo_thumbnail_width", "logo_thumbnail_height"])
    if old_name and old_name != (partner.logo_thumbnail.name or ""):
        partner.logo_thumbnail.storage.delete(old_name)
    return thumbnail is not None


def _thumbnail_bytes(field_file) -> bytes | None:
    try:
        field_file.open("rb")
        try:
            with Image.open(field_file) as image:
                image = ImageOps.exif_transpose(image)
                image.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
                if image.mode not in ("RGB", "RGBA"):
                    image = image.convert("RGBA")
                output = BytesIO()
                image.save(output, format="PNG", optimize=True)
        finally:
            field_file.close()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError):
        logger.warning("Logo %s could not be read; no thumbnail made.", field_file.name)
        return None
    return output.getvalue()
