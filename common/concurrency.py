"""Concurrent edits in the back office: one mechanism for every change form and the editors.

A page carries a fingerprint of what it was loaded from, in a hidden input named
FINGERPRINT_FIELD (templates/admin/portal/fingerprint_input.html). A save posted from a page
whose fingerprint no longer matches the stored data is refused with `stale_error`, instead of
silently overwriting the other person's change. A POST without a fingerprint (a script, an old
page) is not checked. Fingerprints taken with `lock=True` inside the saving transaction keep the
rows locked, so the check and the write are one step: a second save waits, then is refused.
"""

import hashlib

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext

FINGERPRINT_FIELD = "_row_fingerprint"


def digest(rows) -> str:
    """A short digest of stored values (tuples and lists of them); changes on any save."""
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


def locked(queryset, lock: bool):
    return queryset.select_for_update() if lock else queryset


def row_fingerprint(model, pk, lock=False) -> str:
    """The fingerprint of one stored row, every concrete field of it."""
    names = [field.attname for field in model._meta.concrete_fields]
    return digest(locked(model._default_manager.filter(pk=pk), lock).values_list(*names).first())


def is_stale(posted: str | None, current: str | None) -> bool:
    """True when the page sent a fingerprint and the stored data no longer matches it."""
    return bool(posted and current and posted != current)


def last_change(obj):
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        .select_related("user")
        .order_by("-action_time")
        .first()
    )


def stale_error(obj, anonymous_message=None) -> ValidationError:
    """The refusal of a stale save: who saved the record after the page was opened, and when
    (from the admin log), else `anonymous_message` or a generic sentence."""
    entry = last_change(obj) if anonymous_message is None else None
    if entry is not None:
        message = gettext(
            "%(user)s saved this record at %(time)s, after you opened it. Your changes "
            "were not saved, so that theirs are not lost: open the record again, then "
            "make your changes once more."
        ) % {
            "user": entry.user.get_full_name() or entry.user.get_username(),
            "time": date_format(localtime(entry.action_time), "DATETIME_FORMAT"),
        }
    else:
        message = anonymous_message or gettext(
            "Someone saved this record after you opened it. Your changes were not "
            "saved, so that theirs are not lost: open the record again, then make your "
            "changes once more."
        )
    return ValidationError(message, code="stale")


def page_context(posted: str | None, current: str | None) -> dict:
    """What the hidden input needs. After a refused save the page keeps the fingerprint it was
    loaded with: saving again from it is refused again, until the editor reopens the page."""
    return {"row_fingerprint": posted or current, "row_fingerprint_field": FINGERPRINT_FIELD}
