"""Text fit for every output: no control characters (XML 1.0 and iCalendar refuse them).

A vertical tab or form feed pasted from a word processor is a line break to its author; other C0
controls, lone surrogates and the non-characters U+FFFE/U+FFFF mean nothing to a reader. They are
taken out of every text field of the portal's models when a record is saved (`strip_on_save`,
connected in apps.py), and out of whatever a feed writes (`XmlSafeAtom1Feed`, `xml_safe`), so
rows stored before this rule, or written around the ORM, cannot break a feed either.
"""

import re

from django.db import models
from django.utils.feedgenerator import Atom1Feed

from .registry import CONTENT_APPS

# Tab, line feed and carriage return are allowed in XML 1.0; the other C0 controls are not.
LINE_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e]")
ONE_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e]")
NOT_IN_XML = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def strip_control_characters(text: str) -> str:
    """Line-break controls become a line feed; the other controls are removed."""
    if not text:
        return text
    return NOT_IN_XML.sub("", LINE_BREAKS.sub("\n", text))


def single_line(text: str) -> str:
    """For one-line fields (titles, names): any line break becomes a space, controls go."""
    if not text:
        return text
    return NOT_IN_XML.sub("", ONE_LINE_BREAKS.sub(" ", text))


def xml_safe(value):
    """The value (a string, or a list/tuple/dict of them) without control characters."""
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: xml_safe(item) for key, item in value.items()}
    return value


def strip_on_save(sender, instance, raw=False, **kwargs):
    """pre_save: clean every text field of a content model, whoever saves it.

    A one-line field (CharField: titles, names, places) keeps one line: a pasted line break
    becomes a space. A TextField keeps its line breaks.
    """
    if raw or sender._meta.app_label not in CONTENT_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.TextField):
            clean = strip_control_characters
        elif isinstance(field, models.CharField):
            clean = single_line
        else:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, clean(value))


class XmlSafeAtom1Feed(Atom1Feed):
    """Django's Atom feed, which raises on a control character, with them taken out first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_safe(args), **xml_safe(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_safe(args), **xml_safe(kwargs))
