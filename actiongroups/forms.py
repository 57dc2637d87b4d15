"""Forms of the work plan editor: a plan, its objectives, and each objective's outputs.

Django's admin inlines cannot nest, so the editor nests formsets itself: every objective form
carries an `outputs` formset whose prefix is derived from the objective form's prefix.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Objective, Output, WorkPlan

FIRST_YEAR = 2015  # Target 8.7 dates from the 2030 Agenda (2015)
LAST_YEAR = 2035


def validate_year(value):
    # A typo such as 20201 would otherwise be stored and shown as a period.
    if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValidationError(
            _("Enter a year between %(first)s and %(last)s."),
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
            code="year",
        )


class WorkPlanForm(forms.ModelForm):
    class Meta:
        model = WorkPlan
        fields = ["title", "start_year", "end_year", "status", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_year", "end_year"):
            self.fields[name].validators.append(validate_year)
            self.fields[name].widget.attrs.update(min=FIRST_YEAR, max=LAST_YEAR)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        # The form has no `group` field, so ModelForm skips the (group, period) uniqueness check.
        if start and end and self.instance.group_id:
            clash = WorkPlan.objects.filter(
                group_id=self.instance.group_id, start_year=start, end_year=end
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(
                    _("This group already has a work plan for these years."), code="duplicate"
                )
        return cleaned


class OutputForm(forms.ModelForm):
    class Meta:
        model = Output
        fields = ["title", "status", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2, "cols": 60})}


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["title", "order"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2, "cols": 60})}


OutputFormSet = forms.inlineformset_factory(
    Objective, Output, form=OutputForm, extra=2, can_delete=True
)


class BaseObjectiveFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        existing = list(form.instance.outputs.all()) if form.instance.pk else []
        next_order = max((output.order for output in existing), default=0) + 1
        form.outputs = OutputFormSet(
            data=self.data if self.is_bound else None,
            instance=form.instance,
            prefix=f"{form.prefix}-outputs",
            queryset=Output.objects.order_by("order", "pk"),
            # New outputs go to the end of the list unless the editor types another position.
            initial=[{"order": next_order + n} for n in range(OutputFormSet.extra)],
        )

    def _live_forms(self):
        return [form for form in self.forms if not self._should_delete_form(form)]

    def is_valid(self):
        valid = super().is_valid()
        # Outputs of an objective being deleted go with it; their input does not matter.
        # A list, not a generator: every formset is validated so all errors show at once.
        nested = [form.outputs.is_valid() for form in self._live_forms()]
        return all(nested) and valid

    def clean(self):
        super().clean()
        for form in self.forms:
            is_blank_new_objective = form.instance.pk is None and not form.has_changed()
            if is_blank_new_objective and form.outputs.has_changed():
                raise ValidationError(
                    _("Give the new objective a title before adding outputs to it."),
                    code="outputs_without_objective",
                )

    @property
    def output_formsets(self):
        return [form.outputs for form in self.forms]


ObjectiveFormSet = forms.inlineformset_factory(
    WorkPlan,
    Objective,
    form=ObjectiveForm,
    formset=BaseObjectiveFormSet,
    extra=1,
    can_delete=True,
)


def objective_formset(plan, data=None):
    """The objectives of `plan` with their outputs, one blank objective to add."""
    objectives = (
        Objective.objects.filter(work_plan=plan).order_by("order", "pk").prefetch_related("outputs")
        if plan.pk
        else Objective.objects.none()
    )
    next_order = max((o.order for o in objectives), default=0) + 1
    return ObjectiveFormSet(
        data=data,
        instance=plan,
        prefix="objectives",
        queryset=objectives,
        initial=[{"order": next_order + n} for n in range(ObjectiveFormSet.extra)],
    )
