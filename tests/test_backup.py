"""Backups: export all content, restore into an empty database, and get the same content back."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from actiongroups.models import ActionGroup, GroupEditor
from alliance87.backup import content_models
from partners.models import Partner

pytestmark = pytest.mark.django_db(transaction=True)


def dump(path):
    call_command("export_content", str(path), verbosity=0)
    return json.loads(path.read_text(encoding="utf-8"))


def empty_content():
    for model in reversed(content_models()):
        model._base_manager.all().delete()
    assert all(m._base_manager.count() == 0 for m in content_models())


def counts():
    return {m._meta.label: m._base_manager.count() for m in content_models()}


def test_round_trip_restores_identical_content(demo_content, tmp_path):
    before = dump(tmp_path / "before.json")
    counts_before = counts()
    assert counts_before["partners.Partner"] == 51

    empty_content()
    call_command("import_content", str(tmp_path / "before.json"), verbosity=0)

    assert counts() == counts_before
    assert dump(tmp_path / "after.json") == before


def test_times_survive_to_the_microsecond(demo_content, tmp_path):
    # Django's own JSON encoder keeps milliseconds only, so 12:00:00.000456 came back as 12:00:00.
    exact = datetime.datetime(2026, 3, 1, 12, 0, 0, 456, tzinfo=datetime.UTC)
    partner = Partner.objects.order_by("pk").first()
    Partner.objects.filter(pk=partner.pk).update(created_at=exact)
    dump(tmp_path / "backup.json")

    empty_content()
    call_command("import_content", str(tmp_path / "backup.json"), verbosity=0)

    assert Partner.objects.get(pk=partner.pk).created_at == exact


def test_restore_does_not_need_user_accounts(demo_content, tmp_path):
    # Who may edit a group belongs to accounts, which are not in a content backup.
    chair = get_user_model().objects.create_user("chair")
    GroupEditor.objects.create(user=chair, group=ActionGroup.objects.first())
    dumped = dump(tmp_path / "backup.json")
    assert not [row for row in dumped if row["model"] == "actiongroups.groupeditor"]

    empty_content()
    get_user_model().objects.all().delete()
    call_command("import_content", str(tmp_path / "backup.json"), verbosity=0)
    assert Partner.objects.count() == 51


def test_import_refuses_a_database_that_is_not_empty(demo_content, tmp_path):
    dump(tmp_path / "backup.json")
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_content", str(tmp_path / "backup.json"), verbosity=0)
    assert Partner.objects.count() == 51


def test_a_broken_backup_loads_nothing(demo_content, tmp_path):
    dumped = dump(tmp_path / "backup.json")
    empty_content()
    # A backup cut off half-way: valid rows first, then a row pointing at nothing.
    broken = dumped[:60] + [
        {
            "model": "partners.partnercountry",
            "pk": 1,
            "fields": {"partner": 999999, "country": "FR"},
        }
    ]
    (tmp_path / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    (tmp_path / "garbage.json").write_text('[{"model": "partners.partner", ', encoding="utf-8")

    for name in ("broken.json", "garbage.json"):
        with pytest.raises(CommandError, match="nothing was loaded"):
            call_command("import_content", str(tmp_path / name), verbosity=0)
        assert all(m._base_manager.count() == 0 for m in content_models())
