from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from common.choices import choice_is
from common.media import RandomName
from common.models import ThemedItem
from common.publishing import Publishable, PublishableQuerySet, RelatedPublishedQuerySet
from common.regions import countries_in, region_for

from . import search
from .enums import OrganisationType, Standing

# Fields that make up `search_text` and its French and Spanish siblings: saving any of them
# refreshes all three.
SEARCHED_FIELDS = (
    "name",
    "acronym",
    "description",
    "headquarters_country",
    *(
        f"{field}_{language}"
        for field in ("description", "translated_name")
        for language in ("en", "fr", "es")
    ),
)
SEARCH_TEXT_FIELDS = ("search_text", *(f"search_text_{lang}" for lang in search.SEARCH_LANGUAGES))
HEAVY_SEARCH_FIELDS = (
    *SEARCH_TEXT_FIELDS,
    "search_vector",
    *(f"search_vector_{lang}" for lang in search.SEARCH_LANGUAGES),
)


class PartnerQuerySet(PublishableQuerySet):
    def in_country(self, code: str):
        """Headquartered in the country or working there; Exists keeps rows unique."""
        return self.in_countries([code])

    def in_countries(self, codes):
        """Headquartered in, or working in, any of the countries (one row per partner)."""
        codes = sorted(set(codes))
        works_there = PartnerCountry.objects.filter(partner=OuterRef("pk"), country__in=codes)
        return self.filter(Q(headquarters_country__in=codes) | Exists(works_there))

    def in_regions(self, region_slugs):
        """Headquartered in any of the UN M49 regions."""
        codes = sorted({code for slug in region_slugs for code in countries_in(slug)})
        return self.filter(headquarters_country__in=codes)

    def with_themes(self, theme_slugs):
        """Working on any of the themes."""
        tagged = ThemedPartner.objects.filter(
            content_object=OuterRef("pk"), tag__slug__in=theme_slugs
        )
        return self.filter(Exists(tagged))

    def in_action_groups(self, group_slugs):
        """Members (any role) of any of the published action groups."""
        from actiongroups.models import Membership

        member = Membership.objects.in_published_groups().filter(
            partner=OuterRef("pk"), group__slug__in=group_slugs
        )
        return self.filter(Exists(member))

    def search(self, query: str):
        return search.filter_queryset(self, query)

    def for_listing(self):
        # The heavy search columns are never shown in lists.
        return self.defer(
            *HEAVY_SEARCH_FIELDS,
            "description",
            "description_en",
            "description_fr",
            "description_es",
        ).prefetch_related("themes")


