"""Deterministic synthetic content at benchmark scale, on top of the demo content.

Partners come from the partner app's own generator (`generate_partners`), so the directory's
search columns are filled exactly as that app maintains them; this command adds action groups,
memberships, pathfinder countries with priorities, next steps and milestones, and events.
"""

import random
import zoneinfo
from datetime import date, datetime, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils.text import slugify
from django_countries import countries

from actiongroups.models import ActionGroup, Membership
from common.content_version import bump_content_version
from common.models import Theme
from events.models import Event, EventParticipation
from partners.management.commands.generate_partners import PREFIX as SYNTHETIC_PARTNER
from partners.models import Partner
from pathfinders.models import Milestone, NextStep, PathfinderCountry, Priority

BATCH = 2000
ZONES = [
    "Europe/Zurich",
    "America/New_York",
    "Africa/Abidjan",
    "Asia/Bangkok",
    "Europe/Paris",
    "America/Lima",
    "Asia/Kathmandu",
    "Pacific/Fiji",
    "Africa/Nairobi",
    "UTC",
]


class Command(BaseCommand):
    help = "Generate benchmark-scale synthetic content (deterministic for a given --seed)."

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=100_000)
        parser.add_argument("--events", type=int, default=20_000)
        parser.add_argument("--countries", type=int, default=200)
        parser.add_argument("--groups", type=int, default=20)
        parser.add_argument("--seed", type=int, default=87)

    def handle(self, *args, partners, events, countries: int, groups, seed, **options):
        call_command("load_demo", verbosity=0)
        rng = random.Random(seed)
        # A different --partners than last time regenerates the synthetic partners.
        real = Partner.objects.exclude(slug__startswith=SYNTHETIC_PARTNER).count()
        synthetic = Partner.objects.filter(slug__startswith=SYNTHETIC_PARTNER).count()
        if real + synthetic != partners:
            call_command(
                "generate_partners",
                count=max(0, partners - real),
                seed=seed,
                replace=True,
                verbosity=0,
            )
        with transaction.atomic():
            self._groups(rng, groups)
            self._pathfinders(rng, countries)
            self._events(rng, events)
        bump_content_version()  # bulk inserts send no signals; cached pages must not go stale
        self._settle()
        self.stdout.write(
            f"Content: {Partner.objects.count()} partners, {ActionGroup.objects.count()} groups, "
            f"{PathfinderCountry.objects.count()} pathfinder countries, "
            f"{Event.objects.count()} events."
        )

    def _settle(self):
        """Do now what the database's background maintenance does some minutes after a bulk load.

        Fresh planner statistics, and on PostgreSQL a visibility map so that the narrow indexes
        can answer counts without visiting the table; measuring before that would time a
        state a running portal is never in for long.
        """
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE")
            else:
                cursor.execute("ANALYZE")

    def _groups(self, rng, total):
        missing = total - ActionGroup.objects.count()
        if missing <= 0:
            return
        start = ActionGroup.objects.count()
        new = ActionGroup.objects.bulk_create(
            ActionGroup(
                name=f"Synthetic action group {start + i}",
                slug=f"bench-group-{start + i}",
                status=rng.choice(["active", "starting", "planned"]),
                mandate="A synthetic group for benchmarking.",
            )
            for i in range(missing)
        )
        partner_ids = list(Partner.objects.values_list("pk", flat=True))
        memberships = []
        for group in new:
            members = rng.sample(partner_ids, k=min(len(partner_ids), rng.randint(50, 400)))
            memberships.append(Membership(group=group, partner_id=members[0], role="chair"))
            memberships += [Membership(group=group, partner_id=pk) for pk in members[1:]]
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

    def _pathfinders(self, rng, total):
        existing = set(PathfinderCountry.objects.values_list("country", flat=True))
        candidates = [code for code, _ in countries if code not in existing]
        missing = max(0, total - len(existing))
        theme_ids = list(Theme.objects.values_list("pk", flat=True))
        stages = ["interest", "workshop_planned", "workshop_held", "roadmap_adopted"]
        new = PathfinderCountry.objects.bulk_create(
            PathfinderCountry(
                country=code,
                name=str(countries.name(code)),
                slug=slugify(str(countries.name(code))) or code.lower(),
                stage=rng.choice(stages),
                workshop_date=date(2019, 1, 1) + timedelta(days=rng.randint(0, 2500)),
            )
            for code in rng.sample(candidates, k=min(missing, len(candidates)))
        )
        priorities, steps, milestones = [], [], []
        for country in new:
            for order in range(rng.randint(5, 12)):
                priorities.append(
                    Priority(
                        country=country,
                        heading="Child labour",
                        order=order,
                        text=f"Synthetic priority {order} for {country.name}",
                    )
                )
            for order in range(rng.randint(3, 6)):
                steps.append(
                    NextStep(
                        country=country,
                        order=order,
                        text=f"Synthetic next step {order}",
                        status=rng.choice(["planned", "in_progress", "done"]),
                        target_date=date(2020, 1, 1) + timedelta(days=rng.randint(0, 3000)),
                    )
                )
            for _ in range(rng.randint(2, 4)):
                milestones.append(
                    Milestone(
                        country=country,
                        description="Synthetic milestone",
                        date=date(2018, 1, 1) + timedelta(days=rng.randint(0, 2500)),
                    )
                )
        Priority.objects.bulk_create(priorities, batch_size=BATCH)
        NextStep.objects.bulk_create(steps, batch_size=BATCH)
        Milestone.objects.bulk_create(milestones, batch_size=BATCH)
        through = Priority.themes.through
        through.objects.bulk_create(
            (
                through(priority_id=priority.pk, theme_id=rng.choice(theme_ids))
                for priority in Priority.objects.filter(country__in=new).only("pk")
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )

    def _events(self, rng, total):
        missing = total - Event.objects.count()
        if missing <= 0:
            return
        start_index = Event.objects.count()
        group_ids = list(ActionGroup.objects.values_list("pk", flat=True))
        new_events = []
        for i in range(missing):
            zone = rng.choice(ZONES)
            day = date(2016, 1, 1) + timedelta(days=rng.randint(0, 365 * 14))
            begins = datetime(
                day.year, day.month, day.day, rng.randint(8, 17), tzinfo=zoneinfo.ZoneInfo(zone)
            )
            event = Event(
                title=f"Synthetic event {start_index + i}",
                slug=f"synthetic-event-{start_index + i}",
                event_type=rng.choice(["workshop", "conference", "webinar", "forum"]),
                start=begins,
                end=begins + timedelta(hours=rng.randint(1, 30)),
                timezone=zone,
                city="Geneva",
                country=rng.choice(["CH", "US", "CI", "NP", "FR"]),
                action_group_id=rng.choice(group_ids) if rng.random() < 0.3 else None,
            )
            event.set_local_dates()  # bulk_create skips save(), which derives these
            new_events.append(event)
        created = Event.objects.bulk_create(new_events, batch_size=BATCH)
        theme_ids = list(Theme.objects.values_list("pk", flat=True))
        partner_ids = list(Partner.objects.values_list("pk", flat=True)[:5000])
        country_ids = list(PathfinderCountry.objects.values_list("pk", flat=True))
        tags, hosts, places = [], [], []
        tag_model = Event.tags.through
        for event in created:
            for theme_id in rng.sample(theme_ids, k=rng.randint(1, 3)):
                tags.append(tag_model(content_object_id=event.pk, tag_id=theme_id))
            for partner_id in rng.sample(partner_ids, k=rng.randint(1, 2)):
                hosts.append(
                    EventParticipation(event_id=event.pk, partner_id=partner_id, role="hosted")
                )
            for country_id in rng.sample(country_ids, k=rng.randint(0, 2)):
                places.append(
                    Event.pathfinder_countries.through(
                        event_id=event.pk, pathfindercountry_id=country_id
                    )
                )
        tag_model.objects.bulk_create(tags, batch_size=BATCH)
        EventParticipation.objects.bulk_create(hosts, batch_size=BATCH)
        Event.pathfinder_countries.through.objects.bulk_create(places, batch_size=BATCH)
