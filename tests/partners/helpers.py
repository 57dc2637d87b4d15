import re

import pytest
from django.db import connection
from django.http import QueryDict

from partners.filters import PartnerFilterSet
from partners.models import Partner

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL search backend"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="portable search backend")


def filterset(query=""):
    return PartnerFilterSet(QueryDict(query), queryset=Partner.objects.published())


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def counts(filterset_, facet):
    """{value: count} of one facet's visible options."""
    found = {f.name: f for f in filterset_.facets()}[facet]
    return {option.value: option.count for option in found.visible_options}


def result_line(html):
    match = re.search(r'id="directory-status"[^>]*>(.*?)</p>', html, re.S)
    return " ".join(match.group(1).split()) if match else None
