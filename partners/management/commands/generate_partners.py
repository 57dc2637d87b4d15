"""A large synthetic partner directory, for benchmarks (never for the development database).

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py generate_partners --count 100000

The same --seed gives the same partners. Generated partners have slugs starting with
"synthetic-"; --replace deletes them first.
"""

import random
import string
import time
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django_countries import countries

from actiongroups.models import ActionGroup, Membership
from common.content_version import bump_content_version
from common.models import Theme
from partners.enums import OrganisationType
from partners.models import Partner, PartnerCountry, ThemedPartner
from partners.search import document_text

PREFIX = "synthetic-"

DEFAULT_THEMES = [
    "Child labour",
    "Forced labour",
    "Human trafficking",
    "Modern slavery",
    "Supply chains",
    "Migration",
    "Fair recruitment",
    "Research and data",
    "Education",
    "Agriculture",
]
TYPE_WEIGHTS = {
    OrganisationType.CIVIL_SOCIETY: 30,
    OrganisationType.BUSINESS: 15,
    OrganisationType.GOVERNMENT_INSTITUTION: 12,
    OrganisationType.ACADEMIA: 10,
    OrganisationType.INTERNATIONAL_ORGANISATION: 8,
    OrganisationType.WORKERS_ORGANISATION: 8,
    OrganisationType.EMPLOYERS_ORGANISATION: 7,
    OrganisationType.GOVERNMENT: 4,
    OrganisationType.MEDIA: 3,
    OrganisationType.SURVIVOR_NETWORK: 3,
}
ADJECTIVES = [
    "Global",
    "Regional",
    "National",
    "United",
    "Northern",
    "Southern",
    "Coastal",
    "Rural",
    "Urban",
    "Independent",
    "Joint",
    "Open",
    "Free",
    "Fair",
    "Réseau",
    "Alianza",
    "Société",
]
NOUNS = [
    "Alliance",
    "Network",
    "Foundation",
    "Institute",
    "Council",
    "Initiative",
    "Coalition",
    "Centre",
    "Forum",
    "Union",
    "Federation",
    "Observatory",
    "Collective",
    "Association",
]
FOCUS = [
    "Labour Rights",
    "Child Protection",
    "Fair Recruitment",
    "Decent Work",
    "Migrant Workers",
    "Ethical Trade",
    "Survivor Support",
    "Education for All",
    "Responsible Sourcing",
    "Domestic Workers",
    "Fisheries Workers",
    "Cocoa Communities",
    "Garment Workers",
]
SENTENCES = [
    "Works with {country} partners on {focus}.",
    "Runs programmes against {focus_lower} in {country} and neighbouring countries.",
    "Supports survivors and their families; trains labour inspectors.",
    "Publishes research and data on supply chains, recruitment fees and wages.",
    "Member of national coordination bodies; advises ministries of labour.",
    "Organises workers in agriculture, mining, construction and domestic work.",
    "Brings businesses together to remove forced labour from their supply chains.",
]


