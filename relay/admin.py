"""The contact relay in the back office: the record of messages (read-only), abuse reports to
handle, and organisations' opt-outs (the Secretariat can set one for an organisation)."""

from django.contrib import admin

from .enums import ReportStatus
from .models import AbuseReport, ContactMessage, ContactOptOut


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(ContactMessage)
class ContactMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "sender_organisation", "recipient", "subject", "recipient_count"]
    list_select_related = ["recipient"]
    search_fields = ["sender_organisation", "recipient__name", "subject"]
    date_hierarchy = "created_at"
    list_per_page = 50


@admin.register(AbuseReport)
class AbuseReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "message", "status"]
    list_select_related = ["message__recipient"]
    list_filter = ["status"]
    readonly_fields = ["message", "reporter", "note", "created_at", "message_text", "sender"]
    fields = ["status", "created_at", "message", "message_text", "sender", "reporter", "note"]
    list_per_page = 50
    actions = ["close_reports"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=ContactMessage._meta.get_field("body").verbose_name)
    def message_text(self, report):
        return report.message.body

    @admin.display(description=ContactMessage._meta.get_field("sender").verbose_name)
    def sender(self, report):
        sender = report.message.sender
        return f"{sender.get_full_name()} <{sender.email}>" if sender else "—"

    @admin.action(description=ReportStatus.CLOSED.label, permissions=["change"])
    def close_reports(self, request, queryset):
        queryset.update(status=ReportStatus.CLOSED)


@admin.register(ContactOptOut)
class ContactOptOutAdmin(admin.ModelAdmin):
    list_display = ["partner", "created_at"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    search_fields = ["partner__name"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)
