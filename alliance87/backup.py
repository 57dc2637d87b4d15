"""Content export and restore (the portal's own data; user accounts are not included)."""

import datetime

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

CONTENT_APPS = ["alliance87", "partners", "pathfinders", "actiongroups", "events"]


def _refers_to_users(model):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return any(field.related_model is user_model for field in model._meta.concrete_fields)


def content_models():
    """Models holding portal content, parents before children so a restore can insert in order.

    Rows tied to user accounts (who may edit which action group) are left out: accounts are not
    part of a content backup, so those rows could not be restored into an empty database.
    """
    return [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.managed and not model._meta.proxy and not _refers_to_users(model)
    ]


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup must give back exactly what it read."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def export_content(stream):
    """Write every content row, each model in primary-key order, as Django's JSON fixture format."""

    def rows():
        for model in content_models():
            yield from model._base_manager.order_by("pk").iterator()

    serializers.serialize("json", rows(), stream=stream, indent=1, cls=ExactJSONEncoder)


def content_exists():
    return any(model._base_manager.exists() for model in content_models())
