"""The parameters every list endpoint shares, checked strictly: a wrong one is a 400, not ignored.

The pages forgive (a bad value is dropped with a note); a program harvesting data must instead
learn at once that it asked for something the API does not understand.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

COMMON_PARAMETERS = ("page", "page_size", "facets", "lang")
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
MAX_NUMBER_LENGTH = 9
FLAGS = {"true": True, "1": True, "false": False, "0": False}


@dataclass(frozen=True)
class ListParams:
    page_size: int
    facets: bool
    updated_since: datetime | None


def _positive_int(raw: str, name: str, maximum: int | None = None) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_NUMBER_LENGTH or int(raw) < 1:
        raise ValidationError({name: [_("Give a whole number from 1.")]})
    value = int(raw)
    if maximum is not None and value > maximum:
        raise ValidationError({name: [_("At most %(maximum)s.") % {"maximum": maximum}]})
    return value


def parse_updated_since(raw: str) -> datetime:
    """An ISO 8601 date or date-time; without a time zone it is read as UTC."""
    message = _("Give an ISO 8601 date or date-time, e.g. 2019-07-17 or 2019-07-17T09:30:00Z.")
    try:
        moment = datetime.fromisoformat(raw.strip().replace("z", "Z")) if len(raw) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError({"updated_since": [message]})
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise ValidationError({"updated_since": [message]}) from None


def _single(query, name) -> str | None:
    values = query.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [_("Give this parameter once.")]})
    return values[0] if values else None


def reject_unknown(query, allowed) -> None:
    unknown = sorted(name for name in query if name not in allowed)
    if unknown:
        names = ", ".join(name[:40] for name in unknown[:5])
        raise ValidationError(
            {
                "unknown": [
                    _("Unknown parameter(s): %(names)s. This endpoint accepts: %(allowed)s.")
                    % {"names": names, "allowed": ", ".join(sorted(allowed))}
                ]
            }
        )


def read_params(query, allowed, *, with_updated_since=True) -> ListParams:
    """The shared parameters of a list request; unknown parameters are refused."""
    reject_unknown(query, set(allowed) | set(COMMON_PARAMETERS) | {"updated_since"})
    page = _single(query, "page")
    if page is not None:
        _positive_int(page, "page")
    size = _single(query, "page_size")
    page_size = (
        _positive_int(size, "page_size", settings.API_MAX_PAGE_SIZE) if size else settings.PAGE_SIZE
    )
    facets = _single(query, "facets")
    if facets is not None and facets.lower() not in FLAGS:
        raise ValidationError({"facets": [_("Give true or false.")]})
    lang = _single(query, "lang")
    if lang is not None and lang not in LANGUAGES:
        raise ValidationError(
            {"lang": [_("One of: %(values)s.") % {"values": ", ".join(LANGUAGES)}]}
        )
    since = _single(query, "updated_since")
    if since is not None and not with_updated_since:
        raise ValidationError({"updated_since": [_("This list has no modification dates.")]})
    return ListParams(
        page_size=page_size,
        facets=FLAGS.get((facets or "false").lower(), False),
        updated_since=parse_updated_since(since) if since is not None else None,
    )


def reject_filter_errors(filterset) -> None:
    """The page's own validation messages (unknown theme, bad date…), as a 400."""
    if filterset.input_errors:
        raise ValidationError({"filters": [str(message) for message in filterset.input_errors]})


WHEN_VALUES = ("upcoming", "past")


def read_when(query) -> str | None:
    """The events list's `when`: upcoming, past, or absent for every event."""
    when = _single(query, "when")
    if when is not None and when not in WHEN_VALUES:
        raise ValidationError(
            {"when": [_("One of: %(values)s.") % {"values": ", ".join(WHEN_VALUES)}]}
        )
    return when
