"""The outbox in the back office: read-only, with a retry action for failed messages."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboundEmail
from .services import retry


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    # The text is not shown: an invitation or a password reset carries a one-time link that
    # would let a back-office reader into the focal point's account.
    list_display = ["subject", "template", "language", "status", "attempts", "created_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["retry_selected"]
    readonly_fields = [
        "template",
        "language",
        "from_email",
        "to",
        "reply_to",
        "subject",
        "headers",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]

    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again (failed or waiting messages)"), permissions=["view"])
    def retry_selected(self, request, queryset):
        count = retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d message queued again; the next drain sends it.",
                "%(count)d messages queued again; the next drain sends them.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