class Partner(Publishable):
    detail_url_name = "partners:detail"

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    # Translatable (partners/translation.py); `name` itself stays as the organisation writes it.
    translated_name = models.CharField(
        _("name in this language"),
        max_length=200,
        blank=True,
        help_text=_("Optional: the organisation's own name in French or Spanish, if it has one."),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=32,
        choices=OrganisationType.choices,
        db_index=True,
        help_text=_("The stakeholder group the organisation belongs to."),
    )
    standing = models.CharField(
        _("standing"),
        max_length=20,
        choices=Standing.choices,
        default=Standing.ALLIANCE_PARTNER,
        db_index=True,
        help_text=_(
            "“Named only” for an organisation mentioned as a host, funder, speaker or "
            "example without being stated to be an Alliance 8.7 partner."
        ),
    )
    headquarters_country = CountryField(
        _("headquarters country"),
        blank=True,
        db_index=True,
        help_text=_("Its region (UN M49) is derived from this country."),
    )
    themes = TaggableManager(
        verbose_name=_("themes"),
        through="partners.ThemedPartner",
        blank=True,
        help_text=_("Themes the organisation works on."),
    )
    logo = models.ImageField(
        _("logo"), upload_to=RandomName("partners/logos/"), blank=True, db_index=True
    )
    # Made once by services.refresh_logo_thumbnail when the logo changes, never per request.
    logo_thumbnail = models.ImageField(
        _("logo thumbnail"),
        upload_to=RandomName("partners/logos/thumbnails/"),
        blank=True,
        db_index=True,
        editable=False,
        width_field="logo_thumbnail_width",
        height_field="logo_thumbnail_height",
    )
    logo_thumbnail_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_thumbnail_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    website = models.URLField(_("website"), blank=True)
    contact_url = models.URLField(
        _("public contact page"),
        blank=True,
        help_text=_("A public contact form or page; never a private e-mail address."),
    )
    description = models.TextField(_("description"), blank=True)
    date_joined = models.DateField(_("date joined"), null=True, blank=True)
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=_("When the Secretariat last checked this record."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Name, acronym, description and headquarters country names, lowercased without accents
    # (see search.py); refreshed on save. On PostgreSQL a trigger builds search_vector from it.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    # The same in French and Spanish (the description in that language, else English; the
    # translated name), for the search on /fr/ and /es/; PostgreSQL's trigger builds each
    # search_vector_<language> from them with that language's configuration.
    search_text_fr = models.TextField(editable=False, blank=True, default="")
    search_text_es = models.TextField(editable=False, blank=True, default="")
    search_vector_fr = SearchVectorField(null=True, editable=False)
    search_vector_es = SearchVectorField(null=True, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            models.Index(fields=["is_published", "name"]),
            models.Index(F("is_published"), Lower("name"), name="partner_published_name_ci"),
            # Every facet count starts from the published partners' ids, types and headquarters;
            # this narrow index lets the database read those without the wide rows.
            models.Index(
                fields=["id", "organisation_type", "headquarters_country", "standing"],
                condition=models.Q(is_published=True),
                name="partner_published_facets2",
            ),
            # The pathfinder gap view lists the published partners headquartered in a country or
            # region by id; with the country first these ids are read from the index alone.
            models.Index(
                fields=["headquarters_country", "id"],
                condition=models.Q(is_published=True),
                name="partner_published_hq",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        for language in search.SEARCH_LANGUAGES:
            setattr(self, f"search_text_{language}", self.build_search_text(language))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(SEARCHED_FIELDS):
            kwargs["update_fields"] = {*update_fields, *SEARCH_TEXT_FIELDS}
        super().save(*args, **kwargs)

    def build_search_text(self, language: str = "en") -> str:
        """The searchable text in `language`: what a visitor reads on that language's pages."""
        if language == "en":
            name, description = self.name, self.description_en or ""
        else:
            translated = getattr(self, f"translated_name_{language}", "") or ""
            name = f"{self.name} {translated}".strip()
            description = getattr(self, f"description_{language}", "") or self.description_en or ""
        return search.document_text(
            name=name,
            acronym=self.acronym,
            description=description,
            country_code=self.headquarters_country.code if self.headquarters_country else "",
        )

    @property
    def region(self):
        return region_for(self.headquarters_country.code if self.headquarters_country else None)

    # Stated to be an Alliance 8.7 partner (not only named somewhere).
    is_alliance_partner = choice_is("standing", Standing.ALLIANCE_PARTNER)


class PartnerCountryQuerySet(RelatedPublishedQuerySet):
    def of_published_partners(self):
        return self.related_published("partner")


class PartnerCountry(models.Model):
    """A country where a partner works (headquarters is kept on the partner)."""

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="countries_of_work",
        verbose_name=_("partner"),
    )
    country = CountryField(_("country"), db_index=True)
    # Optional: a partner may work on fewer themes in one country than overall. Empty means
    # all of the partner's themes apply here (pathfinders.gaps reads it that way).
    themes = models.ManyToManyField(
        "common.Theme",
        blank=True,
        related_name="partner_presences",
        verbose_name=_("themes in this country"),
        help_text=_("Leave empty when the organisation works here on all of its themes."),
    )

    objects = PartnerCountryQuerySet.as_manager()

    class Meta:
        ordering = ["partner", "country"]
        verbose_name = _("country of work")
        verbose_name_plural = _("countries of work")
        constraints = [
            models.UniqueConstraint(fields=["partner", "country"], name="unique_partner_country"),
        ]

    def __str__(self):
        return str(self.country.name)

    def clean(self):
        if (
            self.partner_id
            and PartnerCountry.objects.filter(partner_id=self.partner_id, country=self.country)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"country": _("This country is already listed.")})


class ThemedPartner(ThemedItem):
    content_object = models.ForeignKey(Partner, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("partner theme")
        verbose_name_plural = _("partner themes")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_partner_theme"),
        ]
