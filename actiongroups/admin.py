"""Back office for action groups.

Work plans are edited in a view of their own under the group (admin_views.py, which says why).
The group's change page lists its plans (with progress) and links to the editor; the work plan
changelist sends its rows there too.

Chairs (accounts linked to groups through `GroupEditor`, see alliance87/roles.py) see and change
only their groups and what belongs to them — here, in the editor and in every list — enforced on
the server by `PortalModelAdmin`'s row-level checks, not by hidden buttons.
"""

from functools import partial

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from alliance87 import roles
from alliance87.admin_mixins import PortalModelAdmin, TranslatedAdminMixin

from . import admin_views
from .admin_views import editor_url
from .enums import OutputStatus
from .models import (
    ActionGroup,
    GroupEditor,
    Membership,
    Objective,
    Output,
    ThemedActionGroup,
    WorkPlan,
    membership_problems,
)
from .selectors import Progress, group_detail_context, pick_current_plan

# History: a group's revision holds its memberships and themes; a plan's its objectives and
# outputs. Account links (GroupEditor) are left out: reverting content never grants rights.
reversion.register(ActionGroup, follow=["memberships", "themedactiongroup_set"])
reversion.register(Membership)
reversion.register(ThemedActionGroup)
reversion.register(WorkPlan, follow=["objectives"])
reversion.register(Objective, follow=["outputs"])
reversion.register(Output)


def progress_text(progress):
    if not progress.has_outputs:
        return gettext("no outputs defined")
    return gettext("%(done)s of %(total)s done (%(percent)s%%)") % {
        "done": progress.done,
        "total": progress.total,
        "percent": progress.percent,
    }


class MembershipFormSet(forms.BaseInlineFormSet):
    """The group's memberships checked together, each problem reported at its row's field.

    `Membership.clean()` compares a row with the rows already stored; two rows added in one
    save (two chairs, the same partner twice) are only caught here.
    """

    def clean(self):
        # Before Django's own uniqueness check, which stops at the first duplicate.
        self._check_roles_and_partners()
        super().clean()

    def _check_roles_and_partners(self):
        forms = [form for form in self.forms if _kept_row(form)]
        rows = [(form.cleaned_data["partner"].pk, form.cleaned_data.get("role")) for form in forms]
        for index, problems in membership_problems(rows).items():
            for field, message in problems:
                forms[index].add_error(field, message)


def _kept_row(form) -> bool:
    """A membership row filled in and not marked for deletion."""
    data = getattr(form, "cleaned_data", None)
    return bool(data) and not data.get("DELETE") and bool(data.get("partner"))


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    fields = ["partner", "role", "date_joined"]
    autocomplete_fields = ["partner"]
    ordering = ["role", "partner__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


class GroupEditorForm(forms.ModelForm):
    class Meta:
        model = GroupEditor
        fields = ["user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = get_user_model().objects.filter(is_active=True)
            self.fields["user"].help_text = _(
                "The account gets the “Action group chair” role and back-office access, and may "
                "then edit only the groups it is linked to."
            )


class GroupEditorInline(admin.TabularInline):
    """Which accounts may edit the group (superusers only: it grants rights)."""

    model = GroupEditor
    form = GroupEditorForm
    extra = 0
    fields = ["user", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name = _("account that may edit this group")
    verbose_name_plural = _("accounts that may edit this group (chairs)")

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class WorkPlanInline(admin.TabularInline):
    """The group's plans at a glance; objectives and outputs are edited in the plan editor."""

    model = WorkPlan
    extra = 0
    fields = ["start_year", "end_year", "title", "status", "progress", "contents"]
    readonly_fields = ["progress", "contents"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress().order_by("-start_year", "-end_year")

    @admin.display(description=_("progress"))
    def progress(self, plan):
        if plan.pk is None or not hasattr(plan, "output_total"):
            return "–"
        return progress_text(Progress.of_plan(plan))

    @admin.display(description=_("objectives and outputs"))
    def contents(self, plan):
        if plan.pk is None:
            return gettext("Save the group first, then edit the objectives and outputs.")
        return format_html('<a href="{}">{}</a>', editor_url(plan), gettext("Edit"))


@admin.register(ActionGroup)
class ActionGroupAdmin(TranslatedAdminMixin, PortalModelAdmin):
    group_scope = "pk"
    preview_template = "actiongroups/group_detail.html"
    list_display = [
        "name",
        "status",
        "chairs",
        "listed_members",
        "reported_member_count",
        "current_plan",
        "is_published",
        "updated_at",
    ]
    list_filter = ["status", "is_published", "themes"]
    # Explicit: the member counts' GROUP BY drops the model's default ordering.
    ordering = ["name"]
    actions = ["publish_selected", "unpublish_selected"]
    search_fields = [
        "name",
        "slug",
        "mandate",
        "focal_point",
        "memberships__partner__name",
        "memberships__partner__acronym",
    ]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "status", "is_published"]}),
        (_("About"), {"fields": ["mandate", "established", "established_precision", "themes"]}),
        (
            _("Organisation"),
            {
                "fields": [
                    "focal_point",
                    "online_space_url",
                    "reported_member_count",
                    "reported_member_count_is_minimum",
                    "reported_member_count_date",
                ]
            },
        ),
    ]
    inlines = [MembershipInline, WorkPlanInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_inlines(self, request, obj):
        if request.user.is_superuser:
            return [*self.inlines, GroupEditorInline]
        return self.inlines

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is GroupEditor:
            for link in formset.new_objects + [obj for obj, _ in formset.changed_objects]:
                roles.grant_chair_role(link.user)

    def preview_context(self, request, obj):
        return group_detail_context(obj, request.GET.get("plan"))

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_counts()
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.chairs().select_related("partner"),
                    to_attr="chair_memberships",
                ),
                Prefetch("work_plans", queryset=WorkPlan.objects.with_progress(), to_attr="plans"),
            )
        )

    @admin.display(description=_("chair or co-chairs"))
    def chairs(self, group):
        return ", ".join(str(m.partner) for m in group.chair_memberships) or "–"

    @admin.display(description=_("members listed"), ordering="member_count")
    def listed_members(self, group):
        return group.member_count

    @admin.display(description=_("current work plan"))
    def current_plan(self, group):
        plan = pick_current_plan(group.plans)
        if plan is None:
            return "–"
        return (
            f"{plan.period} ({plan.get_status_display()}): {progress_text(Progress.of_plan(plan))}"
        )

    # -- the work plan editor: a view of its own (admin_views.py) ---------------------------

    def get_urls(self):
        view = self.admin_site.admin_view(partial(admin_views.work_plan_editor, model_admin=self))
        return [
            path(
                "<int:group_id>/work-plans/add/",
                view,
                name="actiongroups_actiongroup_workplan_add",
            ),
            path(
                "<int:group_id>/work-plans/<int:plan_id>/",
                view,
                name="actiongroups_actiongroup_workplan",
            ),
            *super().get_urls(),
        ]


