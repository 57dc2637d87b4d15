from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionGroupsConfig(AppConfig):
    name = "actiongroups"
    verbose_name = _("Action groups")
