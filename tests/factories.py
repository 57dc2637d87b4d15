"""Every factory of the suite, by name (each app's own live in tests/<app>/factories.py, the
kernel's in tests/common/factories.py): `from tests.factories import PartnerFactory`."""

from tests.actiongroups.factories import (
    ActionGroupFactory,
    MembershipFactory,
    ObjectiveFactory,
    OutputFactory,
    WorkPlanFactory,
)
from tests.common.factories import ThemeFactory
from tests.events.factories import AgendaItemFactory, EventFactory, OutcomeFactory, _in_days
from tests.partners.factories import PartnerFactory
from tests.pathfinders.factories import (
    MilestoneFactory,
    NextStepFactory,
    PathfinderCountryFactory,
    PriorityFactory,
    ResourceFactory,
)

__all__ = [
    "ActionGroupFactory",
    "AgendaItemFactory",
    "EventFactory",
    "MembershipFactory",
    "MilestoneFactory",
    "NextStepFactory",
    "ObjectiveFactory",
    "OutcomeFactory",
    "OutputFactory",
    "PartnerFactory",
    "PathfinderCountryFactory",
    "PriorityFactory",
    "ResourceFactory",
    "ThemeFactory",
    "WorkPlanFactory",
    "_in_days",
]
