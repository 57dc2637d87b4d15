from functools import partial

from django.contrib import admin
from django.urls import path

from . import admin_views
from .models import TranslationState


@admin.register(TranslationState)
class TranslationStateAdmin(admin.ModelAdmin):
    """No list of its own: the index's "Translations" opens the status view (admin_views)."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, model_admin=self))

        return [
            path("", view(admin_views.status), name="translations_translationstate_changelist"),
            path("export/", view(admin_views.export), name="translations_translationstate_export"),
            path(
                "import/",
                view(admin_views.import_file),
                name="translations_translationstate_import",
            ),
        ]
