"""Backups: everything the portal holds goes into one archive and comes back row for row.

The round trip compares the database itself (every row of every table, every column) and the
bytes of the uploaded files, never one export with another.
"""

import datetime
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from reversion.models import Version

from actiongroups.models import ActionGroup, GroupEditor
from alliance87.backup import account_models, content_models
from common.models import Theme
from common.roles import SECRETARIAT_EDITOR
from partners.models import Partner
from pathfinders.models import Milestone, Resource
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
# Rebuilt by migrate (content types, permissions) or short-lived state a backup does not keep;
# the page cache's content version is a cache key that a restore must change, not restore.
NOT_BACKED_UP = ("django_migrations", "django_session", "axes_", "pagecache_")


def all_rows(cursor, tables):
    """Every row of every table, all columns, in a stable order."""
    rows = {}
    for table in tables:
        if table.startswith(NOT_BACKED_UP):
            continue
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from introspection)
        rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def database_rows():
    with connection.cursor() as cursor:
        return all_rows(cursor, connection.introspection.table_names(cursor))


def empty_database():
    """What a freshly migrated database holds: no accounts, no content (the roles remain)."""
    for model in reversed(content_models()):
        model._base_manager.all().delete()
    get_user_model()._base_manager.all().delete()


def media_files(root):
    root = Path(root)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal(demo_content, media):
    """Demo content plus what the old backup lost: rows naming accounts, and uploaded files."""
    call_command("setup_roles", verbosity=0)
    chair = get_user_model().objects.create_user("chair", "chair@example.org", "x" * 12)
    GroupEditor.objects.create(user=chair, group=ActionGroup.objects.order_by("pk").first())
    Milestone.objects.filter(pk=Milestone.objects.order_by("pk").first().pk).update(
        recorded_by=chair
    )
    resource = Resource.objects.order_by("pk").first()
    resource.file.save("toolkit.pdf", ContentFile(b"%PDF-1.4 toolkit\n"), save=True)
    partner = Partner.objects.order_by("pk").first()
    partner.logo.save("logo.png", ContentFile(b"\x89PNG fake but bytes"), save=True)
    return chair


def test_round_trip_gives_back_every_row_and_every_file(portal, media, tmp_path):
    assert Milestone.objects.count() == 11
    before, files_before = database_rows(), media_files(media)
    assert len(files_before) == 2
    call_command("export_content", str(tmp_path / "backup.tar.gz"), verbosity=0)

    empty_database()
    for path in Path(media).rglob("*"):
        if path.is_file():
            path.unlink()
    assert Milestone.objects.count() == 0
    call_command("import_content", str(tmp_path / "backup.tar.gz"), verbosity=0)

    assert database_rows() == before
    assert media_files(media) == files_before
    assert Milestone.objects.filter(recorded_by__username="chair").count() == 1
    assert GroupEditor.objects.get().user.username == "chair"
    # New rows get new ids (PostgreSQL's sequences were moved past the restored ones).
    assert PartnerFactory().pk > max(row[0] for row in before["partners_partner"])


def test_times_survive_to_the_microsecond(portal, tmp_path):
    # Django's own JSON encoder keeps milliseconds only, so 12:00:00.000456 came back as 12:00:00.
    exact = datetime.datetime(2026, 3, 1, 12, 0, 0, 456, tzinfo=datetime.UTC)
    partner = Partner.objects.order_by("pk").first()
    Partner.objects.filter(pk=partner.pk).update(created_at=exact)
    call_command("export_content", str(tmp_path / "backup.tar.gz"), verbosity=0)

    empty_database()
    call_command("import_content", str(tmp_path / "backup.tar.gz"), verbosity=0)

    assert Partner.objects.get(pk=partner.pk).created_at == exact


