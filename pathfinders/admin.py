import reversion
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db.models import Max, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alliance87.admin_mixins import PortalModelAdmin, TranslatedAdminMixin, TranslatedInlineMixin
from alliance87.uploads import SafePdfField

from .enums import STAGE_MILESTONE_KIND, Stage
from .models import Milestone, NextStep, PathfinderCountry, Priority, Resource
from .selectors import hub_context, hub_prefetches
from .services import is_advance, record_stage_milestone

# A country's revision holds its priorities, next steps and milestones.
reversion.register(PathfinderCountry, follow=["priorities", "next_steps", "milestones"])
reversion.register(Priority)
reversion.register(NextStep)
reversion.register(Milestone)
reversion.register(Resource)
reversion.register(Priority.themes.through)  # see events/admin.py


class PriorityInline(TranslatedInlineMixin, admin.StackedInline):
    model = Priority
    extra = 0
    ordering = ["order", "pk"]
    fields = ["order", "heading", "themes", "text"]
    autocomplete_fields = ["themes"]


class NextStepInline(TranslatedInlineMixin, admin.TabularInline):
    model = NextStep
    extra = 0
    ordering = ["order", "pk"]
    fields = ["order", "text", "target_date", "target_precision", "status", "status_changed_at"]
    readonly_fields = ["status_changed_at"]


class MilestoneInline(TranslatedInlineMixin, admin.TabularInline):
    model = Milestone
    extra = 0
    ordering = ["date", "pk"]
    fields = ["date", "precision", "kind", "description", "recorded_by"]
    readonly_fields = ["recorded_by"]


def _added_milestone_of_kind(formsets, kind) -> bool:
    """Did the editor add (or turn an existing row into) a milestone of `kind` in this save?"""
    for formset in formsets:
        if formset.model is not Milestone:
            continue
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if form.has_changed() and not data.get("DELETE") and data.get("kind") == kind:
                return True
    return False


@admin.register(PathfinderCountry)
class PathfinderCountryAdmin(TranslatedAdminMixin, PortalModelAdmin):
    preview_template = "pathfinders/pathfinder_detail.html"
    list_display = [
        "name",
        "country",
        "stage",
        "workshop_date",
        "priority_count",
        "is_published",
        "updated_at",
    ]
    list_filter = ["stage", "is_published", "workshop_date_precision"]
    search_fields = [
        "name",
        "slug",
        "summary",
        "coordination_body",
        "focal_point_role",
        "priorities__heading",
        "priorities__text",
        "next_steps__text",
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PriorityInline, NextStepInline, MilestoneInline]
    actions = ["publish_selected", "unpublish_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def preview_context(self, request, country):
        # As pathfinders.selectors.country_for_hub, without the "published" condition.
        prefetch_related_objects([country], *hub_prefetches())
        return hub_context(country, today=timezone.localdate(), now=timezone.now())

    @admin.display(description=_("priorities"), ordering="priority_count")
    def priority_count(self, obj):
        return obj.priority_count

    def save_formset(self, request, form, formset, change):
        if formset.model not in (Priority, NextStep):
            return super().save_formset(request, form, formset, change)
        # A new row left at order 0 goes after the existing ones, not before them.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        last = formset.model.objects.filter(country=form.instance).aggregate(m=Max("order"))["m"]
        next_order = (last or 0) + 1
        for obj in instances:
            if obj.pk is None and not obj.order:
                obj.order = next_order
                next_order += 1
            obj.save()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        country = form.instance
        if change and "stage" not in form.changed_data:
            return
        previous = form.initial.get("stage") if change else None
        if not is_advance(previous, country.stage):
            return
        if _added_milestone_of_kind(formsets, STAGE_MILESTONE_KIND[Stage(country.stage)]):
            return
        record_stage_milestone(country, country.stage, user=request.user)


class ResourceAdminForm(forms.ModelForm):
    # Only a real PDF, judged by its bytes; stored under a safe name.
    file = SafePdfField(label=_("file"), required=False, widget=AdminFileWidget)
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = [
            "title",
            "kind",
            "language",
            "url",
            "file",
            "description",
            "order",
            "is_published",
        ]


@admin.register(Resource)
class ResourceAdmin(TranslatedAdminMixin, PortalModelAdmin):
    form = ResourceAdminForm
    list_display = ["title", "kind", "language", "order", "is_published"]
    list_editable = ["order"]
    list_filter = ["kind", "language", "is_published"]
    search_fields = ["title", "description", "url"]
    actions = ["publish_selected", "unpublish_selected"]
