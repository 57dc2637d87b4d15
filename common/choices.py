"""Tests of a choice field, for templates, which compare no literals (README, "How we write
code"): `is_cancelled = choice_is("status", EventStatus.CANCELLED)` on the model gives
`{% if event.is_cancelled %}` in a template."""


def choice_is(field: str, value) -> property:
    """A read-only property: whether the object's `field` holds `value` (an enum member)."""
    return property(lambda obj: getattr(obj, field) == value, doc=f"{field} is {value!r}")
