"""Loading the briefing pack's demo content, once per database.

A DemoLoad row, written in the same transaction as the content, records that the demo was
loaded. Every later run (each `make run`) sees it and does nothing, so a record the Secretariat
deleted does not come back and a renamed slug neither crashes the load nor duplicates the record.
A database that already holds content but no DemoLoad row (loaded before the row existed) is
adopted: the row is written and nothing else; `manage.py upgrade_demo` then applies the
corrections (alliance87/demo_upgrade.py) only where the old demo value is still in place.
"""

import json
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.db import transaction

from actiongroups.models import ActionGroup, Membership, Objective, Output, WorkPlan
from common.models import Theme
from events.models import AgendaItem, Event, EventParticipation, Outcome
from partners.enums import Standing
from partners.models import Partner, PartnerCountry
from pathfinders.models import Milestone, NextStep, PathfinderCountry, Priority, Resource

from .demo_translations import TRANSLATIONS_DIR, apply_demo_translations
from .models import DemoLoad

# What a fresh load holds, so upgrade_demo has nothing to do on it: version 1 = the corrections
# of issue 13 (demo_upgrade.CORRECTIONS_FILE), version 2 = the French and Spanish of issue 15
# (demo_translations).
DEMO_VERSION = 2
TRANSLATIONS_VERSION = 2


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    # Set when nothing was loaded: the DemoLoad row that says why.
    previous: DemoLoad | None = None

    def add(self, label: str, count: int = 1):
        self.created[label] = self.created.get(label, 0) + count

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _date(value):
    return date.fromisoformat(value) if value else None


def _time(value):
    return time.fromisoformat(value) if value else None


def _aware(local_value: str, zone_name: str) -> datetime:
    naive = datetime.fromisoformat(local_value)
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone_name))


def load_demo_file(path: Path, translations: Path | None = TRANSLATIONS_DIR) -> LoadReport:
    with path.open(encoding="utf-8") as handle:
        return load_demo_content(json.load(handle), source=path.name, translations=translations)


def _holds_content() -> bool:
    return any(model.objects.exists() for model in (Partner, PathfinderCountry, ActionGroup, Event))


@transaction.atomic
def load_demo_content(
    data: dict, source: str = "briefing_pack.json", translations: Path | None = TRANSLATIONS_DIR
) -> LoadReport:
    report = LoadReport()
    # Locks the marker table's rows (PostgreSQL) so two concurrent runs cannot both load.
    previous = DemoLoad.objects.select_for_update().order_by("pk").first()
    if previous is None and _holds_content():
        previous = DemoLoad.objects.create(source=source, version=0, adopted=True)
    if previous is not None:
        report.previous = previous
        return report
    themes = _load_themes(data.get("themes", []), report)
    partners = _load_partners(data.get("partners", []), themes, report)
    countries = _load_pathfinders(data.get("pathfinders", []), themes, report)
    groups = _load_action_groups(data.get("action_groups", []), partners, themes, report)
    _load_events(data.get("events", []), partners, countries, groups, themes, report)
    _load_resources(data.get("resources", []), report)
    if translations is not None:
        report.add("translations", apply_demo_translations(translations).applied)
    DemoLoad.objects.create(source=source, version=DEMO_VERSION)
    return report


def _load_themes(rows, report):
    themes = {}
    for row in rows:
        theme, created = Theme.objects.get_or_create(
            slug=row["slug"],
            defaults={"name": row["name"], "description": row.get("description", "")},
        )
        themes[theme.slug] = theme
        if created:
            report.add("themes")
    return themes


def _load_partners(rows, themes, report):
    partners = {}
    for row in rows:
        partner, created = Partner.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "acronym": row.get("acronym", ""),
                "organisation_type": row["organisation_type"],
                "standing": row.get("standing", Standing.ALLIANCE_PARTNER),
                "headquarters_country": row.get("headquarters_country", ""),
                "website": row.get("website", ""),
                "description": row.get("description", ""),
                "date_joined": _date(row.get("date_joined")),
            },
        )
        partners[partner.slug] = partner
        if not created:
            continue
        report.add("partners")
        PartnerCountry.objects.bulk_create(
            [PartnerCountry(partner=partner, country=code) for code in row.get("countries", [])]
        )
        partner.themes.set([themes[slug] for slug in row.get("themes", [])])
    return partners


