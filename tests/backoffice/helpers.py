"""Build the POST a browser sends for an admin form, from the form as rendered."""

from django.forms import BooleanField, FileField, MultiWidget
from django.forms.widgets import SelectMultiple


def _add(data, form):
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        widget = field.widget
        inner = getattr(widget, "widget", widget)  # the admin wraps related-field widgets
        if isinstance(field, FileField):
            continue
        if isinstance(field, BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(inner, MultiWidget):
            parts = value if isinstance(value, list | tuple) else inner.decompress(value)
            for index, (part, sub_widget) in enumerate(zip(parts, inner.widgets, strict=False)):
                formatted = sub_widget.format_value(part)
                data[f"{key}_{index}"] = "" if formatted is None else str(formatted)
        elif isinstance(inner, SelectMultiple):
            data[key] = [str(getattr(item, "pk", item)) for item in (value or [])]
        elif value is not None:
            if hasattr(value, "pk"):
                value = value.pk
            formatted = inner.format_value(value)
            data[key] = "" if formatted is None else formatted


def change_form_data(response):
    """Every field of the admin form and its inlines, as the page shows them."""
    data = {}
    context = response.context
    _add(data, context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        _add(data, formset.management_form)
        for inline_form in formset.forms:
            _add(data, inline_form)
    return _with_fingerprint(data, context)


def editor_form_data(response):
    """The work plan editor's POST (plan, objectives, nested outputs, fingerprint)."""
    data = {}
    _add(data, response.context["plan_form"])
    objectives = response.context["objectives"]
    _add(data, objectives.management_form)
    for form in objectives.forms:
        _add(data, form)
        _add(data, form.outputs.management_form)
        for output_form in form.outputs.forms:
            _add(data, output_form)
    return _with_fingerprint(data, response.context)


def _with_fingerprint(data, context):
    """The hidden fingerprint every change form and editor carries (common/concurrency.py)."""
    if context.get("row_fingerprint"):
        data[context["row_fingerprint_field"]] = context["row_fingerprint"]
    return data
