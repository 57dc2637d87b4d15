"""What each record looks like in the API. Codes are stable; labels follow `lang`.

Every record carries its numeric `id`, its `slug` (both stable), its page on the portal (`url`)
and its address in the API (`api_url`).
"""

from django.urls import reverse
from django.utils.http import urlencode
from django_countries import countries
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actiongroups.enums import GroupStatus, MemberRole
from actiongroups.selectors import member_counts
from common.regions import region_for
from events.enums import EventStatus, EventType, ParticipationRole
from partners.enums import OrganisationType
from pathfinders.enums import MilestoneKind, NextStepStatus, Stage

from . import selectors


class CodeLabelField(serializers.Field):
    """A choice as {"code": "…", "label": "…"}, the label in the response's language."""

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return {"code": value, "label": str(self.labels.get(value, value))} if value else None


extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
    }
)(CodeLabelField)


COUNTRY_SCHEMA = {
    "type": "object",
    "nullable": True,
    "properties": {
        "code": {"type": "string", "description": "ISO 3166-1 alpha-2"},
        "name": {"type": "string"},
        "region": {"type": "string", "nullable": True, "description": "UN M49 region slug"},
    },
}


@extend_schema_field(COUNTRY_SCHEMA)
class CountryRefField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        code = getattr(value, "code", value)
        if not code:
            return None
        region = region_for(code)
        return {
            "code": code,
            "name": str(countries.name(code)),
            "region": region.slug if region else None,
        }


class PrefetchedList(serializers.ListSerializer):
    """A relation's rows as its prefetch fetched them, read from the prefetch cache.

    DRF's `source="rows.all"` built a related manager and a cloned queryset per record and
    inspected `.all`'s signature each time: a third of the time of a page of pathfinder
    countries. Without a prefetch it reads the relation as DRF would.
    """

    def __init__(self, *args, relation: str, **kwargs):
        self.relation = relation
        super().__init__(*args, **kwargs)

    def get_attribute(self, instance):
        rows = getattr(instance, "_prefetched_objects_cache", {}).get(self.relation)
        return rows if rows is not None else getattr(instance, self.relation).all()


def related_list(serializer, relation: str, **kwargs) -> PrefetchedList:
    """`serializer(many=True)` over the prefetched rows of `relation`."""
    return PrefetchedList(child=serializer(), relation=relation, source="*", **kwargs)


class LinksMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="The record's page on the portal.")
    api_url = serializers.SerializerMethodField(help_text="The record in the API.")
    api_name = ""

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, obj) -> str:
        return self._absolute(obj.get_absolute_url())

    def get_api_url(self, obj) -> str:
        return self._absolute(reverse(f"api:{self.api_name}-detail", kwargs={"slug": obj.slug}))


class ThemeRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PartnerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()


class ParticipationSerializer(serializers.Serializer):
    """An organisation at an event and what it did there."""

    partner = PartnerRefSerializer()
    role = CodeLabelField(choices=ParticipationRole.choices)


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()


# -- partners ----------------------------------------------------------------------------------


class PartnerMembershipSerializer(serializers.Serializer):
    group = GroupRefSerializer()
    role = CodeLabelField(choices=MemberRole.choices)


class PartnerSerializer(LinksMixin):
    api_name = "partner"
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    acronym = serializers.CharField()
    organisation_type = CodeLabelField(choices=OrganisationType.choices)
    headquarters = CountryRefField(source="headquarters_country")
    countries_of_work = serializers.SerializerMethodField()
    themes = related_list(ThemeRefSerializer, "themes")
    action_groups = PartnerMembershipSerializer(many=True, source="published_memberships")
    description = serializers.CharField()
    website = serializers.URLField()
    contact_url = serializers.URLField()
    date_joined = serializers.DateField()
    last_verified = serializers.DateField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field({"type": "array", "items": COUNTRY_SCHEMA})
    def get_countries_of_work(self, obj):
        field = CountryRefField()
        return [field.to_representation(item.country) for item in obj.countries_of_work.all()]


# -- pathfinder countries ----------------------------------------------------------------------


class PrioritySerializer(serializers.Serializer):
    heading = serializers.CharField()
    text = serializers.CharField()
    themes = related_list(ThemeRefSerializer, "themes")


class NextStepSerializer(serializers.Serializer):
    text = serializers.CharField()
    target_date = serializers.DateField()
    target_precision = serializers.CharField(help_text="day, month or year")
    status = CodeLabelField(choices=NextStepStatus.choices)


class MilestoneSerializer(serializers.Serializer):
    date = serializers.DateField()
    precision = serializers.CharField(help_text="day, month or year")
    kind = CodeLabelField(choices=MilestoneKind.choices)
    description = serializers.CharField()


