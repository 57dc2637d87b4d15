"""The issue's "done when", on the real demo content (the briefing pack)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from actiongroups.enums import OutputStatus
from actiongroups.models import ActionGroup, Output
from common.roles import SECRETARIAT_EDITOR, make_group_editor, setup_roles
from events.models import Event
from partners.models import Partner, PartnerCountry
from tests.backoffice.helpers import change_form_data, editor_form_data

pytestmark = pytest.mark.django_db

# An upcoming day, whenever the tests run (a fixed year would turn into the past).
WORKSHOP_DAY = (timezone.localdate() + timedelta(days=90)).isoformat()


@pytest.fixture
def demo(demo_content):
    setup_roles()
    return demo_content


def test_a_chair_updates_their_work_plan_and_cannot_touch_another_group(demo, django_user_model):
    supply_chains = ActionGroup.objects.get(slug="supply-chains")
    migration = ActionGroup.objects.get(slug="migration")
    user = django_user_model.objects.create_user("sc-chair", password="x" * 14)
    make_group_editor(user, supply_chains)
    chair = Client()
    chair.force_login(user)

    plan = supply_chains.work_plans.get(start_year=2020)
    url = reverse("admin:actiongroups_actiongroup_workplan", args=[supply_chains.pk, plan.pk])
    data = editor_form_data(chair.get(url))
    output = Output.objects.filter(objective__work_plan=plan).exclude(status=OutputStatus.DONE)[0]
    key = next(
        k
        for k, v in data.items()
        if "-outputs-" in k and k.endswith("-id") and str(v) == str(output.pk)
    )
    data[key.replace("-id", "-status")] = OutputStatus.DONE
    assert chair.post(url, data).status_code == 302
    output.refresh_from_db()
    assert output.status == OutputStatus.DONE
    # The public page shows it at once.
    assert output.title[:40] in Client().get("/action-groups/supply-chains/").content.decode()

    # Another group, even with a hand-made request, is out of reach.
    change = reverse("admin:actiongroups_actiongroup_change", args=[migration.pk])
    assert chair.get(change).status_code == 404
    assert chair.post(change, {"name": "Hijacked", "slug": "hijacked"}).status_code == 404
    migration.refresh_from_db()
    assert migration.name != "Hijacked"
    group_list = chair.get(reverse("admin:actiongroups_actiongroup_changelist")).content.decode()
    assert change not in group_list  # ("Migration" is also a theme, in the filters)
    assert reverse("admin:actiongroups_actiongroup_change", args=[supply_chains.pk]) in group_list


def test_a_secretariat_editor_drafts_previews_publishes_reverts_deletes_and_recovers(
    demo, django_user_model
):
    user = django_user_model.objects.create_user("editor", password="x" * 14, is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT_EDITOR))
    editor = Client()
    editor.force_login(user)
    public = Client()

    # Draft an event.
    response = editor.post(
        reverse("admin:events_event_add"),
        {
            "title": "Pathfinder workshop",
            "slug": "pathfinder-workshop",
            "event_type": "workshop",
            "status": "scheduled",
            "timezone": "Africa/Abidjan",
            "start_0": WORKSHOP_DAY,
            "start_1": "09:00",
            "end_0": WORKSHOP_DAY,
            "end_1": "17:00",
            "date_precision": "day",
            "agenda_items-TOTAL_FORMS": "1",
            "agenda_items-INITIAL_FORMS": "0",
            "agenda_items-0-title": "Opening",
            "agenda_items-0-order": "1",
            "outcomes-TOTAL_FORMS": "0",
            "outcomes-INITIAL_FORMS": "0",
            "participations-TOTAL_FORMS": "0",
            "participations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="pathfinder-workshop")
    assert not event.is_published
    assert public.get("/events/pathfinder-workshop/").status_code == 404

    # Preview it.
    preview = editor.get(reverse("admin:events_event_preview", args=[event.pk]))
    assert "Draft — not public" in preview.content.decode()
    assert "Pathfinder workshop" in preview.content.decode()

    # Publish it.
    editor.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish_selected", "_selected_action": [event.pk]},
    )
    assert public.get("/events/pathfinder-workshop/").status_code == 200

    # Regret a change and revert it.
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(editor.get(url))
    data["title"] = "Wrong title"
    assert editor.post(url, data).status_code == 302
    before = Version.objects.get_for_object(event)[1]
    revision_url = reverse("admin:events_event_revision", args=[event.pk, before.pk])
    assert editor.post(revision_url, change_form_data(editor.get(revision_url))).status_code == 302
    event.refresh_from_db()
    assert event.title == "Pathfinder workshop"
    assert event.is_published
    assert "Pathfinder workshop" in public.get("/events/pathfinder-workshop/").content.decode()

    # Delete a partner and recover it, with its countries of work and themes.
    ilo = Partner.objects.get(slug="ilo")
    # The pack states no country of work for the ILO: the Secretariat records one first.
    PartnerCountry.objects.create(partner=ilo, country="CI")
    countries = sorted(c.country.code for c in ilo.countries_of_work.all())
    themes = sorted(ilo.themes.values_list("slug", flat=True))
    memberships = sorted(ilo.memberships.values_list("group__slug", "role"))
    assert countries and themes
    assert (
        editor.post(
            reverse("admin:partners_partner_delete", args=[ilo.pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert public.get("/partners/ilo/").status_code == 404
    deleted = Version.objects.get_deleted(Partner).get(object_id=str(ilo.pk))
    recover = reverse("admin:partners_partner_recover", args=[deleted.pk])
    assert editor.post(recover, change_form_data(editor.get(recover))).status_code == 302
    ilo = Partner.objects.get(slug="ilo")
    assert sorted(c.country.code for c in ilo.countries_of_work.all()) == countries
    assert sorted(ilo.themes.values_list("slug", flat=True)) == themes
    assert sorted(ilo.memberships.values_list("group__slug", "role")) == memberships
    assert public.get("/partners/ilo/").status_code == 200


def test_stale_partners_are_found_and_marked_verified(demo, secretariat):
    changelist = reverse("admin:partners_partner_changelist")
    Partner.objects.update(last_verified=None)
    recent = Partner.objects.get(slug="ilo")
    recent.last_verified = timezone.localdate()
    recent.save()
    stale = secretariat.get(changelist + "?verified=stale").context["cl"]
    assert stale.result_count == Partner.objects.count() - 1
    assert recent not in stale.result_list
    response = secretariat.post(
        changelist + "?verified=stale",
        {"action": "mark_verified", "select_across": "1", "index": "0", "_selected_action": ["0"]},
    )
    assert response.status_code == 302
    assert not Partner.objects.filter(last_verified__isnull=True).exists()
    assert set(Partner.objects.values_list("last_verified", flat=True)) == {timezone.localdate()}
    assert secretariat.get(changelist + "?verified=stale").context["cl"].result_count == 0
