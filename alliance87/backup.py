"""Backup and restore of everything the portal holds: one .tar.gz with the rows and the files.

The archive holds `manifest.json` (format, row counts, the SHA-256 of every file), `data.json`
(Django's fixture format, times to the microsecond) and `media/<name>` for every uploaded file a
row refers to. Rows are: the accounts (users and their roles, so that rows naming a user, such
as a milestone's "recorded by" or a chair's group link, come back with them), every model of the
portal's apps, themes, the edit history (django-reversion) and the admin's action log.

Left out, because `migrate`/`setup_roles` rebuild them or they are short-lived state: content
types and permissions, sessions, login-throttling records (django-axes) and the migrations table.
Users are referred to by username: restoring over an existing account keeps that account (its
password is not replaced) and points the restored rows at it.
"""

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction

from common.registry import CONTENT_APPS

FORMAT = 1
# Kept with the content: their rows name content and accounts (history, themes, action log,
# what each translation was made from and who reviewed it), and the focal points (app `accounts`:
# their links, invitations, change requests, progress updates; allauth's `account`: their
# verified addresses).
HISTORY_APPS = ["taggit", "reversion", "admin", "account", "accounts", "translations"]
ACCOUNT_MODELS = ["auth.Group", "auth.User"]
# Models that changed app since a backup may have been written: (app, model) then → now.
MOVED_MODELS = {("alliance87", "theme"): ("common", "theme")}


class BackupError(Exception):
    """A backup that cannot be written or restored; the message is one line for the user."""


def _concrete(label):
    return [
        model
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy
    ]


def content_models():
    """Models holding portal content and its history (restored only into an empty database)."""
    return [model for label in (*CONTENT_APPS, *HISTORY_APPS) for model in _concrete(label)]


def account_models():
    return [apps.get_model(label) for label in ACCOUNT_MODELS]


def backed_up_models():
    return account_models() + content_models()


