"""Pathfinder factories, and helpers to build many countries with related data (for
query-count tests)."""

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from common.regions import all_regions, countries_in
from pathfinders.enums import NextStepStatus, Stage
from pathfinders.models import Milestone, NextStep, PathfinderCountry, Priority, Resource
from tests.common.factories import ThemeFactory


class PathfinderCountryFactory(DjangoModelFactory):
    class Meta:
        model = PathfinderCountry
        django_get_or_create = ["country"]

    country = factory.Iterator(["NP", "AL", "CL", "FJ", "MG", "MW", "MR", "MX", "MA", "NG"])
    name = factory.LazyAttribute(lambda o: o.country)
    slug = factory.Sequence(lambda n: f"country-{n}")
    stage = Stage.WORKSHOP_HELD


class PriorityFactory(DjangoModelFactory):
    class Meta:
        model = Priority

    country = factory.SubFactory(PathfinderCountryFactory)
    heading = "Child labour"
    text = factory.Sequence(lambda n: f"Priority {n}")
    order = factory.Sequence(int)


class NextStepFactory(DjangoModelFactory):
    class Meta:
        model = NextStep

    country = factory.SubFactory(PathfinderCountryFactory)
    text = factory.Sequence(lambda n: f"Next step {n}")


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    country = factory.SubFactory(PathfinderCountryFactory)
    date = factory.LazyFunction(lambda: timezone.now().date())
    description = "Workshop held"


class ResourceFactory(DjangoModelFactory):
    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Resource {n}")
    kind = "guidance_note"
    url = "https://example.org/guidance.pdf"


LONG_AGO = date(2019, 1, 31)


def country_codes(count):
    codes = sorted(code for region in all_regions() for code in countries_in(region.slug))
    return codes[:count]


def build_countries(count, *, priorities=3, steps=3):
    """`count` published countries across all stages, each with themed priorities and steps."""
    themes = [ThemeFactory(slug=f"theme-{n}", name=f"Theme {n}") for n in range(4)]
    stages = Stage.ordered()
    countries = []
    for n, code in enumerate(country_codes(count)):
        country = PathfinderCountryFactory(
            country=code,
            name=f"Country {code}",
            slug=f"country-{code.lower()}",
            stage=stages[n % len(stages)],
            workshop_date=date(2019, 3, 1) if n % 2 else None,
            workshop_date_precision="month",
        )
        for p in range(priorities):
            priority = PriorityFactory(country=country, heading=f"Heading {p % 2}", order=p)
            priority.themes.set(themes[p % 4 : p % 4 + 2])
        for s in range(steps):
            NextStepFactory(
                country=country,
                order=s,
                status=[NextStepStatus.PLANNED, NextStepStatus.IN_PROGRESS, NextStepStatus.DONE][
                    s % 3
                ],
                target_date=LONG_AGO,
            )
        countries.append(country)
    return countries
