"""Issue 12 item 16: the demo content is loaded once per database, never again over edits."""

from io import StringIO

import pytest
from django.core.management import call_command

from actiongroups.models import ActionGroup
from alliance87.models import DemoLoad
from common.models import Theme
from events.models import Event
from partners.models import Partner
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_first_run_loads_and_records_it():
    output = run_load_demo()
    assert output.startswith("Loaded demo content: ")
    assert Partner.objects.count() == 51
    marker = DemoLoad.objects.get()
    assert marker.source == "briefing_pack.json"
    assert not marker.adopted


def test_a_deleted_demo_record_does_not_come_back():
    run_load_demo()
    Partner.objects.get(slug="mars").delete()
    Event.objects.get(slug="freedom-from-slavery-forum-2018").delete()
    Theme.objects.get(slug="forced-labour").delete()
    output = run_load_demo()
    assert "already loaded" in output
    assert not Partner.objects.filter(slug="mars").exists()
    assert not Event.objects.filter(slug="freedom-from-slavery-forum-2018").exists()
    assert not Theme.objects.filter(slug="forced-labour").exists()
    assert DemoLoad.objects.count() == 1


@pytest.mark.parametrize(
    "model,slug",
    [
        (Partner, "ilo"),
        (ActionGroup, "supply-chains"),
        (Theme, "child-labour"),
        (Event, "5th-gcg-meeting-new-york-2019"),
    ],
)
def test_a_renamed_slug_neither_crashes_nor_duplicates(model, slug):
    run_load_demo()
    before = model.objects.count()
    record = model.objects.get(slug=slug)
    record.slug = f"{slug}-renamed"
    record.save()
    output = run_load_demo()
    assert "already loaded" in output
    assert model.objects.count() == before
    assert not model.objects.filter(slug=slug).exists()


def test_a_database_loaded_before_the_marker_is_adopted_not_reloaded():
    PartnerFactory(slug="ilo", name="International Labour Organization (edited)")
    output = run_load_demo()
    assert "upgrade_demo" in output
    assert Partner.objects.count() == 1
    assert DemoLoad.objects.get().adopted
