"""Writes that keep a pathfinder country's stage and its timeline in step.

Design: the stage is the country's current position; the timeline is a list of Milestone rows.
Whenever a country moves *forward* in the pipeline (in the admin or through `change_stage`), a
milestone of the matching kind is recorded, so the timeline never misses a stage change. Moving
back is treated as the correction of a mistake and records nothing. No milestone is added when
the editor already added one of that kind in the same save, or when one of that kind already
exists for the same date (saving twice never duplicates).
"""

from datetime import date as date_type

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from common.enums import DatePrecision

from .enums import STAGE_MILESTONE_KIND, Stage
from .models import Milestone, PathfinderCountry

# The country's own date field for each stage (the workshop date serves both workshop stages).
STAGE_DATE_FIELDS = {
    Stage.INTEREST: ("interest_date", None),
    Stage.WORKSHOP_PLANNED: ("workshop_date", "workshop_date_precision"),
    Stage.WORKSHOP_HELD: ("workshop_date", "workshop_date_precision"),
    Stage.ROADMAP_ADOPTED: ("roadmap_date", None),
}


def is_advance(previous: str | None, stage: str) -> bool:
    """True when `stage` is further along the pipeline than `previous` (None: a new country)."""
    try:
        new_rank = Stage(stage).rank
    except ValueError:
        return False
    try:
        return previous is None or new_rank > Stage(previous).rank
    except ValueError:  # an unknown previous value: treat like no previous stage
        return True


def stage_date(country: PathfinderCountry, stage: Stage) -> tuple[date_type | None, str]:
    """The date the country's own fields give for a stage, and its precision."""
    date_field, precision_field = STAGE_DATE_FIELDS[stage]
    value = getattr(country, date_field)
    precision = getattr(country, precision_field) if precision_field else DatePrecision.DAY
    return value, precision


def record_stage_milestone(
    country: PathfinderCountry,
    stage: str,
    *,
    date: date_type | None = None,
    precision: str | None = None,
    user=None,
) -> Milestone | None:
    """Add the milestone for the country reaching `stage`, unless one already records it.

    The date is, in order: the one given, the country's own date for that stage, today.
    """
    stage = Stage(stage)
    kind = STAGE_MILESTONE_KIND[stage]
    if date is None:
        date, own_precision = stage_date(country, stage)
        precision = precision or own_precision
    if date is None:
        date, precision = timezone.localdate(), DatePrecision.DAY
    precision = precision or DatePrecision.DAY
    if Milestone.objects.filter(country=country, kind=kind, date=date).exists():
        return None
    # Stored text is content, in the site's main language like the rest of the demo content;
    # pages show the translated kind next to it.
    with translation.override(settings.LANGUAGE_CODE):
        description = str(stage.label)
    return Milestone.objects.create(
        country=country,
        kind=kind,
        date=date,
        precision=precision,
        description=description,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def change_stage(
    country: PathfinderCountry,
    stage: str,
    date: date_type | None = None,
    user=None,
    *,
    precision: str = DatePrecision.DAY,
) -> Milestone | None:
    """Move the country to `stage` on `date` (default: today); returns the recorded milestone.

    An empty date field for that stage on the country is filled with `date`, so the overview
    shows it too. Raises ValueError for an unknown stage.
    """
    stage = Stage(stage)
    previous = country.stage
    if stage == previous:
        return None
    date = date or timezone.localdate()
    country.stage = stage
    update_fields = ["stage", "updated_at"]
    date_field, precision_field = STAGE_DATE_FIELDS[stage]
    if getattr(country, date_field) is None:
        setattr(country, date_field, date)
        update_fields.append(date_field)
        if precision_field:
            setattr(country, precision_field, precision)
            update_fields.append(precision_field)
    country.save(update_fields=update_fields)
    if not is_advance(previous, stage):
        return None
    return record_stage_milestone(country, stage, date=date, precision=precision, user=user)
