"""Factories of the shared kernel (common): themes."""

import factory
from factory.django import DjangoModelFactory

from common.models import Theme


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
