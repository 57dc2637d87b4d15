"""The benchmark tools: a deterministic synthetic directory, and timings over it."""

import pytest
from django.core.management import CommandError, call_command

from actiongroups.models import Membership
from partners.models import Partner, PartnerCountry, ThemedPartner

from .helpers import filterset

pytestmark = pytest.mark.django_db


def generate(*args):
    call_command("generate_partners", *args, verbosity=0)


def test_generates_partners_with_relations():
    generate("--count", "250", "--seed", "3", "--batch-size", "100")
    partners = Partner.objects.filter(slug__startswith="synthetic-")
    assert partners.count() == 250
    assert ThemedPartner.objects.filter(content_object__in=partners).count() >= 250
    assert PartnerCountry.objects.filter(partner__in=partners).exists()
    assert Membership.objects.filter(partner__in=partners).exists()
    # bulk_create skips save(): the command stores the same search text save() would.
    sample = partners.order_by("pk").first()
    assert sample.search_text == sample.build_search_text()
    word = sample.name.split()[1]
    assert filterset(f"q={word}").qs.filter(pk=sample.pk).exists()


def test_the_same_seed_gives_the_same_directory():
    generate("--count", "40", "--seed", "7")
    first = list(Partner.objects.order_by("slug").values_list("name", "headquarters_country"))
    generate("--count", "40", "--seed", "7", "--replace")
    again = list(Partner.objects.order_by("slug").values_list("name", "headquarters_country"))
    assert first == again


def test_refuses_to_add_to_an_existing_synthetic_directory():
    generate("--count", "5")
    with pytest.raises(CommandError, match="--replace"):
        generate("--count", "5")


def test_bench_reports_each_scenario(capsys):
    generate("--count", "30")
    call_command("bench_directory", "--runs", "1", "--warmup", "0")
    output = capsys.readouterr().out
    for scenario in ("directory", "filtered", "search", "export CSV"):
        assert scenario in output
    assert "HTTP" not in output  # every scenario answered 200


def test_generated_partners_invalidate_the_page_cache():
    from common.content_version import content_version
    from tests.factories import ActionGroupFactory, ThemeFactory

    ThemeFactory.create_batch(8), ActionGroupFactory.create_batch(5)  # nothing left to save()
    before = content_version()
    generate("--count", "5", "--seed", "1")
    assert content_version() != before
