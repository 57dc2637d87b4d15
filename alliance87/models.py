from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoLoad(models.Model):
    """The record that this database received the briefing pack's demo content.

    Written in the same transaction as the content itself, so the demo is loaded once per
    database and never again over what the Secretariat has since edited, renamed or deleted.
    `version` names the last set of corrections `upgrade_demo` applied.
    """

    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    source = models.CharField(_("source file"), max_length=250)
    version = models.PositiveIntegerField(_("corrections applied"), default=0)
    adopted = models.BooleanField(
        _("adopted"),
        default=False,
        help_text=_("Content was already present (loaded before this record existed)."),
    )

    class Meta:
        ordering = ["loaded_at"]
        verbose_name = _("demo content load")
        verbose_name_plural = _("demo content loads")

    def __str__(self):
        return f"{self.source} ({self.loaded_at:%Y-%m-%d})"