def _load_pathfinders(rows, themes, report):
    countries = {}
    for row in rows:
        milestones = row.get("milestones", [])
        workshop = next(
            (m for m in milestones if m["kind"] in ("workshop_held", "workshop_planned")), None
        )
        roadmap = next((m for m in milestones if m["kind"] == "roadmap_adopted"), None)
        interest = next((m for m in milestones if m["kind"] == "interest"), None)
        country, created = PathfinderCountry.objects.get_or_create(
            country=row["country"],
            defaults={
                "name": row.get("name") or _country_name(row["country"]),
                "slug": row["slug"],
                "stage": row["stage"],
                "interest_date": _date(interest and interest["date"]),
                "workshop_date": _date(workshop and workshop["date"]),
                "workshop_date_precision": (workshop or {}).get("precision", "day"),
                "roadmap_date": _date(roadmap and roadmap["date"]),
                "coordination_body": row.get("coordination_body", ""),
                "focal_point_role": row.get("focal_point_role", ""),
                "summary": row.get("summary", ""),
            },
        )
        countries[country.slug] = country
        if not created:
            continue
        report.add("pathfinder countries")
        for order, item in enumerate(row.get("priorities", []), start=1):
            priority = Priority.objects.create(
                country=country, heading=item.get("heading", ""), text=item["text"], order=order
            )
            priority.themes.set([themes[slug] for slug in item.get("themes", [])])
            report.add("priorities")
        NextStep.objects.bulk_create(
            NextStep(
                country=country,
                text=item["text"],
                target_date=_date(item.get("target_date")),
                target_precision=item.get("target_precision", "day"),
                status=item.get("status", "planned"),
                order=order,
            )
            for order, item in enumerate(row.get("next_steps", []), start=1)
        )
        report.add("next steps", len(row.get("next_steps", [])))
        Milestone.objects.bulk_create(
            Milestone(
                country=country,
                date=_date(item["date"]),
                precision=item.get("precision", "day"),
                kind=item.get("kind", "other"),
                description=item["description"],
            )
            for item in milestones
        )
        report.add("milestones", len(milestones))
    return countries


def _country_name(code):
    from django_countries import countries

    return countries.name(code)


def _load_action_groups(rows, partners, themes, report):
    groups = {}
    for row in rows:
        group, created = ActionGroup.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "status": row["status"],
                "mandate": row.get("mandate", ""),
                "established": _date(row.get("established")),
                "established_precision": row.get("established_precision", "day"),
                "focal_point": row.get("focal_point", ""),
                "online_space_url": row.get("online_space_url", ""),
                "reported_member_count": row.get("reported_member_count"),
                "reported_member_count_date": _date(row.get("reported_member_count_date")),
                "reported_member_count_is_minimum": row.get(
                    "reported_member_count_is_minimum", False
                ),
            },
        )
        groups[group.slug] = group
        if not created:
            continue
        report.add("action groups")
        group.themes.set([themes[slug] for slug in row.get("themes", [])])
        for member in row.get("members", []):
            Membership.objects.create(
                group=group,
                partner=partners[member["partner"]],
                role=member.get("role", "member"),
                date_joined=_date(member.get("date_joined")),
            )
            report.add("memberships")
        for plan_row in row.get("work_plans", []):
            plan = WorkPlan.objects.create(
                group=group,
                title=plan_row.get("title", ""),
                start_year=plan_row["start_year"],
                end_year=plan_row["end_year"],
                status=plan_row.get("status", "draft"),
                summary=plan_row.get("summary", ""),
            )
            report.add("work plans")
            for order, objective_row in enumerate(plan_row.get("objectives", []), start=1):
                objective = Objective.objects.create(
                    work_plan=plan, title=objective_row["title"], order=order
                )
                report.add("objectives")
                outputs = objective_row.get("outputs", [])
                Output.objects.bulk_create(
                    Output(
                        objective=objective,
                        title=output["title"],
                        status=output.get("status", "planned"),
                        order=position,
                    )
                    for position, output in enumerate(outputs, start=1)
                )
                report.add("outputs", len(outputs))
    return groups


def _load_events(rows, partners, countries, groups, themes, report):
    for row in rows:
        zone = row.get("timezone", "UTC")
        event, created = Event.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "event_type": row.get("event_type", "other"),
                "status": row.get("status", "scheduled"),
                "start": _aware(row["start"], zone),
                "end": _aware(row["end"], zone),
                "timezone": zone,
                "all_day": row.get("all_day", False),
                "date_precision": row.get("date_precision", "day"),
                "venue": row.get("venue", ""),
                "city": row.get("city", ""),
                "country": row.get("country", ""),
                "online_url": row.get("online_url", ""),
                "registration_url": row.get("registration_url", ""),
                "description": row.get("description", ""),
                "action_group": groups.get(row.get("action_group") or ""),
            },
        )
        if not created:
            continue
        report.add("events")
        EventParticipation.objects.bulk_create(
            EventParticipation(event=event, partner=partners[item["partner"]], role=item["role"])
            for item in row.get("organisations", [])
        )
        report.add("event participations", len(row.get("organisations", [])))
        event.pathfinder_countries.set([countries[slug] for slug in row.get("pathfinders", [])])
        event.tags.set([themes[slug] for slug in row.get("tags", [])])
        AgendaItem.objects.bulk_create(
            AgendaItem(
                event=event,
                start_time=_time(item.get("start_time")),
                end_time=_time(item.get("end_time")),
                title=item["title"],
                order=order,
            )
            for order, item in enumerate(row.get("agenda", []), start=1)
        )
        report.add("agenda items", len(row.get("agenda", [])))
        Outcome.objects.bulk_create(
            Outcome(event=event, heading=item.get("heading", ""), text=item["text"], order=order)
            for order, item in enumerate(row.get("outcomes", []), start=1)
        )
        report.add("outcomes", len(row.get("outcomes", [])))


def _load_resources(rows, report):
    for order, row in enumerate(rows, start=1):
        _, created = Resource.objects.get_or_create(
            title=row["title"],
            kind=row["kind"],
            defaults={
                "url": row.get("url", ""),
                "language": row.get("language", "en"),
                "description": row.get("description", ""),
                "order": order,
            },
        )
        if created:
            report.add("resources")
