"""Concurrent edits: a save made from a stale page is refused, never silently overwriting."""

import pytest
from django.test import Client
from django.urls import reverse

from actiongroups.enums import OutputStatus
from tests.backoffice.conftest import output_of
from tests.backoffice.helpers import change_form_data, editor_form_data
from tests.factories import AgendaItemFactory, EventFactory, PartnerFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(secretariat_user, roles, django_user_model):
    from common.roles import SECRETARIAT_EDITOR

    colleague = django_user_model.objects.create_user("colleague", password="x" * 14, is_staff=True)
    colleague.groups.add(roles[SECRETARIAT_EDITOR])
    client = Client()
    client.force_login(colleague)
    return client


def test_two_stale_posts_the_second_is_refused(secretariat, second_editor):
    partner = PartnerFactory(name="Walk Free", acronym="WF", description="Original")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    # Both open the page before either saves.
    mine = change_form_data(secretariat.get(url))
    theirs = change_form_data(second_editor.get(url))

    theirs["description"] = "Their careful rewrite"
    assert second_editor.post(url, theirs).status_code == 302

    mine["acronym"] = "WFF"
    response = secretariat.post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert "colleague saved this record" in html
    partner.refresh_from_db()
    assert partner.description == "Their careful rewrite"
    assert partner.acronym == "WF"

    # Saving again from the same stale page is refused again...
    assert secretariat.post(url, mine).status_code == 200
    # ...and works once the page is opened afresh.
    fresh = change_form_data(secretariat.get(url))
    fresh["acronym"] = "WFF"
    assert secretariat.post(url, fresh).status_code == 302
    partner.refresh_from_db()
    assert (partner.acronym, partner.description) == ("WFF", "Their careful rewrite")


def test_a_change_to_an_inline_row_also_makes_the_page_stale(secretariat, second_editor):
    event = EventFactory(title="Workshop")
    AgendaItemFactory(event=event, title="Opening", order=1)
    url = reverse("admin:events_event_change", args=[event.pk])
    mine = change_form_data(secretariat.get(url))
    theirs = change_form_data(second_editor.get(url))
    row = next(k for k, v in theirs.items() if k.endswith("-title") and v == "Opening")
    theirs[row] = "Opening remarks"
    assert second_editor.post(url, theirs).status_code == 302
    mine["title"] = "Workshop (updated)"
    assert secretariat.post(url, mine).status_code == 200
    event.refresh_from_db()
    assert event.title == "Workshop"
    assert event.agenda_items.get().title == "Opening remarks"


def test_stale_work_plan_editor_post_is_refused(secretariat, second_editor, own_group):
    plan = own_group.work_plans.get()
    url = reverse("admin:actiongroups_actiongroup_workplan", args=[own_group.pk, plan.pk])
    mine = editor_form_data(secretariat.get(url))
    theirs = editor_form_data(second_editor.get(url))
    survey = output_of(own_group)
    key = next(
        k
        for k, v in theirs.items()
        if "-outputs-" in k and k.endswith("-id") and str(v) == str(survey.pk)
    )
    theirs[key.replace("-id", "-status")] = OutputStatus.DONE
    assert second_editor.post(url, theirs).status_code == 302
    # My stale page still says "planned" for the survey: saving it would undo their change.
    mine["title"] = "My new title"
    response = secretariat.post(url, mine)
    assert response.status_code == 200
    assert "Someone saved this work plan after you opened it" in response.content.decode()
    survey.refresh_from_db()
    plan.refresh_from_db()
    assert survey.status == OutputStatus.DONE
    assert plan.title != "My new title"


def test_change_forms_and_the_work_plan_editor_carry_one_fingerprint_field(secretariat, own_group):
    # One mechanism (common/concurrency.py): the same hidden input on every editing page.
    plan = own_group.work_plans.get()
    editor = secretariat.get(
        reverse("admin:actiongroups_actiongroup_workplan", args=[own_group.pk, plan.pk])
    )
    change_form = secretariat.get(
        reverse("admin:actiongroups_actiongroup_change", args=[own_group.pk])
    )
    for response in (editor, change_form):
        assert response.context["row_fingerprint_field"] == "_row_fingerprint"
        assert (
            f'<input type="hidden" name="_row_fingerprint" '
            f'value="{response.context["row_fingerprint"]}">' in response.content.decode()
        )


