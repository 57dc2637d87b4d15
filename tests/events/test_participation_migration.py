"""The migration to event roles keeps every existing host link, as "hosted"."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("events", "0002_event_local_dates"), ("partners", "0004_published_facets_index")]
AFTER = [("events", "0003_event_participation_roles")]


def test_existing_hosts_become_hosted_participations():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Partner = old.get_model("partners", "Partner")
    Event = old.get_model("events", "Event")
    ilo = Partner.objects.create(name="ILO", slug="ilo", organisation_type="business")
    event = Event.objects.create(
        title="Forum",
        slug="forum",
        start="2019-05-14T00:00:00Z",
        end="2019-05-15T00:00:00Z",
        local_start_date="2019-05-14",
        local_end_date="2019-05-15",
    )
    event.hosts.add(ilo)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    participation = new.get_model("events", "EventParticipation").objects.get()
    assert (participation.event_id, participation.partner_id, participation.role) == (
        event.pk,
        ilo.pk,
        "hosted",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
