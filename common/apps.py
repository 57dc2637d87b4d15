from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The shared kernel: the theme vocabulary and the rules every app follows.

    It imports no portal app; the apps import it and the site layer (alliance87) sits on top.
    """

    name = "common"
    verbose_name = _("Shared vocabulary")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

        from .content_version import on_content_change
        from .media import delete_replaced_files
        from .text import strip_on_save

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_content_change, dispatch_uid=f"portal-cache-{signal!r}")
        pre_save.connect(strip_on_save, dispatch_uid="portal-strip-control-characters")
        pre_save.connect(delete_replaced_files, dispatch_uid="portal-delete-replaced-files")
