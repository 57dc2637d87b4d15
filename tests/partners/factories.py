"""Partners with everything the directory shows: themes, countries of work, memberships."""

from actiongroups.models import ActionGroup, Membership
from tests.factories import ActionGroupFactory, PartnerFactory, ThemeFactory


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
