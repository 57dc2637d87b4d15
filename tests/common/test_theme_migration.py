"""Theme moved from alliance87 to common (common 0001 … alliance87 0003) without losing what
names it: the roles' permissions, the admin's action log and django-reversion's history."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from reversion.models import Revision, Version

from common.models import Theme
from partners.models import Partner

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def historical_models():
    """The models as the applied migrations left them (today's have since gained columns)."""
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def test_the_move_keeps_the_table_permissions_log_and_history():
    migrate([("common", None)])  # back to before the move: the row is alliance87's again
    old_type = ContentType.objects.get(app_label="alliance87", model="theme")
    assert not ContentType.objects.filter(app_label="common").exists()
    old = historical_models()
    theme = old.get_model("alliance87", "Theme").objects.create(
        name="Forced labour", slug="forced-labour"
    )
    partner = old.get_model("partners", "Partner").objects.create(name="ILO", slug="ilo")
    old.get_model("partners", "ThemedPartner").objects.create(
        tag_id=theme.pk, content_object_id=partner.pk
    )
    editors = Group.objects.create(name="Editors")
    editors.permissions.add(Permission.objects.get(content_type=old_type, codename="change_theme"))
    LogEntry.objects.create(
        user=get_user_model().objects.create_user("editor"),
        content_type=old_type,
        object_id=str(theme.pk),
        object_repr="Forced labour",
        action_flag=CHANGE,
    )
    Version.objects.create(
        revision=Revision.objects.create(date_created="2026-01-01T00:00:00Z"),
        object_id=str(theme.pk),
        content_type=old_type,
        db="default",
        format="json",
        serialized_data=(
            f'[{{"model": "alliance87.theme", "pk": {theme.pk}, "fields": {{"name": '
            '"Forced labour", "slug": "forced-labour", "description": "Before the move."}}]'
        ),
        object_repr="Forced labour",
    )

    migrate(None)

    new_type = ContentType.objects.get_for_model(Theme)
    assert (new_type.pk, new_type.app_label) == (old_type.pk, "common")
    assert not ContentType.objects.filter(app_label="alliance87", model="theme").exists()
    assert editors.permissions.get().content_type == new_type
    moved = Theme.objects.get(pk=theme.pk)
    assert LogEntry.objects.get().get_edited_object() == moved
    assert (
        Version.objects.get_for_object(moved).get().field_dict["description"] == "Before the move."
    )
    assert list(Partner.objects.get(pk=partner.pk).themes.all()) == [moved]
