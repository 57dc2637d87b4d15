import reversion
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from actiongroups.models import GroupEditor
from alliance87.admin_mixins import TranslatedAdminMixin

from . import roles
from .admin_mixins import LabelledSplitDateTime, PortalModelAdmin
from .models import Theme

reversion.register(Theme)

# taggit's own Tag model is unused (themes are alliance87.Theme): keep it out of the way.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Theme)
class ThemeAdmin(TranslatedAdminMixin, PortalModelAdmin):
    list_display = ["name", "slug", "partner_count", "event_count", "group_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                partners=Count("partners_themedpartner_items", distinct=True),
                events=Count("events_themedevent_items", distinct=True),
                groups=Count("actiongroups_themedactiongroup_items", distinct=True),
            )
        )

    @admin.display(description=_("partners"), ordering="partners")
    def partner_count(self, theme):
        return theme.partners

    @admin.display(description=_("events"), ordering="events")
    def event_count(self, theme):
        return theme.events

    @admin.display(description=_("action groups"), ordering="groups")
    def group_count(self, theme):
        return theme.groups


class EditedGroupInline(admin.TabularInline):
    """On a user's page: the action groups the account may edit (superusers only)."""

    model = GroupEditor
    fk_name = "user"
    extra = 0
    fields = ["group", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["group"]
    verbose_name = _("action group this account may edit")
    verbose_name_plural = _("action groups this account may edit (as chair)")

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [EditedGroupInline]
    # Stock Django leaves the two inputs of "Last login" / "Date joined" without labels.
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}
    list_display = [*UserAdmin.list_display, "roles"]
    list_filter = [*UserAdmin.list_filter]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, user):
        if user.is_superuser:
            return _("Superuser")
        names = [str(roles.ROLE_LABELS.get(group.name, group.name)) for group in user.groups.all()]
        return ", ".join(names) or "–"

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is GroupEditor and (formset.new_objects or formset.changed_objects):
            roles.grant_chair_role(form.instance)