class RedirectToEditorMixin:
    """Plans, and their objectives, are changed in the editor under their group."""

    def plan_of(self, obj):
        raise NotImplementedError

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method == "GET" and self.has_change_permission(request, obj):
            return HttpResponseRedirect(editor_url(self.plan_of(obj)))
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(WorkPlan)
class WorkPlanAdmin(RedirectToEditorMixin, TranslatedAdminMixin, PortalModelAdmin):
    group_scope = "group"
    list_display = ["__str__", "group", "title", "status", "progress"]
    list_filter = ["status", "group__status", "group"]
    list_select_related = ["group"]
    search_fields = [
        "title",
        "summary",
        "group__name",
        "objectives__title",
        "objectives__outputs__title",
    ]
    autocomplete_fields = ["group"]
    fields = ["group", "title", "start_year", "end_year", "status", "summary"]

    def plan_of(self, plan):
        return plan

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description=_("progress"), ordering="output_done")
    def progress(self, plan):
        return progress_text(Progress.of_plan(plan))

    def response_add(self, request, obj, post_url_continue=None):
        # A new plan is empty: go straight to where its objectives and outputs are added.
        self.message_user(
            request,
            gettext("The work plan %(plan)s was added; now add its objectives and outputs.")
            % {"plan": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(editor_url(obj))


@admin.register(Objective)
class ObjectiveAdmin(RedirectToEditorMixin, TranslatedAdminMixin, PortalModelAdmin):
    """Registered for search and autocomplete; edited in the work plan editor."""

    group_scope = "work_plan__group"
    list_display = ["title", "work_plan", "order"]
    list_filter = ["work_plan__status", "work_plan__group"]
    list_select_related = ["work_plan__group"]
    search_fields = ["title", "work_plan__group__name"]

    def plan_of(self, objective):
        return objective.work_plan

    def get_model_perms(self, request):
        return {}  # not in the admin index: one place to edit a plan's contents


@admin.register(Output)
class OutputAdmin(TranslatedAdminMixin, PortalModelAdmin):
    """Every output across groups, to follow up what is in progress and mark what is done."""

    group_scope = "objective__work_plan__group"
    list_display = ["title_short", "group", "plan_period", "status", "status_changed_at", "order"]
    list_filter = [
        "status",
        "objective__work_plan__status",
        "objective__work_plan__group",
    ]
    list_select_related = ["objective__work_plan__group"]
    search_fields = ["title", "objective__title", "objective__work_plan__group__name"]
    autocomplete_fields = ["objective"]
    fields = ["objective", "title", "status", "status_changed_at", "order"]
    readonly_fields = ["status_changed_at"]
    date_hierarchy = "status_changed_at"
    actions = ["mark_planned", "mark_in_progress", "mark_done"]

    @admin.display(description=_("output"), ordering="title")
    def title_short(self, output):
        return str(output)

    @admin.display(description=_("action group"), ordering="objective__work_plan__group__name")
    def group(self, output):
        return output.objective.work_plan.group

    @admin.display(description=_("work plan"), ordering="objective__work_plan__start_year")
    def plan_period(self, output):
        return output.objective.work_plan.period

    def _mark(self, request, queryset, status):
        changed = self.set_field_on_selected(request, queryset, "status", status)
        text = ngettext(
            "%(count)s output marked “%(status)s”.",
            "%(count)s outputs marked “%(status)s”.",
            changed,
        )
        self.message_user(request, text % {"count": changed, "status": OutputStatus(status).label})

    @admin.action(description=_("Mark selected outputs as planned"), permissions=["change"])
    def mark_planned(self, request, queryset):
        self._mark(request, queryset, OutputStatus.PLANNED)

    @admin.action(description=_("Mark selected outputs as in progress"), permissions=["change"])
    def mark_in_progress(self, request, queryset):
        self._mark(request, queryset, OutputStatus.IN_PROGRESS)

    @admin.action(description=_("Mark selected outputs as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        self._mark(request, queryset, OutputStatus.DONE)


@admin.register(Membership)
class MembershipAdmin(PortalModelAdmin):
    group_scope = "group"
    list_display = ["partner", "group", "role", "date_joined"]
    list_filter = ["role", "group"]
    list_select_related = ["partner", "group"]
    search_fields = ["partner__name", "partner__acronym", "group__name"]
    autocomplete_fields = ["partner", "group"]
