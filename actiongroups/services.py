"""Writes that touch several rows: a work plan saved together with its objectives and outputs.

Dating output status changes is not here but in `Output.save()` (and
`OutputQuerySet.set_status()` for bulk changes), so every path that saves an output gets it.
"""

from django.db import transaction


@transaction.atomic
def save_work_plan(plan_form, objective_formset):
    """Save a validated plan form and its nested objective/output formsets, all or nothing.

    `objective_formset` must have been built on `plan_form.instance`, so that a new plan's
    objectives (and a new objective's outputs) point at the row saved first.
    """
    plan = plan_form.save()
    objective_formset.instance = plan
    objective_formset.save()
    deleted = set(map(id, objective_formset.deleted_forms))
    for form in objective_formset.forms:
        # A deleted objective took its outputs with it; a blank extra form was never saved.
        if id(form) in deleted or form.instance.pk is None:
            continue
        form.outputs.instance = form.instance
        form.outputs.save()
    return plan