class Command(BaseCommand):
    help = "Generate a large synthetic partner directory (themes, countries, memberships)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=87)
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier synthetic partners first."
        )
        parser.add_argument(
            "--allow-dev-db",
            action="store_true",
            help="Allow writing into the development database db.sqlite3.",
        )

    def handle(self, *args, count, seed, batch_size, replace, allow_dev_db, **options):
        if count < 0 or batch_size < 1:
            raise CommandError("--count must be 0 or more and --batch-size at least 1.")
        database = connections["default"].settings_dict
        dev_db = Path(settings.BASE_DIR) / "db.sqlite3"
        if (
            database["ENGINE"].endswith("sqlite3")
            and Path(str(database["NAME"])).resolve() == dev_db.resolve()
            and not allow_dev_db
        ):
            raise CommandError(
                "This would fill the development database with synthetic partners. Set "
                "DATABASE_URL to a benchmark database (e.g. sqlite:////tmp/bench.sqlite3), "
                "or pass --allow-dev-db."
            )
        existing = Partner.objects.filter(slug__startswith=PREFIX)
        if existing.exists():
            if not replace:
                raise CommandError("Synthetic partners exist already; pass --replace.")
            existing.delete()
            ActionGroup.objects.filter(slug__startswith=PREFIX).delete()

        started = time.perf_counter()
        rng = random.Random(seed)
        themes = self._themes()
        groups = self._groups()
        codes = [country.code for country in countries]
        for first in range(0, count, batch_size):
            with transaction.atomic():
                self._batch(
                    rng, range(first, min(first + batch_size, count)), themes, groups, codes
                )
            if options["verbosity"] > 1:
                self.stdout.write(f"  {min(first + batch_size, count)} partners")
        bump_content_version()  # bulk inserts send no signals; cached pages must not go stale
        self.stdout.write(
            f"Generated {count} synthetic partners (seed {seed}) in "
            f"{time.perf_counter() - started:.1f} s."
        )

    def _themes(self):
        themes = list(Theme.objects.order_by("pk"))
        if not themes:
            themes = [
                Theme.objects.create(name=name, slug=name.lower().replace(" ", "-"))
                for name in DEFAULT_THEMES
            ]
        return themes

    def _groups(self):
        groups = list(ActionGroup.objects.published().order_by("pk"))
        if not groups:
            groups = [
                ActionGroup.objects.create(name=f"Synthetic group {n}", slug=f"{PREFIX}group-{n}")
                for n in range(1, 6)
            ]
        return groups

    def _batch(self, rng, numbers, themes, groups, codes):
        types = list(TYPE_WEIGHTS)
        weights = list(TYPE_WEIGHTS.values())
        # A few countries host many organisations, as in reality.
        hubs = ["CH", "US", "GB", "FR", "BE", "NL", "KE", "IN", "BR", "NP", "CI", "PH"]
        partners, relations = [], []
        for number in numbers:
            focus = rng.choice(FOCUS)
            name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {focus} {number + 1}"
            headquarters = rng.choice(hubs) if rng.random() < 0.4 else rng.choice(codes)
            if rng.random() < 0.03:
                headquarters = ""
            work = rng.sample(codes, rng.randint(0, 4))
            country_label = rng.choice(work or [headquarters or "CI"])
            description = " ".join(
                sentence.format(
                    country=countries.name(country_label),
                    focus=focus,
                    focus_lower=focus.lower(),
                )
                for sentence in rng.sample(SENTENCES, 2)
            )
            acronym = "".join(rng.choices(string.ascii_uppercase, k=rng.randint(2, 5)))
            partners.append(
                Partner(
                    name=name,
                    slug=f"{PREFIX}{number + 1}",
                    acronym=acronym,
                    organisation_type=rng.choices(types, weights)[0],
                    headquarters_country=headquarters,
                    description=description,
                    website=f"https://example.org/{number + 1}/",
                    date_joined=date(2016, 9, 21) + timedelta(days=rng.randint(0, 3650)),
                    # What Partner.save() stores (bulk_create does not call save()).
                    search_text=document_text(
                        name=name,
                        acronym=acronym,
                        description=description,
                        country_code=headquarters,
                    ),
                )
            )
            relations.append(
                (
                    [c for c in work if c != headquarters],
                    rng.sample(themes, rng.randint(1, min(4, len(themes)))),
                    rng.sample(groups, rng.choice([0, 0, 0, 1, 1, 2])) if groups else [],
                )
            )
        Partner.objects.bulk_create(partners)
        PartnerCountry.objects.bulk_create(
            PartnerCountry(partner_id=partner.pk, country=code)
            for partner, (work, _themes, _groups) in zip(partners, relations, strict=True)
            for code in work
        )
        ThemedPartner.objects.bulk_create(
            ThemedPartner(content_object_id=partner.pk, tag_id=theme.pk)
            for partner, (_work, chosen, _groups) in zip(partners, relations, strict=True)
            for theme in chosen
        )
        Membership.objects.bulk_create(
            Membership(partner_id=partner.pk, group_id=group.pk)
            for partner, (_work, _themes, chosen) in zip(partners, relations, strict=True)
            for group in chosen
        )
