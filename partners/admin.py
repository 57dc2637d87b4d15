"""Back office for the partner directory: safe logos, freshness checks, CSV import, history."""

from datetime import timedelta
from functools import partial

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance87.admin_mixins import PortalModelAdmin, TranslatedAdminMixin
from alliance87.models import Theme
from alliance87.uploads import SafeImageField

from . import admin_views
from .models import HEAVY_SEARCH_FIELDS, Partner, PartnerCountry, ThemedPartner
from .selectors import partner_detail_context
from .services import refresh_logo_thumbnail

# A partner's revision holds its countries of work and themes: recovering a deleted partner
# brings them back (and its memberships, recorded with the deletion).
reversion.register(Partner, follow=["countries_of_work", "themedpartner_set"])
reversion.register(PartnerCountry)
reversion.register(ThemedPartner)

VERIFIED_RECENTLY = timedelta(days=365)


class HeadquartersCountryFilter(admin.SimpleListFilter):
    """Only the countries some partner is headquartered in, not all ~250 with "(0)"."""

    title = _("headquarters country")
    parameter_name = "headquarters_country"

    def lookups(self, request, model_admin):
        codes = (
            model_admin.get_queryset(request)
            .exclude(headquarters_country="")
            .order_by()
            .values_list("headquarters_country", flat=True)
            .distinct()
        )
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(headquarters_country=self.value())
        return queryset


class VerificationFilter(admin.SimpleListFilter):
    title = _("last verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [
            ("stale", _("Not verified in the last 12 months (or never)")),
            ("never", _("Never verified")),
            ("recent", _("Verified in the last 12 months")),
        ]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - VERIFIED_RECENTLY
        if self.value() == "stale":
            return queryset.filter(
                models.Q(last_verified__lt=cutoff) | models.Q(last_verified__isnull=True)
            )
        if self.value() == "never":
            return queryset.filter(last_verified__isnull=True)
        if self.value() == "recent":
            return queryset.filter(last_verified__gte=cutoff)
        return queryset


class PartnerCountryInline(admin.TabularInline):
    model = PartnerCountry
    extra = 1
    ordering = ["country"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "themes":
            # Ticked from the shared vocabulary, like the partner's own themes: each box is
            # named by its theme (a multiple select in a table row would have no name).
            return forms.ModelMultipleChoiceField(
                queryset=Theme.objects.order_by("name"),
                widget=forms.CheckboxSelectMultiple,
                required=False,
                label=capfirst(db_field.verbose_name),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PartnerAdminForm(forms.ModelForm):
    # Checked by its bytes and re-encoded without metadata (alliance87/uploads.py).
    logo = SafeImageField(label=_("Logo"), required=False, widget=AdminFileWidget)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_url = forms.URLField(
        label=_("Public contact page"),
        required=False,
        assume_scheme="https",
        help_text=_("A public contact form or page; never a private e-mail address."),
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "acronym",
            "slug",
            "organisation_type",
            "standing",
            "is_published",
            "headquarters_country",
            "themes",
            "logo",
            "description",
            "date_joined",
            "website",
            "contact_url",
            "last_verified",
        ]


@admin.register(Partner)
class PartnerAdmin(TranslatedAdminMixin, PortalModelAdmin):
    form = PartnerAdminForm
    change_list_template = "admin/partners/partner/change_list.html"
    preview_template = "partners/partner_detail.html"
    list_display = [
        "logo_preview",
        "name",
        "acronym",
        "organisation_type",
        "standing",
        "headquarters_country",
        "is_published",
        "last_verified",
        "updated_at",
    ]
    list_display_links = ["name"]
    list_filter = [
        "is_published",
        VerificationFilter,
        "standing",
        "organisation_type",
        HeadquartersCountryFilter,
        "themes",
        "action_groups",
    ]
    search_fields = [
        "name",
        "acronym",
        "slug",
        "description",
        "website",
        "countries_of_work__country",
        "themes__name",
        "memberships__group__name",
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PartnerCountryInline]
    date_hierarchy = "created_at"
    readonly_fields = ["logo_thumbnail_preview", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "acronym",
                    "translated_name",
                    "slug",
                    "organisation_type",
                    "standing",
                    "is_published",
                ]
            },
        ),
        (
            _("Profile"),
            {
                "fields": [
                    "headquarters_country",
                    "themes",
                    "logo",
                    "logo_thumbnail_preview",
                    "description",
                    "date_joined",
                ]
            },
        ),
        (_("Links"), {"fields": ["website", "contact_url"]}),
        (_("Freshness"), {"fields": ["last_verified", "created_at", "updated_at"]}),
    ]
    actions = ["publish_selected", "unpublish_selected", "mark_verified"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*HEAVY_SEARCH_FIELDS)

    @admin.display(description=_("logo"))
    def logo_preview(self, partner):
        if not partner.logo_thumbnail:
            return "–"
        return format_html(
            '<img class="logo-preview-small" src="{}" alt="" width="{}" height="{}">',
            partner.logo_thumbnail.url,
            partner.logo_thumbnail_width or 80,
            partner.logo_thumbnail_height or 40,
        )

    @admin.display(description=_("logo as shown on the site"))
    def logo_thumbnail_preview(self, partner):
        if not partner.logo_thumbnail:
            return gettext("No logo yet.")
        return format_html(
            '<img class="logo-preview" src="{}" alt="{}" width="{}" height="{}">',
            partner.logo_thumbnail.url,
            gettext("Logo of %(name)s") % {"name": partner.name},
            partner.logo_thumbnail_width or 160,
            partner.logo_thumbnail_height or 80,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The thumbnail is made here, once, rather than on each page view.
        if "logo" in form.changed_data or (obj.logo and not obj.logo_thumbnail):
            refresh_logo_thumbnail(obj)

    def preview_context(self, request, partner):
        return partner_detail_context(partner)

    @admin.action(description=_("Mark selected as verified today"), permissions=["change"])
    def mark_verified(self, request, queryset):
        today = timezone.localdate()
        changed = self.set_field_on_selected(
            request, queryset, "last_verified", today, gettext("Marked as verified.")
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s partner marked as verified today.",
                "%(count)s partners marked as verified today.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    # -- CSV import: its screens are views of their own (admin_views.py) ---------------------

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(partial(admin_views.import_partners, model_admin=self)),
                name="partners_partner_import",
            ),
            path(
                "import/template.csv",
                self.admin_site.admin_view(partial(admin_views.import_template, model_admin=self)),
                name="partners_partner_import_template",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        can_import = admin_views.can_import(request, self)
        extra_context = {**(extra_context or {}), "can_import": can_import}
        return super().changelist_view(request, extra_context)
