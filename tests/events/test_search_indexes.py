"""PostgreSQL: the events search reads the trigram index of the text each language shows."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import translation

from events.filters import EventFilterSet
from events.models import Event
from search.selectors import _matching, areas
from tests.partners.helpers import on_postgres

pytestmark = [pytest.mark.django_db, on_postgres]


def explained(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return queryset.explain()
        finally:
            cursor.execute("RESET enable_seqscan")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_events_list_search_uses_the_index_of_its_language(language):
    with translation.override(language):
        filterset = EventFilterSet(QueryDict("q=forced"), queryset=Event.objects.all())
        plan = explained(filterset.qs.order_by())
    assert f"events_event_title_{language}_norm_trgm" in plan


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_portal_search_over_events_and_their_outcomes_uses_them(language):
    events = next(area for area in areas() if area.key == "events")
    with translation.override(language):
        plan = explained(_matching(events, ["forced"], fuzzy=False))
    assert f"events_event_title_{language}_norm_trgm" in plan
    assert f"events_outcome_text_{language}_norm_trgm" in plan
    assert f"events_agendaitem_title_{language}_norm_trgm" in plan
