"""The events filters: one FilterSet shared by the list, the month grid and both feeds."""

from datetime import date, timedelta

import django_filters
from django import forms
from django.db.models import CharField, Count, Q, Value
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from actiongroups.models import ActionGroup
from alliance87.facets import FacetedFilterSet
from alliance87.models import Theme
from alliance87.translated import in_language
from partners import search
from partners.models import Partner
from pathfinders.models import PathfinderCountry

from .enums import EventType, ParticipationRole
from .models import Event, EventParticipation

# The event's translatable texts a search reads (besides the city, stored once).
SEARCHED = ("title", "description", "venue")

# A date window longer than this is cut (and the visitor told), so a "10 000-year range" stays a
# reasonable query and a reasonable feed.
MAX_WINDOW_YEARS = 10
MAX_WINDOW = timedelta(days=3652)
ISO_DATE = ["%Y-%m-%d"]
FILTER_NAMES = ("tag", "type", "country", "group", "pathfinder", "host", "from", "to", "q")


def clamp_window(start: date, end: date, today: date) -> tuple[date, date]:
    """The MAX_WINDOW-long part of [start, end] that lies closest to today."""
    latest_start = end - MAX_WINDOW
    try:
        wanted = today - MAX_WINDOW / 2
    except OverflowError:  # only for a "today" within five years of year 1
        wanted = start
    new_start = min(max(wanted, start), latest_start)
    return new_start, new_start + MAX_WINDOW


