import reversion
from django.contrib import admin, messages
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from alliance87.admin_mixins import PortalModelAdmin, TranslatedAdminMixin, TranslatedInlineMixin

from .calendars import google_calendar_url, outlook_calendar_url
from .enums import EventStatus
from .forms import EventAdminForm
from .models import AgendaItem, Event, EventParticipation, Outcome, ThemedEvent
from .selectors import event_page_prefetches, outcomes_by_heading

# An event's revision holds its agenda, outcomes and themes: reverting or recovering an event
# brings them back as they were.
reversion.register(Event, follow=["agenda_items", "outcomes", "themedevent_set", "participations"])
reversion.register(AgendaItem)
reversion.register(Outcome)
reversion.register(ThemedEvent)
# The link rows themselves, so that deleting a partner or a pathfinder country (which removes
# its links to events) is undone with the links when it is recovered.
reversion.register(EventParticipation)
reversion.register(Event.pathfinder_countries.through)


class AgendaItemInline(TranslatedInlineMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    ordering = ["order", "start_time", "pk"]
    fields = ["order", "start_time", "end_time", "title"]


class ParticipationInline(admin.TabularInline):
    model = EventParticipation
    extra = 0
    fields = ["partner", "role"]
    autocomplete_fields = ["partner"]


class OutcomeInline(TranslatedInlineMixin, admin.TabularInline):
    model = Outcome
    extra = 0
    ordering = ["order", "pk"]
    fields = ["order", "heading", "text"]


def unique_copy_slug(slug: str) -> str:
    max_length = Event._meta.get_field("slug").max_length
    base = f"{slug[: max_length - 10]}-copy"
    candidate, number = base, 2
    while Event.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{number}"
        number += 1
    return candidate


@admin.register(Event)
class EventAdmin(TranslatedAdminMixin, PortalModelAdmin):
    # Editors type the wall time of the place; the form stores UTC (see EventAdminForm).
    form = EventAdminForm
    group_scope = "action_group"
    preview_template = "events/event_detail.html"
    list_display = [
        "title",
        "local_start_display",
        "timezone",
        "event_type",
        "status",
        "action_group",
        "is_published",
        "updated_at",
    ]
    list_filter = ["is_published", "event_type", "status", "action_group", "date_precision"]
    list_select_related = ["action_group"]
    search_fields = [
        "title",
        "slug",
        "description",
        "city",
        "venue",
        "action_group__name",
        "organisations__name",
        "organisations__acronym",
        "agenda_items__title",
    ]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "start"
    autocomplete_fields = ["action_group", "pathfinder_countries"]
    inlines = [ParticipationInline, AgendaItemInline, OutcomeInline]
    readonly_fields = ["sequence", "updated_at"]
    actions = ["publish_selected", "unpublish_selected", "duplicate_events"]

    @admin.display(description=_("starts (local time)"), ordering="start")
    def local_start_display(self, event):
        start = event.local_start
        return f"{date_format(start, 'DATE_FORMAT')} {time_format(start, 'H:i')}"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "action_group" and self.scope_ids(request) is not None:
            # A chair's event must belong to one of their groups, or they could not see it again.
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # -- history ---------------------------------------------------------------------------

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # A revert must still raise the calendar revision, or subscribers keep the newer copy.
        request._event_sequence_floor = (
            Event.objects.filter(pk=object_id).values_list("sequence", flat=True).first()
            if str(object_id).isdigit()
            else None
        )
        return super().revision_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        floor = getattr(request, "_event_sequence_floor", None)
        if floor is not None and obj.sequence < floor:
            obj.sequence = floor
        super().save_model(request, obj, form, change)

    # -- preview ---------------------------------------------------------------------------

    def preview_context(self, request, event):
        prefetch_related_objects([event], *event_page_prefetches())
        url = request.build_absolute_uri(event.get_absolute_url())
        return {
            "event": event,
            "outcome_groups": outcomes_by_heading(event),
            "google_url": google_calendar_url(event, url),
            "outlook_url": outlook_calendar_url(event, url),
        }

    # -- actions ---------------------------------------------------------------------------

    @admin.action(description=_("Duplicate selected events (as drafts)"), permissions=["add"])
    def duplicate_events(self, request, queryset):
        copies = []
        events = queryset.prefetch_related(
            "participations", "pathfinder_countries", "tags", "agenda_items", "outcomes"
        )
        for event in events:
            copy = Event(
                title=(gettext("%(title)s (copy)") % {"title": event.title})[:250],
                slug=unique_copy_slug(event.slug),
                event_type=event.event_type,
                status=EventStatus.SCHEDULED,
                start=event.start,
                end=event.end,
                timezone=event.timezone,
                all_day=event.all_day,
                date_precision=event.date_precision,
                venue=event.venue,
                city=event.city,
                country=event.country,
                online_url=event.online_url,
                registration_url=event.registration_url,
                description=event.description,
                action_group=event.action_group,
                is_published=False,
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
            self.log_addition(request, copy, [{"added": {}}])
            copies.append(copy)
        if reversion.is_active():
            reversion.set_comment(gettext("Duplicated as drafts."))
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:events_event_change", args=[copy.pk]), copy.title) for copy in copies),
        )
        text = ngettext(
            "%(count)s draft copy made; change its dates and publish it when ready:",
            "%(count)s draft copies made; change their dates and publish them when ready:",
            len(copies),
        ) % {"count": len(copies)}
        self.message_user(request, format_html("{} {}", text, links), messages.SUCCESS)
