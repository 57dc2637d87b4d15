"""The admin itself: grouped index, every list for every role, facets, CSV export, bad input."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actiongroups.enums import MemberRole
from actiongroups.models import Membership
from events.models import Event
from partners.models import Partner
from tests.backoffice.conftest import build_group_with_plan
from tests.backoffice.helpers import change_form_data
from tests.factories import (
    ActionGroupFactory,
    AgendaItemFactory,
    EventFactory,
    MembershipFactory,
    PartnerFactory,
    PathfinderCountryFactory,
    ResourceFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "admin:partners_partner_changelist",
    "admin:pathfinders_pathfindercountry_changelist",
    "admin:pathfinders_resource_changelist",
    "admin:actiongroups_actiongroup_changelist",
    "admin:actiongroups_workplan_changelist",
    "admin:actiongroups_output_changelist",
    "admin:actiongroups_membership_changelist",
    "admin:actiongroups_objective_changelist",
    "admin:events_event_changelist",
    "admin:common_theme_changelist",
    "admin:auth_user_changelist",
    "admin:axes_accessattempt_changelist",
]
NASTY_QUERIES = ["", "?q=walk", "?q=%25_%27%5C%22%3Cscript%3E", "?q=" + "x" * 10_000, "?q=é中"]


@pytest.fixture
def content(own_group, other_group):
    theme = ThemeFactory(name="Child labour", slug="child-labour")
    PartnerFactory(name="Walk Free", themes=[theme], countries=["AU"])
    PathfinderCountryFactory(country="NP", name="Nepal", slug="nepal")
    ResourceFactory(title="Toolkit")
    return own_group


def test_index_is_grouped_by_area_with_the_portal_name(admin_client):
    response = admin_client.get(reverse("admin:index"))
    html = response.content.decode()
    assert "Alliance 8.7 back office" in html
    names = [app["name"] for app in response.context["app_list"]]
    expected = ["Partner directory", "Pathfinder countries", "Action groups", "Events calendar"]
    assert [str(name) for name in names[:4]] == expected
    assert "Users and roles" in [str(name) for name in names]
    groups = next(app for app in response.context["app_list"] if app["app_label"] == "actiongroups")
    assert [m["object_name"] for m in groups["models"]][:2] == ["ActionGroup", "WorkPlan"]
    assert "taggit" not in [app["app_label"] for app in response.context["app_list"]]


@pytest.mark.parametrize("url", CHANGELISTS)
@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_every_list_renders_for_the_superuser_with_any_search(admin_client, content, url, query):
    response = admin_client.get(reverse(url) + query)
    assert response.status_code == 200


@pytest.mark.parametrize("url", CHANGELISTS[:10])
def test_every_content_list_renders_for_the_secretariat_with_facet_counts(
    secretariat, content, url
):
    response = secretariat.get(reverse(url))
    assert response.status_code == 200
    html = response.content.decode()
    if response.context["cl"].has_filters:
        assert "(1)" in html or "(2)" in html  # Django's facet counts are on


@pytest.mark.parametrize(
    "url,query",
    [
        ("admin:partners_partner_changelist", "?verified=stale"),
        ("admin:partners_partner_changelist", "?verified=bogus"),
        ("admin:events_event_changelist", "?start__year=2030&start__month=13"),
        ("admin:events_event_changelist", "?action_group__id__exact=abc"),
        ("admin:partners_partner_changelist", "?p=99999"),
        ("admin:partners_partner_changelist", "?o=99"),
    ],
)
def test_bad_list_parameters_never_give_a_server_error(secretariat, content, url, query):
    assert secretariat.get(reverse(url) + query).status_code in (200, 302)


@pytest.mark.parametrize(
    "url",
    [
        "admin:partners_partner_changelist",
        "admin:events_event_changelist",
        "admin:actiongroups_output_changelist",
        "admin:actiongroups_actiongroup_changelist",
    ],
)
def test_list_query_count_does_not_grow_with_rows(secretariat, url):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert secretariat.get(reverse(url)).status_code == 200
        return len(queries)

    # Two of each, so every filter is already shown (a filter with one choice is hidden).
    group = build_group_with_plan("First")
    build_group_with_plan("Second")
    PartnerFactory.create_batch(2, themes=[ThemeFactory()], countries=["FR"])
    few = count()
    for index in range(6):
        build_group_with_plan(f"Group {index}")
        PartnerFactory(themes=[ThemeFactory()], countries=["FR", "DE"])
    EventFactory(action_group=group)
    assert count() == few


def test_view_on_site_and_logo_preview_in_the_partner_list(secretariat, content):
    html = secretariat.get(reverse("admin:partners_partner_changelist")).content.decode()
    assert "Import from CSV" in html
    assert "Recover deleted partners" in html


# -- CSV export of any list --------------------------------------------------------------------


def export(client, url, ids):
    response = client.post(reverse(url), {"action": "export_as_csv", "_selected_action": ids})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)  # streamed, however many rows
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_export_selected_as_csv_guards_against_formulas(secretariat):
    evil = PartnerFactory(name='=HYPERLINK("http://evil.example","click")', acronym="+SUM(A1)")
    plain = PartnerFactory(name="Walk Free", acronym="WF", is_published=False)
    rows = export(secretariat, "admin:partners_partner_changelist", [evil.pk, plain.pk])
    header, *body = rows
    assert header[:3] == ["id", "logo", "name"]
    by_id = {row[0]: row for row in body}
    evil_row = by_id[str(evil.pk)]
    assert evil_row[2] == '\'=HYPERLINK("http://evil.example","click")'
    assert evil_row[3] == "'+SUM(A1)"
    assert by_id[str(plain.pk)][2] == "Walk Free"
    assert "no" in by_id[str(plain.pk)]  # the published column, as text


@pytest.mark.parametrize(
    "url,factory",
    [
        ("admin:events_event_changelist", lambda: EventFactory(title="-1+1")),
        ("admin:actiongroups_actiongroup_changelist", lambda: ActionGroupFactory(name="@cmd")),
        ("admin:common_theme_changelist", lambda: ThemeFactory(name="=1+1")),
    ],
)
def test_export_works_on_every_list(secretariat, url, factory):
    obj = factory()
    rows = export(secretariat, url, [obj.pk])
    assert len(rows) == 2
    assert any(cell.startswith("'") for cell in rows[1])


def test_a_chair_exports_only_their_rows(chair, own_group, other_group):
    events = list(Event.objects.values_list("pk", flat=True))
    rows = export(chair, "admin:events_event_changelist", events)
    titles = {row[1] for row in rows[1:]}
    assert titles == {"Supply Chains meeting"}


# -- text becomes escaped HTML ------------------------------------------------------------------


def test_admin_entered_html_is_escaped_with_line_breaks_kept(secretariat):
    event = EventFactory(title="Workshop", slug="workshop")
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(secretariat.get(url))
    data["description"] = "<script>alert('x')</script><b>bold</b>\nsecond line\n\nnew paragraph"
    data["title"] = "Workshop <img src=x onerror=alert(1)>"
    assert secretariat.post(url, data).status_code == 302
    html = Client().get("/events/workshop/").content.decode()
    assert "<script>alert" not in html
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;<br>second line"
        in html
    )
    assert "<p>new paragraph</p>" in html
    assert "<img src=x" not in html
    assert "Workshop &lt;img src=x onerror=alert(1)&gt;" in html


# -- forms reject bad data at the field -----------------------------------------------------------


def test_duplicate_slug_is_reported_at_the_field(secretariat):
    PartnerFactory(name="Walk Free", slug="walk-free")
    response = secretariat.post(
        reverse("admin:partners_partner_add"),
        {
            "name": "Walk Free Foundation",
            "slug": "walk-free",
            "organisation_type": "civil_society",
            "standing": "alliance_partner",
            "countries_of_work-TOTAL_FORMS": "0",
            "countries_of_work-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Partner.objects.count() == 1


def test_a_second_chair_added_in_one_save_is_reported_at_the_field(secretariat):
    group = ActionGroupFactory(name="Supply Chains")
    url = reverse("admin:actiongroups_actiongroup_change", args=[group.pk])
    data = change_form_data(secretariat.get(url))
    first, second, third = PartnerFactory.create_batch(3)
    data.update(
        {
            "memberships-TOTAL_FORMS": "3",
            "memberships-0-partner": first.pk,
            "memberships-0-role": MemberRole.CHAIR,
            "memberships-1-partner": second.pk,
            "memberships-1-role": MemberRole.CHAIR,
            "memberships-2-partner": first.pk,
            "memberships-2-role": MemberRole.MEMBER,
        }
    )
    response = secretariat.post(url, data)
    assert response.status_code == 200
    formset = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "memberships"
    )
    assert "A group has one chair" in str(formset.forms[1].errors["role"])
    assert "listed twice" in str(formset.forms[2].errors["partner"])
    assert not Membership.objects.filter(group=group).exists()


def test_a_chair_and_co_chairs_together_are_refused(secretariat):
    group = ActionGroupFactory()
    MembershipFactory(group=group, role=MemberRole.CHAIR)
    url = reverse("admin:actiongroups_membership_add")
    response = secretariat.post(
        url, {"group": group.pk, "partner": PartnerFactory().pk, "role": MemberRole.CO_CHAIR}
    )
    assert response.status_code == 200
    assert "role" in response.context["adminform"].form.errors


def test_agenda_item_ending_before_it_starts_is_refused(secretariat):
    event = EventFactory()
    AgendaItemFactory(event=event, title="Panel")
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(secretariat.get(url))
    row = next(k for k, v in data.items() if k.endswith("-title") and v == "Panel")
    data[row.replace("-title", "-start_time")] = "11:00"
    data[row.replace("-title", "-end_time")] = "10:00"
    response = secretariat.post(url, data)
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()


def test_event_ending_before_it_starts_is_refused(secretariat):
    event = EventFactory()
    url = reverse("admin:events_event_change", args=[event.pk])
    data = change_form_data(secretariat.get(url))
    data["end_0"] = "2001-01-01"
    response = secretariat.post(url, data)
    assert response.status_code == 200
    assert "end" in response.context["adminform"].form.errors


def test_duplicate_event_action_makes_a_draft_copy(secretariat):
    event = EventFactory(title="Annual meeting", slug="annual-meeting")
    AgendaItemFactory(event=event, title="Opening")
    changelist = reverse("admin:events_event_changelist")
    for _round in range(2):
        secretariat.post(changelist, {"action": "duplicate_events", "_selected_action": [event.pk]})
    copies = Event.objects.exclude(pk=event.pk).order_by("pk")
    assert [c.slug for c in copies] == ["annual-meeting-copy", "annual-meeting-copy-2"]
    assert all(not c.is_published for c in copies)
    assert copies[0].agenda_items.get().title == "Opening"
    assert copies[0].title == "Annual meeting (copy)"


# -- login protection ------------------------------------------------------------------------------


def test_admin_login_locks_after_five_failures(django_user_model):
    django_user_model.objects.create_user("editor", password="right password 87", is_staff=True)
    client = Client()
    url = reverse("admin:login")
    for _attempt in range(4):
        response = client.post(url, {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
    # The fifth failure locks, and says so.
    response = client.post(url, {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    # Locked even with the right password, with a clear message.
    response = client.post(url, {"username": "editor", "password": "right password 87"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "failed 5 times in a row" in html
    assert "30 minutes" in html
    assert "_auth_user_id" not in client.session
    # The same account from another address is not locked out (see test_login_lockout.py).
    response = Client(REMOTE_ADDR="198.51.100.7").post(
        url, {"username": "editor", "password": "right password 87"}
    )
    assert response.status_code == 302
    # The documented unlock.
    call_command("axes_reset", verbosity=0)
    response = client.post(url, {"username": "editor", "password": "right password 87"})
    assert response.status_code == 302


def test_the_back_office_speaks_french_and_spanish(admin_client, content):
    html = admin_client.get("/fr/admin/").content.decode()
    assert "Espace d’administration d’Alliance 8.7" in html
    assert "Annuaire des partenaires" in html
    html = admin_client.get("/es/admin/partners/partner/").content.decode()
    assert "Importar desde CSV" in html
    assert "Exportar la selección en CSV" in html
    assert "No verificado en los últimos 12 meses" in html
