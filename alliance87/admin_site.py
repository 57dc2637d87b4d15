"""The back office's admin site: the portal's name, an index grouped by area, CSV export.

`alliance87.apps.PortalAdminConfig` makes this the default `admin.site`, so every app keeps
registering with `@admin.register` and every `admin:` URL name stays as Django names it.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .admin_csv import export_as_csv

# The areas of the portal in the order the Secretariat works with them, each with its models
# in a useful order; apps and models not listed follow, alphabetically.
AREAS = [
    ("partners", _("Partner directory"), ["partner"]),
    ("pathfinders", _("Pathfinder countries"), ["pathfindercountry", "resource"]),
    ("actiongroups", _("Action groups"), ["actiongroup", "workplan", "output", "membership"]),
    ("events", _("Events calendar"), ["event"]),
    ("common", _("Shared vocabulary"), ["theme"]),
    ("translations", _("Translations"), ["translationstate"]),
    ("auth", _("Users and roles"), ["user", "group"]),
    ("axes", _("Login protection"), ["accessattempt", "accessfailurelog", "accesslog"]),
]


class PortalAdminSite(admin.AdminSite):
    site_header = _("Alliance 8.7 back office")
    site_title = _("Alliance 8.7 back office")
    index_title = _("Content by area")

    def __init__(self, name="admin"):
        super().__init__(name)
        self.add_action(export_as_csv, "export_as_csv")

    def get_urls(self):
        """Django's URLs, with "view on site" (admin/r/…) limited to what the user may see."""
        urls = super().get_urls()
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<int:content_type_id>/<path:object_id>/",
                    self.admin_view(self.view_on_site),
                    name="view_on_site",
                )
        return urls

    def view_on_site(self, request, content_type_id, object_id):
        """Redirect to a record's public page, only for records this user may open here.

        Django's own view redirects any staff account to any record's page, which tells a chair
        the address (slug) of another group's draft. A record the user cannot view or change in
        its admin (row-level rights included) is a plain 404, as in the rest of the back office.
        """
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            model = None
        model_admin = self._registry.get(model)
        obj = model_admin.get_object(request, unquote(object_id)) if model_admin else None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404(gettext("No such record."))
        return contenttype_views.shortcut(request, content_type_id, object_id)

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        order = {label: position for position, (label, _name, _models) in enumerate(AREAS)}
        names = {label: name for label, name, _models in AREAS}
        model_order = {label: models for label, _name, models in AREAS}
        for app in apps:
            label = app["app_label"]
            if label in names:
                app["name"] = names[label]
            wanted = model_order.get(label, [])
            app["models"].sort(
                key=lambda model, wanted=wanted: (
                    wanted.index(model["object_name"].lower())
                    if model["object_name"].lower() in wanted
                    else len(wanted),
                    str(model["name"]),
                )
            )
        apps.sort(key=lambda app: (order.get(app["app_label"], len(order)), str(app["name"])))
        return apps


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the admin's look, a plain explanation, 429.

    A focal point's login at /account/ gets the portal's look instead (accounts.views).
    """
    from accounts import views as account_views

    if account_views.is_account_login(request):
        return account_views.lockout_response(request, original_response, credentials)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": minutes,
    }
    # Rendered here: a middleware's response is not rendered later as a view's would be.
    return render(request, "admin/locked_out.html", context, status=429)
