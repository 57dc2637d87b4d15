from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Focal points")

    def ready(self):
        from common.content_version import bump_content_version

        from .models import ProgressUpdate

        # Progress updates show on the public hub: a new one must not wait for the page cache.
        def changed(sender, **kwargs):
            bump_content_version()

        post_save.connect(changed, sender=ProgressUpdate, dispatch_uid="accounts-progress-save")
        post_delete.connect(changed, sender=ProgressUpdate, dispatch_uid="accounts-progress-del")
