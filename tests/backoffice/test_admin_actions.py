"""List actions do bounded work: the CSV export streams and writes no history; actions that
change records refuse a selection above a limit; an action a user may not run does nothing."""

import csv
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from common.admin_mixins import MAX_ACTION_ROWS
from partners.models import Partner

pytestmark = pytest.mark.django_db

PARTNERS = reverse("admin:partners_partner_changelist")


def bulk_partners(count, start=0, **fields):
    return Partner.objects.bulk_create(
        Partner(
            name=f"Bulk partner {number}",
            slug=f"bulk-partner-{number}",
            organisation_type="ngo",
            **fields,
        )
        for number in range(start, start + count)
    )


def export_all(client):
    """Select all across the list, then "Export selected as CSV": the rows and the queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            PARTNERS,
            {"action": "export_as_csv", "select_across": "1", "_selected_action": ["0"]},
        )
        assert response.status_code == 200
        assert response.streaming
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body))), len(queries)


def test_exporting_every_partner_streams_with_the_same_queries_for_one_or_many(secretariat):
    bulk_partners(1)
    rows_one, queries_one = export_all(secretariat)
    bulk_partners(1200, start=1)
    rows_many, queries_many = export_all(secretariat)
    assert len(rows_one) == 2 and len(rows_many) == 1202
    assert queries_many == queries_one
    # Reading writes nothing: no history rows, no log entries.
    assert not Version.objects.exists()
    assert not LogEntry.objects.exists()


def test_a_view_only_chair_exports_partners_but_cannot_publish_them(chair):
    bulk_partners(30, is_published=False)
    rows, _queries = export_all(chair)
    assert len(rows) == Partner.objects.count() + 1
    response = chair.post(
        PARTNERS,
        {"action": "publish_selected", "select_across": "1", "_selected_action": ["0"]},
    )
    assert response.status_code in (200, 302)
    assert not Partner.objects.filter(slug__startswith="bulk-", is_published=True).exists()
    assert not Version.objects.exists()  # no history written for an action not run


def test_a_changing_action_above_the_limit_is_refused_and_changes_nothing(secretariat):
    bulk_partners(MAX_ACTION_ROWS + 1, is_published=False)
    with CaptureQueriesContext(connection) as queries:
        response = secretariat.post(
            PARTNERS,
            {"action": "publish_selected", "select_across": "1", "_selected_action": ["0"]},
        )
    assert response.status_code == 302
    assert len(queries) < 30  # a count, not a read or a write per record
    assert not Partner.objects.filter(is_published=True).exists()
    assert not Version.objects.exists()
    page = secretariat.get(response["Location"])
    assert f"at most {MAX_ACTION_ROWS} records at a time, and {MAX_ACTION_ROWS + 1}" in (
        page.content.decode()
    )


def test_a_changing_action_within_the_limit_is_recorded(secretariat):
    bulk_partners(40, is_published=False)
    response = secretariat.post(
        PARTNERS,
        {"action": "publish_selected", "select_across": "1", "_selected_action": ["0"]},
    )
    assert response.status_code == 302
    assert Partner.objects.filter(is_published=True).count() == 40
    # Each record: its state before (baseline) and after, so the action can be undone.
    assert Version.objects.count() == 80


def test_select_all_counts_only_the_filtered_list(secretariat):
    bulk_partners(MAX_ACTION_ROWS + 1, is_published=False)
    bulk_partners(3, start=10_000, is_published=True)
    response = secretariat.post(
        f"{PARTNERS}?is_published__exact=1",
        {"action": "unpublish_selected", "select_across": "1", "_selected_action": ["0"]},
    )
    assert response.status_code == 302
    assert not Partner.objects.filter(is_published=True).exists()
