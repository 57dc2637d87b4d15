"""Partner factories, and partners with everything the directory shows: themes, countries of
work, memberships."""

import factory
from factory.django import DjangoModelFactory

from actiongroups.models import ActionGroup, Membership
from partners.enums import OrganisationType
from partners.models import Partner, PartnerCountry
from tests.actiongroups.factories import ActionGroupFactory
from tests.common.factories import ThemeFactory


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    acronym = factory.Sequence(lambda n: f"PO{n}")
    organisation_type = OrganisationType.CIVIL_SOCIETY
    headquarters_country = "FR"
    description = "Works on Target 8.7."

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            PartnerCountry.objects.bulk_create(
                PartnerCountry(partner=self, country=code) for code in extracted
            )


def rich_partners(count, *, themes=None, group=None, **fields):
    """`count` partners, each with two themes, two countries of work and one membership."""
    themes = themes or [
        ThemeFactory(slug="child-labour", name="Child labour"),
        ThemeFactory(slug="supply-chains", name="Supply chains"),
    ]
    if group is None:
        group = ActionGroup.objects.filter(slug="supply-chains").first() or ActionGroupFactory(
            slug="supply-chains", name="Supply Chains"
        )
    partners = [
        PartnerFactory(themes=themes, countries=["NP", "CI"], **fields) for _ in range(count)
    ]
    Membership.objects.bulk_create(Membership(group=group, partner=p) for p in partners)
    return partners
