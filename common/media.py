"""Uploaded files: unguessable names, served only while a published record uses them.

- **Names.** Every upload is stored as `<directory><name>-<random token>.<ext>` (`RandomName`),
  so a file's address cannot be guessed from the record (slug, original file name).
- **Who may fetch a file.** `/media/…` (views.media) serves a file only when a record holds it
  in one of its file fields (`MEDIA_OWNERS`): a published record's files to everyone; a draft's
  only to back-office users who may view that model (the preview shows them), privately.
  Replaced files and files of deleted records are held by no record: 404. The check is one
  indexed query on the shared database, so it holds on every app server behind a balancer.
- **Replaced files are deleted** once the save that replaced them is committed (and no record
  uses them any more), so they do not stay on the shared MEDIA_ROOT either.
"""

import secrets
from functools import partial, reduce
from operator import or_
from pathlib import PurePosixPath

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify

# Directory under MEDIA_ROOT → (model label, its file fields stored there).
MEDIA_OWNERS = {
    "partners/logos/": ("partners.Partner", ("logo", "logo_thumbnail")),
    "pathfinders/resources/": ("pathfinders.Resource", ("file",)),
}


@deconstructible
class RandomName:
    """upload_to: a readable stem plus 24 random characters (144 bits), never the bare name."""

    def __init__(self, directory: str):
        self.directory = directory

    def __call__(self, instance, filename: str) -> str:
        path = PurePosixPath(filename)
        stem = slugify(path.stem)[:40] or "file"
        return f"{self.directory}{stem}-{secrets.token_urlsafe(18)}{path.suffix.lower()[:8]}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.directory == self.directory


def _owner_fields(path: str):
    """(model, fields) for a stored name, by its directory; None for any other path."""
    for directory, (label, fields) in MEDIA_OWNERS.items():
        if path.startswith(directory):
            return apps.get_model(label), fields
    return None


def _holding(fields, name):
    return reduce(or_, (Q(**{field: name}) for field in fields))


def file_visibility(request, path: str) -> str | None:
    """ "public", "private" (a draft's file, for this back-office user) or None (not served)."""
    owner = _owner_fields(path)
    if owner is None:
        return None
    model, fields = owner
    published = (
        model._default_manager.filter(_holding(fields, path))
        .values_list("is_published", flat=True)
        .order_by("-is_published")
        .first()
    )
    if published is None:
        return None  # replaced, deleted, or never a record's file
    if published:
        return "public"
    user = request.user
    opts = model._meta
    if (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    ):
        return "private"
    return None


def _delete_if_unused(model, fields, storage, name):
    if not model._default_manager.filter(_holding(fields, name)).exists():
        storage.delete(name)


def delete_replaced_files(sender, instance, raw=False, **kwargs):
    """pre_save: once this save is committed, delete the files it replaces (if unused)."""
    fields = next(
        (fields for label, fields in MEDIA_OWNERS.values() if sender._meta.label == label),
        None,
    )
    if raw or fields is None or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()
    if stored is None:
        return
    for field_name, old_name in zip(fields, stored, strict=True):
        file = getattr(instance, field_name)
        if old_name and old_name != (file.name or ""):
            transaction.on_commit(
                partial(_delete_if_unused, sender, fields, file.storage, old_name),
                using=kwargs.get("using"),
            )
