from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True  # this module also holds the admin's config below
    name = "alliance87"
    verbose_name = _("Portal")

    def ready(self):
        from common.content_version import content_committed

        from .warmup import warm_after_change

        # The kernel says when a change commits; warming the apps' list counts is the site's job.
        content_committed.connect(warm_after_change, dispatch_uid="warm-after-change")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with `admin.site` being the portal's back office (see admin_site.py)."""

    default = False

    default_site = "alliance87.admin_site.PortalAdminSite"
