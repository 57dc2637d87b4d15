from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True  # this module also holds the admin's config below
    name = "alliance87"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from .cache import on_content_change
        from .media import delete_replaced_files
        from .text import strip_on_save

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_content_change, dispatch_uid=f"portal-cache-{signal!r}")
        pre_save.connect(strip_on_save, dispatch_uid="portal-strip-control-characters")
        pre_save.connect(delete_replaced_files, dispatch_uid="portal-delete-replaced-files")


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with `admin.site` being the portal's back office (see admin_site.py)."""

    default = False

    default_site = "alliance87.admin_site.PortalAdminSite"