def test_an_existing_account_is_kept_and_the_restored_rows_point_at_it(portal, tmp_path):
    call_command("export_content", str(tmp_path / "backup.tar.gz"), verbosity=0)
    empty_database()
    # The administrator made a login before restoring: same username, another id and password.
    get_user_model().objects.create_user("someone-else")
    chair = get_user_model().objects.create_user("chair", password="a-new-password-1")

    call_command("import_content", str(tmp_path / "backup.tar.gz"), verbosity=0)

    chair.refresh_from_db()
    assert chair.check_password("a-new-password-1")
    assert GroupEditor.objects.get().user == chair
    assert Milestone.objects.get(recorded_by__isnull=False).recorded_by == chair
    assert get_user_model().objects.filter(username="chair").count() == 1


def test_import_refuses_a_database_that_is_not_empty(portal, tmp_path):
    call_command("export_content", str(tmp_path / "backup.tar.gz"), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_content", str(tmp_path / "backup.tar.gz"), verbosity=0)
    assert Partner.objects.count() == 51


def rewrite(source, target, change):
    """A copy of the archive with `change(name, bytes)` applied to each member."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def dangling_row(name, data):
    if name != "data.json":
        return data
    rows = json.loads(data)
    # A partner id no test reaches: PostgreSQL's sequences keep counting across tests.
    fields = {"partner": 10**9, "country": "FR"}
    rows.append({"model": "partners.partnercountry", "pk": 99, "fields": fields})
    return json.dumps(rows).encode()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda source, target: target.write_bytes(source.read_bytes()[:5000]), id="cut"
        ),
        pytest.param(lambda source, target: target.write_text("not a backup"), id="garbage"),
        pytest.param(
            lambda s, t: rewrite(s, t, lambda n, d: d.replace(b"toolkit", b"t00lkit")),
            id="file-changed",
        ),
        pytest.param(
            lambda s, t: rewrite(s, t, lambda n, d: None if n.startswith("media/") else d),
            id="file-missing",
        ),
        pytest.param(lambda s, t: rewrite(s, t, dangling_row), id="row-pointing-at-nothing"),
        pytest.param(
            lambda s, t: rewrite(s, t, lambda n, d: d[:-200] if n == "data.json" else d),
            id="data-cut",
        ),
    ],
)
def test_a_damaged_archive_is_one_line_and_loads_nothing(portal, media, tmp_path, damage):
    source, target = tmp_path / "backup.tar.gz", tmp_path / "damaged.tar.gz"
    call_command("export_content", str(source), verbosity=0)
    empty_database()
    for path in Path(media).rglob("*"):
        if path.is_file():
            path.unlink()
    damage(source, target)

    with pytest.raises(CommandError, match="nothing was loaded") as raised:
        call_command("import_content", str(target), verbosity=0)

    assert len(str(raised.value).splitlines()) == 1
    assert all(m._base_manager.count() == 0 for m in content_models())
    assert get_user_model().objects.count() == 0
    assert media_files(media) == {}


def test_backup_refuses_when_an_uploaded_file_is_missing(portal, media, tmp_path):
    (Path(media) / Resource.objects.exclude(file="").get().file.name).unlink()
    with pytest.raises(CommandError, match=r"toolkit-[\w-]+\.pdf"):
        call_command("export_content", str(tmp_path / "backup.tar.gz"), verbosity=0)
    assert not (tmp_path / "backup.tar.gz").exists()


def test_accounts_and_content_are_in_the_archive(portal, tmp_path):
    call_command("export_content", str(tmp_path / "backup.tar.gz"), verbosity=0)
    with tarfile.open(tmp_path / "backup.tar.gz") as archive:
        rows = json.loads(archive.extractfile("data.json").read())
    labels = {row["model"] for row in rows}
    for model in account_models() + content_models():
        if model._base_manager.exists():
            assert model._meta.label_lower in labels


def as_before_the_kernel(name, data):
    """The archive as the portal wrote it while themes were `alliance87.theme`."""
    if name != "data.json":
        return data
    data = re.sub(rb'"common",(\s*)"theme"', rb'"alliance87",\1"theme"', data)
    return data.replace(b"common.theme", b"alliance87.theme")


def test_a_backup_from_before_themes_moved_to_the_kernel_restores(portal, tmp_path):
    theme = Theme.objects.order_by("pk").first()
    with reversion.create_revision():
        theme.description = "Edited before the move."
        theme.save()
    linked = set(Partner.objects.filter(themes=theme).values_list("pk", flat=True))
    assert linked
    call_command("export_content", str(tmp_path / "backup.tar.gz"), verbosity=0)
    rewrite(tmp_path / "backup.tar.gz", tmp_path / "old.tar.gz", as_before_the_kernel)
    with tarfile.open(tmp_path / "old.tar.gz") as archive:
        old = archive.extractfile("data.json").read()
    assert b'"alliance87.theme"' in old
    assert b"common.theme" not in old
    assert b'"common"' not in old

    empty_database()
    call_command("import_content", str(tmp_path / "old.tar.gz"), verbosity=0)

    assert Theme.objects.count() == 14
    assert set(Partner.objects.filter(themes=theme).values_list("pk", flat=True)) == linked
    # The history still opens: its stored copy names the model as it is called today.
    version = Version.objects.get_for_object(Theme.objects.get(pk=theme.pk)).get()
    assert version.field_dict["description"] == "Edited before the move."
    editor = Group.objects.get(name=SECRETARIAT_EDITOR)
    assert editor.permissions.filter(content_type__app_label="common", codename="change_theme")


def test_an_archive_written_before_the_kernel_app_restores_into_a_new_database():
    """A real archive of the demo, written by `export_content` before Theme moved to common."""
    call_command("import_content", str(ROOT / "tests/data/backup_before_common_app.tar.gz"))

    assert Theme.objects.count() == 14
    assert Partner.objects.filter(themes__isnull=False).distinct().count() > 0
    editor = Group.objects.get(name=SECRETARIAT_EDITOR)
    assert editor.permissions.filter(content_type__app_label="common").count() == 4


# -- the commands as a user runs them: two separate databases and media folders ----------------


def manage(database, media_root, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=f"sqlite:///{database}", MEDIA_ROOT=str(media_root))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


SETUP = """
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from actiongroups.models import ActionGroup, GroupEditor
from pathfinders.models import Milestone, Resource
from tests.factories import PartnerFactory
chair = get_user_model().objects.create_user("chair", "chair@example.org", "x" * 12)
GroupEditor.objects.create(user=chair, group=ActionGroup.objects.order_by("pk").first())
Milestone.objects.update(recorded_by=chair)
Resource.objects.order_by("pk").first().file.save("toolkit.pdf", ContentFile(b"%PDF-1.4 x"))
"""


@pytest.mark.django_db(transaction=False)
def test_backup_then_restore_into_a_new_database_gives_equal_tables_and_files(tmp_path):
    old_db, new_db = tmp_path / "old.sqlite3", tmp_path / "new.sqlite3"
    old_media, new_media = tmp_path / "old-media", tmp_path / "new-media"
    archive = tmp_path / "backup.tar.gz"
    for args in (
        ("migrate", "-v0"),
        ("setup_roles",),
        ("load_demo", "-v0"),
        ("shell", "-c", SETUP),
    ):
        assert manage(old_db, old_media, *args).returncode == 0
    backup = manage(old_db, old_media, "export_content", str(archive))
    assert backup.returncode == 0, backup.stderr
    for args in (("migrate", "-v0"), ("setup_roles",)):
        assert manage(new_db, new_media, *args).returncode == 0

    restore = manage(new_db, new_media, "import_content", str(archive))

    assert restore.returncode == 0, restore.stderr
    with sqlite3.connect(old_db) as old, sqlite3.connect(new_db) as new:
        tables = [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        tables = [t for t in tables if not t.startswith("sqlite_")]
        old_rows, new_rows = all_rows(old.cursor(), tables), all_rows(new.cursor(), tables)
    assert old_rows["pathfinders_milestone"] and old_rows["actiongroups_groupeditor"]
    for table in tables:
        assert new_rows.get(table) == old_rows.get(table), table
    assert media_files(new_media) == media_files(old_media) != {}
