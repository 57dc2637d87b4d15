"""Multi-step writes on events."""

import reversion
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from .enums import EventStatus
from .models import AgendaItem, Event, EventParticipation, Outcome

# A copy takes over every field an editor can set, except these, which are its own (the title
# in each language says it is a copy).
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
OWN_FIELDS = {
    "id",
    "title",
    *(f"title_{code}" for code in LANGUAGE_CODES),
    "slug",
    "status",
    "is_published",
}


def copied_fields() -> list[str]:
    return [
        field.name
        for field in Event._meta.concrete_fields
        if field.editable and field.name not in OWN_FIELDS
    ]


def copy_titles(event: Event) -> dict[str, str]:
    """The copy's title in each language the event has one, saying "(copy)" in that language."""
    titles = {}
    for code in LANGUAGE_CODES:
        title = getattr(event, f"title_{code}", None)
        if title:
            with translation.override(code):
                titles[f"title_{code}"] = (gettext("%(title)s (copy)") % {"title": title})[:250]
    titles["title"] = titles.get(f"title_{settings.LANGUAGE_CODE}", "")
    return titles


def unique_copy_slug(slug: str) -> str:
    max_length = Event._meta.get_field("slug").max_length
    base = f"{slug[: max_length - 10]}-copy"
    candidate, number = base, 2
    while Event.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def events_to_duplicate(queryset):
    """What duplicate_event copies, fetched once for all of `queryset`."""
    return queryset.prefetch_related(
        "participations", "pathfinder_countries", "tags", "agenda_items", "outcomes"
    )


@transaction.atomic
def duplicate_event(event: Event) -> Event:
    """A draft copy of `event` under a new slug, with its organisations and their roles, its
    pathfinder countries, themes, agenda and outcomes: all of it, or nothing."""
    copy = Event(
        **copy_titles(event),
        slug=unique_copy_slug(event.slug),
        status=EventStatus.SCHEDULED,
        is_published=False,
        **{name: getattr(event, name) for name in copied_fields()},
    )
    copy.save()
    EventParticipation.objects.bulk_create(
        EventParticipation(event=copy, partner_id=row.partner_id, role=row.role)
        for row in event.participations.all()
    )
    copy.pathfinder_countries.set(event.pathfinder_countries.all())
    copy.tags.set(list(event.tags.all()))
    AgendaItem.objects.bulk_create(
        AgendaItem(
            event=copy,
            start_time=item.start_time,
            end_time=item.end_time,
            title=item.title,
            order=item.order,
        )
        for item in event.agenda_items.all()
    )
    Outcome.objects.bulk_create(
        Outcome(event=copy, heading=item.heading, text=item.text, order=item.order)
        for item in event.outcomes.all()
    )
    if reversion.is_active():
        reversion.add_to_revision(copy)
    return copy
