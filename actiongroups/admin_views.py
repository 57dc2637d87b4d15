"""The action group admin's own screen, kept out of the ModelAdmin (as djangoproject.com's
fundraising/admin_views.py does): the work plan editor.

A plan is edited under its group (`/admin/actiongroups/actiongroup/<id>/work-plans/<plan id>/`)
rather than with inlines: Django's inlines cannot nest, and a plan is only useful with its
objectives *and* their outputs on one page. The view nests one outputs formset inside each
objective form (see `forms.py`), needs no JavaScript, saves everything in one transaction
(`services.save_work_plan`) and records the change in the admin history. It is mounted by
ActionGroupAdmin.get_urls, which it takes as `model_admin` (scope, log, messages).
"""

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common import concurrency
from common.admin_mixins import PortalModelAdmin

from . import services
from .forms import WorkPlanForm, objective_formset
from .models import ActionGroup, Objective, Output, WorkPlan

STALE_PLAN_MESSAGE = _(
    "Someone saved this work plan after you opened it. Your changes were not saved, so that "
    "theirs are not lost: open the work plan again, then make your changes once more."
)


def editor_url(plan):
    return reverse("admin:actiongroups_actiongroup_workplan", args=[plan.group_id, plan.pk])


def plan_fingerprint(plan, lock=False) -> str:
    """The fingerprint of the plan with its objectives and outputs as stored.

    With `lock` the plan's row stays locked until the transaction ends: a second save of the
    plan waits, then sees this one and is refused.
    """
    plan_row = concurrency.locked(WorkPlan.objects.filter(pk=plan.pk), lock)
    objectives = Objective.objects.filter(work_plan=plan).order_by("pk")
    outputs = Output.objects.filter(objective__work_plan=plan).order_by("pk")
    return concurrency.digest(
        (
            list(plan_row.values_list("title", "start_year", "end_year", "status", "summary")),
            list(objectives.values_list("pk", "title", "order")),
            list(outputs.values_list("pk", "objective_id", "title", "status", "order")),
        )
    )


def work_plan_editor(request, group_id, plan_id=None, *, model_admin):
    # One transaction: the stale-page check locks the plan until its save is committed.
    with transaction.atomic():
        return _work_plan_editor(request, model_admin, group_id, plan_id)


def _work_plan_editor(request, model_admin, group_id, plan_id):
    # Only a group this account may edit: any other answers 404, like a missing one.
    groups = model_admin.scope_queryset(request, ActionGroup.objects.all())
    group = get_object_or_404(groups, pk=group_id)
    adding = plan_id is None
    permission = "actiongroups.add_workplan" if adding else "actiongroups.change_workplan"
    if not request.user.has_perm(permission):
        raise PermissionDenied
    plan = WorkPlan(group=group) if adding else get_object_or_404(WorkPlan, pk=plan_id, group=group)
    posting = request.method == "POST"
    current = None if adding else plan_fingerprint(plan, lock=posting)
    posted = request.POST.get(concurrency.FINGERPRINT_FIELD) if posting else None
    plan_form = WorkPlanForm(request.POST if posting else None, instance=plan)
    objectives = objective_formset(plan, request.POST) if posting else objective_formset(plan)
    if posting and _can_save(plan_form, objectives, posted, current):
        plan = _save(request, model_admin, plan_form, objectives, adding)
        if "_continue" in request.POST:
            return HttpResponseRedirect(editor_url(plan))
        return HttpResponseRedirect(
            reverse("admin:actiongroups_actiongroup_change", args=[group.pk])
        )
    context = {
        **model_admin.admin_site.each_context(request),
        **_page(model_admin, group, plan, adding),
        "plan_form": plan_form,
        "objectives": objectives,
        "has_errors": posting,
        "media": model_admin.media + plan_form.media,
        **concurrency.page_context(posted, current),
    }
    return TemplateResponse(request, "admin/actiongroups/workplan_editor.html", context)


def _can_save(plan_form, objectives, posted, current) -> bool:
    """Every form valid and the page not stale (every form is checked, to show every error)."""
    objectives_valid = objectives.is_valid()
    plan_valid = plan_form.is_valid()
    if concurrency.is_stale(posted, current):
        plan_form.add_error(None, concurrency.stale_error(plan_form.instance, STALE_PLAN_MESSAGE))
        return False
    return objectives_valid and plan_valid


def _save(request, model_admin, plan_form, objectives, adding):
    """Save in one revision, with a baseline first so the first change can be undone."""
    work_plan_admin = model_admin.admin_site._registry.get(WorkPlan)
    if not adding and isinstance(work_plan_admin, PortalModelAdmin):
        work_plan_admin.ensure_baseline(request, [plan_form.instance])
    with reversion.create_revision():
        reversion.set_user(request.user)
        plan = services.save_work_plan(plan_form, objectives)
        saved_formsets = [objectives] + [
            formset for formset in objectives.output_formsets if hasattr(formset, "new_objects")
        ]
        message = model_admin.construct_change_message(request, plan_form, saved_formsets, adding)
        log = model_admin.log_addition if adding else model_admin.log_change
        entry = log(request, plan, message)
        reversion.add_to_revision(plan)
        reversion.set_comment(entry.get_change_message() or gettext("Saved."))
    model_admin.message_user(
        request, gettext("The work plan %(plan)s was saved.") % {"plan": plan}, messages.SUCCESS
    )
    return plan


def _page(model_admin, group, plan, adding) -> dict:
    """Title, breadcrumbs and links of the editor page."""
    page = {
        "title": gettext("Add a work plan"),
        "subtitle": str(group),
        "opts": model_admin.opts,
        "group": group,
        "plan": plan,
        "adding": adding,
        "history_url": None,
        "view_url": None,
    }
    if not adding:
        page["title"] = gettext("Work plan %(period)s") % {"period": plan.period}
        page["history_url"] = reverse("admin:actiongroups_workplan_history", args=[plan.pk])
        # A draft group has no public page yet: its preview instead.
        published = group.is_published
        page["view_url"] = plan.get_absolute_url() if published else model_admin.preview_url(group)
    return page
