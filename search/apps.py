from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search across the portal")

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import text

        text.install(connection_created)
        # A connection opened before this app was ready (e.g. by a check) gets the function too.
        for connection in connections.all(initialized_only=True):
            text.register_sqlite_function(None, connection)