class PathfinderSerializer(LinksMixin):
    api_name = "pathfinder"
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField(source="display_name")
    country = CountryRefField()
    stage = CodeLabelField(choices=Stage.choices)
    interest_date = serializers.DateField()
    workshop_date = serializers.DateField()
    workshop_date_precision = serializers.CharField()
    roadmap_date = serializers.DateField()
    coordination_body = serializers.CharField()
    focal_point_role = serializers.CharField()
    summary = serializers.CharField()
    priorities = related_list(PrioritySerializer, "priorities")
    next_steps = related_list(NextStepSerializer, "next_steps")
    milestones = related_list(MilestoneSerializer, "milestones")
    updated_at = serializers.DateTimeField()


# -- action groups -----------------------------------------------------------------------------


class GroupMemberSerializer(serializers.Serializer):
    partner = PartnerRefSerializer()
    role = CodeLabelField(choices=MemberRole.choices)
    date_joined = serializers.DateField()


class OutputSerializer(serializers.Serializer):
    title = serializers.CharField()
    status = serializers.CharField(help_text="planned, in_progress or done")


class ObjectiveSerializer(serializers.Serializer):
    title = serializers.CharField()
    outputs = related_list(OutputSerializer, "outputs")


class WorkPlanSerializer(serializers.Serializer):
    title = serializers.CharField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField()
    status = serializers.CharField(help_text="draft, current or completed")
    summary = serializers.CharField()
    objectives = related_list(ObjectiveSerializer, "objectives")


class ActionGroupSerializer(LinksMixin):
    api_name = "action-group"
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    mandate = serializers.CharField()
    status = CodeLabelField(choices=GroupStatus.choices)
    established = serializers.DateField()
    established_precision = serializers.CharField()
    focal_point = serializers.CharField()
    online_space_url = serializers.URLField()
    reported_member_count = serializers.IntegerField()
    themes = related_list(ThemeRefSerializer, "themes")
    chairs = GroupMemberSerializer(many=True, source="chair_memberships")
    member_count = serializers.SerializerMethodField(
        help_text="Members listed in the partner directory."
    )
    members_url = serializers.SerializerMethodField(
        help_text="The members, paginated: the partners endpoint filtered by this group."
    )
    work_plans = related_list(WorkPlanSerializer, "work_plans")
    updated_at = serializers.DateTimeField()

    def get_members_url(self, obj) -> str:
        return self._absolute(f"{reverse('api:partner-list')}?{urlencode({'group': obj.slug})}")

    def get_member_count(self, obj) -> int:
        # Read once per answer: the context is shared by every group of a page.
        counts = self.context.get("member_counts")
        if counts is None:
            counts = self.context["member_counts"] = member_counts()
        return counts.get(obj.pk, 0)


# -- events ------------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.Serializer):
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    title = serializers.CharField()


class OutcomeSerializer(serializers.Serializer):
    heading = serializers.CharField()
    text = serializers.CharField()


class EventSerializer(LinksMixin):
    api_name = "event"
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    title = serializers.CharField()
    event_type = CodeLabelField(choices=EventType.choices)
    status = CodeLabelField(choices=EventStatus.choices)
    start = serializers.DateTimeField(help_text="UTC")
    end = serializers.DateTimeField(help_text="UTC")
    timezone = serializers.CharField(help_text="IANA time zone of the venue")
    all_day = serializers.BooleanField()
    date_precision = serializers.CharField()
    venue = serializers.CharField()
    city = serializers.CharField()
    country = CountryRefField()
    online_url = serializers.URLField()
    registration_url = serializers.URLField()
    description = serializers.CharField()
    themes = related_list(ThemeRefSerializer, "tags")
    organisations = serializers.SerializerMethodField()
    action_group = GroupRefSerializer(allow_null=True)
    pathfinder_countries = related_list(PartnerRefSerializer, "pathfinder_countries")
    agenda = related_list(AgendaItemSerializer, "agenda_items")
    outcomes = related_list(OutcomeSerializer, "outcomes")
    updated_at = serializers.DateTimeField()

    @extend_schema_field(ParticipationSerializer(many=True))
    def get_organisations(self, obj):
        return ParticipationSerializer(selectors.event_participations(obj), many=True).data


# -- themes and countries ----------------------------------------------------------------------


class ThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    partner_count = serializers.IntegerField()
    pathfinder_count = serializers.IntegerField()
    group_count = serializers.IntegerField()
    event_count = serializers.IntegerField()


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    name = serializers.CharField()
    region = serializers.CharField(allow_null=True, help_text="UN M49 region slug")
    partner_count = serializers.IntegerField()
    event_count = serializers.IntegerField()
    pathfinder = serializers.CharField(
        allow_null=True, help_text="Slug of the pathfinder country hub, if any"
    )


class FacetOptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Records with this value under the other filters.")
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The filter parameter.")
    label = serializers.CharField()
    options = FacetOptionSerializer(many=True)