def test_a_post_without_the_fingerprint_is_not_checked(secretariat):
    """Scripts and older pages send no fingerprint; their saves work as before."""
    partner = PartnerFactory(name="Walk Free")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    data = change_form_data(secretariat.get(url))
    data.pop("_row_fingerprint")
    data["acronym"] = "WF2"
    assert secretariat.post(url, data).status_code == 302


def test_a_change_to_the_themes_only_also_makes_the_page_stale(secretariat, second_editor):
    # Themes are a many-to-many field, not a column of the row; the save that changes them
    # still stamps the record, so a page opened before it is stale.
    partner = PartnerFactory(name="Walk Free", acronym="WF", themes=[])
    child_labour = ThemeFactory(slug="child-labour", name="Child labour")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    mine = change_form_data(secretariat.get(url))
    theirs = change_form_data(second_editor.get(url))
    theirs["themes"] = [str(child_labour.pk)]
    assert second_editor.post(url, theirs).status_code == 302
    assert [t.slug for t in partner.themes.all()] == ["child-labour"]

    mine["acronym"] = "WFF"
    assert secretariat.post(url, mine).status_code == 200
    partner.refresh_from_db()
    assert partner.acronym == "WF"
    assert [t.slug for t in partner.themes.all()] == ["child-labour"]


# -- saves at the same instant (PostgreSQL: row locks between two connections) -------------------


@pytest.fixture
def two_editors(secretariat_user, roles, django_user_model):
    from django.db import connection

    from common.roles import SECRETARIAT_EDITOR

    if connection.vendor != "postgresql":
        pytest.skip("needs row locks and concurrent connections (PostgreSQL)")
    colleague = django_user_model.objects.create_user("colleague", password="x" * 14, is_staff=True)
    colleague.groups.add(roles[SECRETARIAT_EDITOR])
    clients = []
    for user in (secretariat_user, colleague):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _wait_for_a_lock_wait(cursor):
    """Until another connection waits on a lock (the second save on the first's row)."""
    import time

    for _attempt in range(300):
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        if cursor.fetchone()[0]:
            return
        time.sleep(0.05)


def overlapping_saves(clients, url, posts, held_model):
    """Post both pages; the first save is held after its write, before its commit, until the
    second has reached the database. Returns both status codes."""
    import threading

    from django.db import connection
    from django.db.models.signals import post_save

    first_saved, release = threading.Event(), threading.Event()
    statuses = [None, None]

    def hold_first_save(sender, instance, **kwargs):
        if threading.current_thread().name == "save-0":
            first_saved.set()
            release.wait(timeout=30)

    def save(index):
        try:
            statuses[index] = clients[index].post(url, posts[index]).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=[i], name=f"save-{i}") for i in (0, 1)]
    post_save.connect(hold_first_save, sender=held_model, dispatch_uid="hold-first-save")
    try:
        threads[0].start()
        assert first_saved.wait(timeout=30)
        threads[1].start()
        with connection.cursor() as cursor:
            _wait_for_a_lock_wait(cursor)
        release.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        release.set()
        post_save.disconnect(dispatch_uid="hold-first-save", sender=held_model)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_two_change_form_saves_at_the_same_instant_one_is_refused(two_editors):
    from partners.models import Partner

    partner = PartnerFactory(name="Walk Free", acronym="WF", description="Original")
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    posts = [change_form_data(client.get(url)) for client in two_editors]
    posts[0]["description"] = "First editor's text"
    posts[1]["acronym"] = "SECOND"
    assert overlapping_saves(two_editors, url, posts, Partner) == [302, 200]
    partner.refresh_from_db()
    assert (partner.description, partner.acronym) == ("First editor's text", "WF")


@pytest.mark.django_db(transaction=True)
def test_two_work_plan_saves_at_the_same_instant_one_is_refused(two_editors, own_group):
    from actiongroups.models import WorkPlan

    plan = own_group.work_plans.get()
    url = reverse("admin:actiongroups_actiongroup_workplan", args=[own_group.pk, plan.pk])
    posts = [editor_form_data(client.get(url)) for client in two_editors]
    posts[0]["title"] = "First editor's title"
    posts[1]["summary"] = "Second editor's summary"
    assert overlapping_saves(two_editors, url, posts, WorkPlan) == [302, 200]
    plan.refresh_from_db()
    assert plan.title == "First editor's title"
    assert plan.summary != "Second editor's summary"
