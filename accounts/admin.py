"""The Secretariat's side of focal points: invitations, accounts, the change-request queue.

Focal points' e-mail addresses are shown here and nowhere else (no public page or export)."""

from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import admin_views, services
from .models import ChangeRequest, FocalPoint, Invitation, ProgressUpdate


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["email", "partner", "country", "created_at", "last_reminded_at"]
    list_select_related = ["user", "partner", "country"]
    search_fields = ["user__email", "partner__name", "country__name"]
    autocomplete_fields = ["user", "partner", "country"]
    list_per_page = 50

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email(self, obj):
        return obj.user.email


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Sending is adding: the e-mail with the one-time link goes out when the row is saved."""

    fields = ["email", "partner", "country", "language"]
    list_display = ["email", "partner", "country", "created_at", "expires_at", "state"]
    list_select_related = ["partner", "country"]
    search_fields = ["email", "partner__name", "country__name"]
    autocomplete_fields = ["partner", "country"]
    actions = ["send_again"]
    list_per_page = 50

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.used_at:
            return gettext("Used")
        return gettext("Waiting") if obj.is_usable() else gettext("Expired")

    def has_change_permission(self, request, obj=None):
        return False  # a sent invitation is a record; send a new one instead

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("language", request.LANGUAGE_CODE)
        return initial

    def save_model(self, request, obj, form, change):
        invitation, token = services.create_invitation(
            email=obj.email,
            partner=obj.partner,
            country=obj.country,
            language=obj.language,
            invited_by=request.user,
        )
        # The admin goes on with `obj` (log entry, redirect): make it the stored row.
        obj.pk, obj.token_hash, obj.expires_at = invitation.pk, "", invitation.expires_at
        obj._state.adding = False
        services.send_invitation(invitation, token, request)

    @admin.action(description=_("Send a new invitation to the same address"))
    def send_again(self, request, queryset):
        for old in queryset.select_related("partner", "country"):
            invitation, token = services.create_invitation(
                email=old.email,
                partner=old.partner,
                country=old.country,
                language=old.language,
                invited_by=request.user,
            )
            services.send_invitation(invitation, token, request)
        self.message_user(request, gettext("Invitations sent."), messages.SUCCESS)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    change_list_template = "admin/accounts/changerequest/change_list.html"
    list_display = ["__str__", "kind", "status", "created_at", "reviewed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["partner_name", "message"]
    list_select_related = ["partner"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [
            path("<int:pk>/change/", review, name="accounts_changerequest_change"),
            *super().get_urls(),
        ]

    def review_view(self, request, pk):
        return admin_views.review(request, self, pk)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), **admin_views.stale_context()}
        return super().changelist_view(request, extra_context)


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["country", "created_at", "note", "author"]
    list_select_related = ["country", "author"]
    list_filter = ["country"]
    readonly_fields = ["country", "author", "created_at", "next_step", "new_status"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False