def content_exists():
    return any(model._base_manager.exists() for model in content_models())


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup must give back exactly what it read."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def referenced_files():
    """(storage, name) of every uploaded file a row refers to, each once, in a stable order."""
    seen = {}
    for model in backed_up_models():
        for field in _file_fields(model):
            names = model._base_manager.exclude(**{field.name: ""}).values_list(
                field.name, flat=True
            )
            for name in names.order_by(field.name).iterator():
                seen.setdefault(name, field.storage)
    return [(storage, name) for name, storage in sorted(seen.items())]


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _link_models(model):
    """The tables Django makes for many-to-many fields, saved as rows so their ids survive."""
    return [
        field.remote_field.through
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def _rows():
    for model in backed_up_models():
        for table in [model, *_link_models(model)]:
            yield from table._base_manager.order_by("pk").iterator()


_JSONSerializer = serializers.get_serializer("json")


class _Serializer(_JSONSerializer):
    def handle_m2m_field(self, obj, field):
        if not field.remote_field.through._meta.auto_created:
            super().handle_m2m_field(obj, field)
        # Otherwise the link rows are written as rows of their own (see _link_models).


def write_backup(path):
    """Write the archive to `path`; returns the manifest. Refuses if a referenced file is missing.

    The archive is written beside its target and renamed at the end, so a failed backup never
    leaves a file that looks like a backup.
    """
    partial = f"{path}.partial"
    try:
        manifest = _write_archive(partial)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    os.replace(partial, path)
    return manifest


def _write_archive(path):
    manifest = {"format": FORMAT, "created": datetime.datetime.now(datetime.UTC).isoformat()}
    manifest["rows"] = {m._meta.label: m._base_manager.count() for m in backed_up_models()}
    files = {}
    with tempfile.TemporaryFile() as data, tarfile.open(path, "w:gz") as archive:
        text = io.TextIOWrapper(data, encoding="utf-8")
        _Serializer().serialize(
            _rows(), stream=text, indent=1, cls=ExactJSONEncoder, use_natural_foreign_keys=True
        )
        text.flush()
        for storage, name in referenced_files():
            if not storage.exists(name):
                raise BackupError(f"The file {name} is referenced but missing from the storage.")
            with storage.open(name, "rb") as handle:
                content = handle.read()
            files[name] = hashlib.sha256(content).hexdigest()
            _add_bytes(archive, f"media/{name}", content)
        manifest["files"] = files
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
        data.seek(0, io.SEEK_END)
        info = tarfile.TarInfo("data.json")
        info.size = data.tell()
        data.seek(0)
        archive.addfile(info, data)
        text.detach()
    return manifest


# -- restore -------------------------------------------------------------------------------------


def _member(archive, name):
    try:
        handle = archive.extractfile(name)
    except KeyError:
        raise BackupError(f"it has no {name}") from None
    if handle is None:
        raise BackupError(f"{name} is not a file")
    return handle.read()


def read_backup(path):
    """Read and check the whole archive before anything is written: (manifest, data, files)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.loads(_member(archive, "manifest.json"))
            data = _current_labels(_member(archive, "data.json").decode("utf-8"))
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                raise BackupError("it is not a backup in this portal's format")
            files = {}
            for name, digest in manifest.get("files", {}).items():
                content = _member(archive, f"media/{name}")
                if hashlib.sha256(content).hexdigest() != digest:
                    raise BackupError(f"the file {name} is damaged")
                files[name] = content
    except (OSError, EOFError, tarfile.TarError, ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"it is not a readable backup archive ({error})") from None
    return manifest, data, files


def _current_labels(data):
    """The rows of an archive written before a model moved app, under today's labels.

    Where a row names its model, where a row names a content type or a permission (natural keys
    end with the app and model), and in the copies django-reversion keeps (whose text names the
    model as a row does). Anything not shaped like rows is left to the loader to refuse.
    """
    old_labels = {".".join(old) for old in MOVED_MODELS}
    rows = json.loads(data)
    if not isinstance(rows, list) or old_labels.isdisjoint(
        row.get("model") for row in rows if isinstance(row, dict)
    ):
        return data
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get("fields"), dict):
            _relabel(row)
    return json.dumps(rows)


def _relabel(row):
    for old, new in MOVED_MODELS.items():
        if row.get("model") == ".".join(old):
            row["model"] = ".".join(new)
        fields = row["fields"]
        for name, value in fields.items():
            if isinstance(value, list) and tuple(value[-2:]) == old:
                fields[name] = [*value[:-2], *new]
        if isinstance(fields.get("serialized_data"), str):
            fields["serialized_data"] = fields["serialized_data"].replace(
                '"model": "{}.{}"'.format(*old), '"model": "{}.{}"'.format(*new)
            )


class _Accounts:
    """Accounts are matched by name: an existing one is kept as it is, never overwritten, and
    the restored rows point at it; its roles and permissions stay as they are."""

    def __init__(self):
        self.kept = set()  # (model, pk) of accounts and roles that were already there
        self.links = {
            through: [f for f in through._meta.concrete_fields if f.is_relation]
            for model in account_models()
            for through in _link_models(model)
        }

    def to_load(self, obj):
        row, model = obj.object, type(obj.object)
        if model in self.links:
            return not any((f.related_model, f.value_from_object(row)) in self.kept
                           for f in self.links[model])  # fmt: skip
        if model._meta.label not in ACCOUNT_MODELS:
            return True
        existing = model._default_manager.filter(
            **dict(zip(_natural_fields(model), row.natural_key(), strict=True))
        ).first()
        if existing is not None:
            self.kept.add((model, existing.pk))
            return False
        if model._base_manager.filter(pk=row.pk).exists():
            row.pk = None  # the id is taken by another account: take a new one
        return True


def _natural_fields(model):
    return ["username"] if model is apps.get_model("auth.User") else ["name"]


def _load_rows(data):
    loaded, deferred, accounts = set(), [], _Accounts()
    objects = serializers.deserialize("json", data, handle_forward_references=True)
    with connection.constraint_checks_disabled():
        for obj in objects:
            if not accounts.to_load(obj):
                continue
            obj.save()
            loaded.add(type(obj.object))
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields()
    connection.check_constraints(table_names=[m._meta.db_table for m in loaded])
    # Rows came with their ids: PostgreSQL's sequences must move past them.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
            cursor.execute(sql)


def _write_files(files):
    """Each file under its own name in the storage of the field that refers to it."""
    storages = {name: storage for storage, name in referenced_files()}
    written = []
    try:
        for name, content in files.items():
            storage = storages.get(name)
            if storage is None:
                continue  # no restored row refers to it
            if storage.exists(name):
                with storage.open(name, "rb") as handle:
                    if handle.read() == content:
                        continue
                raise BackupError(f"a different file {name} is already in the media folder")
            if storage.save(name, ContentFile(content)) != name:
                raise BackupError(f"the file {name} could not be stored under its own name")
            written.append((storage, name))
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def restore_backup(path):
    """Load an archive into an empty database: everything or, on any error, nothing."""
    manifest, data, files = read_backup(path)
    if content_exists():
        raise BackupError(
            "the database is not empty: restore into a freshly migrated database so that "
            "nothing is overwritten"
        )
    try:
        with transaction.atomic():
            _load_rows(data)
            _write_files(files)
    except (DeserializationError, DatabaseError, SuspiciousFileOperation) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
        raise BackupError(f"its rows could not be loaded ({first_line})") from None
    return manifest
