"""Forms: the list's view options, and the admin form that speaks the event's local time."""

import re
import zoneinfo
from datetime import UTC, date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.admin_mixins import LabelledSplitDateTime

from .enums import ListView, When
from .models import Event, timezone_choices

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.Field):
    """A month written YYYY-MM, cleaned to its first day."""

    default_error_messages = {
        "invalid": _("“%(value)s” is not a month: write it as YYYY-MM, e.g. 2019-07."),
    }

    def to_python(self, value):
        value = str(value).strip() if value not in self.empty_values else ""
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match:
            raise ValidationError(self.error_messages["invalid"], params={"value": value})
        year, month = int(match[1]), int(match[2])
        if year < 1 or not 1 <= month <= 12:
            raise ValidationError(self.error_messages["invalid"], params={"value": value})
        return date(year, month, 1)

    def clean(self, value):
        # Too long is the same mistake as malformed: one message, with the value shortened.
        if isinstance(value, str) and len(value) > 7:
            raise ValidationError(
                self.error_messages["invalid"], params={"value": value[:20] + "…"}
            )
        return super().clean(value)


class EventViewForm(forms.Form):
    """How to show the events (not which ones): list or month, upcoming or past, which month."""

    view = forms.ChoiceField(choices=ListView.choices, required=False, label=_("View"))
    when = forms.ChoiceField(choices=When.choices, required=False, label=_("When"))
    month = MonthField(required=False, label=_("Month"))

    def options(self):
        """The valid options, with defaults for what was missing or wrong."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "view": data.get("view") or ListView.LIST,
            "when": data.get("when") or When.UPCOMING,
            "month": data.get("month"),
        }

    def error_messages(self) -> list[str]:
        messages = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            for error in errors:
                messages.append(f"{label}: {error}")
        return messages


# -- admin ----------------------------------------------------------------------------------


class WallTimeField(forms.SplitDateTimeField):
    """A date and a clock time as read on a clock at the event's place: no zone attached.

    Django's own field would read the value in the server's zone; the admin form reads it in
    the event's `timezone` instead.
    """

    widget = LabelledSplitDateTime  # a <label> for the date and for the time

    def compress(self, data_list):
        if not data_list:
            return None
        if data_list[0] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if data_list[1] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return datetime.combine(*data_list)


def wall_time_to_utc(naive: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of a local wall time; a time skipped by a clock change is refused.

    A time that happens twice (when clocks go back) is read as the first of the two.
    """
    aware = naive.replace(tzinfo=zone, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks change that night. "
                "Choose another time."
            ),
            params={"time": naive.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
            code="nonexistent",
        )
    return instant


class EventAdminForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=timezone_choices,
        initial="UTC",
        help_text=_("The IANA time zone of the place; start and end are read in this zone."),
    )
    start = WallTimeField(
        label=_("Starts (local time)"),
        help_text=_(
            "As on a clock where the event happens. For all-day events only the date counts."
        ),
    )
    end = WallTimeField(
        label=_("Ends (local time)"),
        help_text=_(
            "As on a clock where the event happens. For all-day events only the date counts."
        ),
    )

    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    registration_url = forms.URLField(
        label=_("Registration or RSVP link"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "event_type",
            "status",
            "timezone",
            "start",
            "end",
            "all_day",
            "date_precision",
            "venue",
            "city",
            "country",
            "online_url",
            "registration_url",
            "description",
            "action_group",
            "pathfinder_countries",
            "tags",
            "is_published",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Shown back in the event's own zone, as the editor entered them.
            self.initial["start"] = self.instance.local_start.replace(tzinfo=None)
            self.initial["end"] = self.instance.local_end.replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("timezone")
        if not name:
            # Without a zone the wall times mean nothing: never store them as if they were UTC.
            for field in ("start", "end"):
                if field in cleaned:
                    self.add_error(field, _("Choose the time zone of the place first."))
            return cleaned
        zone = zoneinfo.ZoneInfo(name)
        all_day = cleaned.get("all_day")
        for field, all_day_time in (("start", time(0, 0)), ("end", time(23, 59))):
            naive = cleaned.get(field)
            if naive is None:
                continue
            if all_day:
                naive = datetime.combine(naive.date(), all_day_time)
            try:
                cleaned[field] = wall_time_to_utc(naive, zone)
            except ValidationError as error:
                self.add_error(field, error)
        return cleaned