class EventFilterForm(forms.Form):
    """Checks the date window as a whole: `to` before `from` is reported, a huge span is cut."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices: list[str] = []

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", gettext("The end date is before the start date."))
        elif start and end and end - start > MAX_WINDOW:
            cleaned["from"], cleaned["to"] = clamp_window(start, end, timezone.localdate())
            self.notices.append(
                gettext("Date ranges are limited to %(years)s years: showing %(start)s to %(end)s.")
                % {
                    "years": MAX_WINDOW_YEARS,
                    "start": date_format(cleaned["from"], "DATE_FORMAT"),
                    "end": date_format(cleaned["to"], "DATE_FORMAT"),
                }
            )
        return cleaned


class EventFilterSet(FacetedFilterSet):
    """tag, type, country, group, pathfinder, host: OR within, AND across; from/to; q.

    The choices of the relation facets come from the database once per request; each
    relation filter is a subquery, so an event matching two selected tags is listed once and
    no DISTINCT is needed.
    """

    tag = django_filters.MultipleChoiceFilter(
        field_name="tags__slug", method="filter_tag", label=_("Theme")
    )
    type = django_filters.MultipleChoiceFilter(
        field_name="event_type",
        choices=EventType.choices,
        label=_("Type of event"),
        distinct=False,
    )
    country = django_filters.MultipleChoiceFilter(
        field_name="country", method="filter_country", label=_("Country")
    )
    group = django_filters.MultipleChoiceFilter(
        field_name="action_group__slug", method="filter_group", label=_("Action group")
    )
    pathfinder = django_filters.MultipleChoiceFilter(
        field_name="pathfinder_countries__slug",
        method="filter_pathfinder",
        label=_("Pathfinder country"),
    )
    host = django_filters.MultipleChoiceFilter(
        field_name="organisations__slug",
        method="filter_host",
        label=_("Organisation (host or organiser)"),
    )
    # "from" is a Python keyword: declared as date_from and renamed below.
    date_from = django_filters.DateFilter(
        field_name="local_end_date",
        method="filter_from",
        label=_("From"),
        input_formats=ISO_DATE,
    )
    to = django_filters.DateFilter(
        field_name="local_start_date", method="filter_to", label=_("To"), input_formats=ISO_DATE
    )
    q = django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=200)

    facet_names = ("tag", "type", "country", "group", "pathfinder", "host")

    class Meta:
        model = Event
        fields = []
        form = EventFilterForm

    # -- choices, loaded once per FilterSet --------------------------------------------------

    def get_form_class(self):
        if not getattr(self, "_choices_loaded", False):
            self._choices_loaded = True
            for name, rows in self._load_choices().items():
                self.filters[name].extra["choices"] = rows
            self.filters["country"].extra["choices"] = [(code, name) for code, name in countries]
        return super().get_form_class()

    def _load_choices(self) -> dict[str, list[tuple[str, str]]]:
        """Themes, groups, pathfinder countries and the requested hosts in one query.

        Any published organisation may host, so the host choices are only the ones asked for
        (to validate them and label their chips); the host facet lists its options from its
        own counts (`count_host`).
        """

        def labelled(queryset, facet):
            # The name in the page's language (English when missing), one column whatever the
            # model, so the UNION stays one query in every language.
            # Both as annotations whatever the model, so every part of the UNION selects its
            # columns in the same order.
            return (
                queryset.order_by()
                .annotate(
                    choice_facet=Value(facet, output_field=CharField()),
                    choice_label=in_language("name", model=queryset.model),
                )
                .values_list("choice_facet", "slug", "choice_label")
            )

        parts = [
            labelled(ActionGroup.objects.published(), "group"),
            labelled(PathfinderCountry.objects.published(), "pathfinder"),
        ]
        # django-filter keeps an empty query as a plain dict.
        requested_hosts = self.data.getlist("host") if isinstance(self.data, QueryDict) else []
        if requested_hosts:
            hosts = Partner.objects.published().filter(slug__in=requested_hosts)
            parts.append(labelled(hosts, "host"))
        rows = labelled(Theme.objects.all(), "tag").union(*parts, all=True)
        choices = {"tag": [], "group": [], "pathfinder": [], "host": []}
        for facet, slug, name in sorted(rows, key=lambda row: (row[2].casefold(), row[1])):
            choices[facet].append((slug, name))
        return choices

    def count_host(self, queryset) -> dict[str, int]:
        rows = (
            EventParticipation.objects.filter(
                event__in=queryset.order_by().values("pk"),
                partner__is_published=True,
                role__in=ParticipationRole.host_roles(),
            )
            .order_by()
            .values_list("partner__slug", "partner__name")
            .annotate(count=Count("event_id", distinct=True))
        )
        self._host_labels = {slug: name for slug, name, _count in rows}
        return {slug: count for slug, _name, count in rows}

    def facet_choices(self, name, counts):
        if name != "host":
            return super().facet_choices(name, counts)
        labels = {**getattr(self, "_host_labels", {}), **dict(self.form.fields[name].choices)}
        return sorted(labels.items(), key=lambda item: (item[1].casefold(), item[0]))

    # -- filtering ---------------------------------------------------------------------------

    def filter_tag(self, queryset, name, value):
        through = Event.tags.through.objects.filter(tag__slug__in=value)
        return queryset.filter(pk__in=through.values("content_object_id"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country__in=value)

    def filter_group(self, queryset, name, value):
        return queryset.filter(action_group__slug__in=value)

    def filter_pathfinder(self, queryset, name, value):
        through = Event.pathfinder_countries.through.objects.filter(
            pathfindercountry__slug__in=value
        )
        return queryset.filter(pk__in=through.values("event_id"))

    def filter_host(self, queryset, name, value):
        # Hosts and organisers only: a funder or a panellist did not host the event.
        through = EventParticipation.objects.filter(
            partner__slug__in=value, role__in=ParticipationRole.host_roles()
        )
        return queryset.filter(pk__in=through.values("event_id"))

    def filter_from(self, queryset, name, value):
        return queryset.filter(local_end_date__gte=value)

    def filter_to(self, queryset, name, value):
        return queryset.filter(local_start_date__lte=value)

    def filter_search(self, queryset, name, value):
        # The text as the page shows it (the page's language, else English), accents and case
        # folded; on /fr/ and /es/ little words dropped and each word stemmed (issue 15). Words
        # are letters and digits only: %, _ or backslashes are never patterns.
        words = search.language_terms(value, search.search_language())[:10]
        # Symbols only ("%", "_"): looked for literally (icontains escapes them).
        literal = [term for term in value.split() if not search.terms(term)][:10]
        shown = {f"_shown_{field}": in_language(field, model=Event) for field in SEARCHED}
        queryset = queryset.alias(**shown)
        for lookup, terms in (("normalised__contains", words), ("icontains", literal)):
            for term in terms:
                match = Q(**{f"city__{lookup}": term})
                for alias in shown:
                    match |= Q(**{f"{alias}__{lookup}": term})
                queryset = queryset.filter(match)
        return queryset

    # -- what the views need -----------------------------------------------------------------

    def narrow(self, queryset):
        """Limit the rows to a view's scope (upcoming, past, a month) before counting."""
        self.queryset = queryset
        self.__dict__.pop("_qs", None)
        return self

    def apply_to(self, queryset):
        """The active filters applied to another queryset (e.g. to find the nearest month)."""
        if not self.is_bound:
            return queryset
        return self.filter_queryset(queryset)

    @property
    def window(self) -> tuple[date | None, date | None]:
        if not self.is_bound:
            return None, None
        data = self.form.cleaned_data
        return data.get("from"), data.get("to")

    @property
    def notices(self) -> list[str]:
        return self.form.notices if self.is_bound else []

    def query_string(self, **extra) -> str:
        """The valid filter parameters (plus `extra`), urlencoded, for links between views."""
        query = self.data.copy() if self.is_bound else QueryDict(mutable=True)
        for key in list(query.keys()):
            if key not in FILTER_NAMES:
                del query[key]
        for key, value in extra.items():
            if value not in (None, ""):
                query[key] = value
        return query.urlencode()

    def active_filters(self):
        # A clamped date is still removed by its value in the address, not the clamped one.
        chips = super().active_filters()
        fixed = []
        for chip in chips:
            if chip.name in ("from", "to"):
                raw = self.data.get(chip.name, chip.value)
                shown = date_format(date.fromisoformat(chip.value), "DATE_FORMAT")
                chip = type(chip)(chip.name, chip.label, raw, shown)
            fixed.append(chip)
        return fixed


EventFilterSet.base_filters["from"] = EventFilterSet.base_filters.pop("date_from")
# Keep the parameters in the order a visitor reads them.
EventFilterSet.base_filters = {name: EventFilterSet.base_filters[name] for name in FILTER_NAMES}
