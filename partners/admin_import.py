"""CSV import of partners in the back office: read, check every row, preview, then apply.

The file is matched row by row to existing partners by slug (a `slug` column, or the last part
of a `url` column as in the directory's own CSV export), else by name (case-insensitive). Only
the columns present are compared and written, so a file with fewer columns leaves the rest
alone, and re-importing the same file finds nothing to change. Nothing is written while any row
has an error; applying is one transaction, recorded in the history like any admin change.
"""

import csv
import io
import itertools
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from alliance87.models import Theme

from .enums import OrganisationType
from .models import Partner, PartnerCountry

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# The quote our CSV exports put before text a spreadsheet would run as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Column name in the file (lower case, spaces or underscores) → model field.
COLUMNS = {
    "name": "name",
    "acronym": "acronym",
    "slug": "slug",
    "organisation_type": "organisation_type",
    "type": "organisation_type",
    "headquarters_country": "headquarters_country",
    "headquarters": "headquarters_country",
    "countries_of_work": "countries_of_work",
    "themes": "themes",
    "website": "website",
    "contact_url": "contact_url",
    "description": "description",
    "date_joined": "date_joined",
    "last_verified": "last_verified",
    "published": "is_published",
    "is_published": "is_published",
    "url": "url",
}
SIMPLE_FIELDS = [
    "name",
    "acronym",
    "slug",
    "organisation_type",
    "headquarters_country",
    "website",
    "contact_url",
    "description",
    "date_joined",
    "last_verified",
    "is_published",
]
TRUE = {"1", "yes", "y", "true", "oui", "sí", "si", "published", "x"}
FALSE = {"0", "no", "n", "false", "non", "draft", ""}


class PartnerRowForm(forms.ModelForm):
    """One row, validated as the admin would: required name and type, unique name and slug."""

    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")
    contact_url = forms.URLField(
        label=_("public contact page"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Partner
        fields = SIMPLE_FIELDS


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma- or semicolon-separated, first line with the column names. "
            "At most 2 MB and 5000 rows."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 2 MB: split it into several files."))
        return upload


class ImportApplyForm(forms.Form):
    """The previewed file, sent back unchanged to be applied (checked again first)."""

    content = forms.CharField(widget=forms.HiddenInput, max_length=MAX_IMPORT_BYTES * 2)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)


@dataclass
class RowResult:
    number: int
    name: str
    status: str = "unchanged"  # new, changed, unchanged, error
    errors: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    form: PartnerRowForm | None = None
    countries: set[str] | None = None
    themes: list | None = None
    instance: Partner | None = None

    @property
    def status_label(self):
        return {
            "new": gettext("new"),
            "changed": gettext("changed"),
            "unchanged": gettext("unchanged"),
            "error": gettext("error"),
        }[self.status]


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def has_errors(self):
        return bool(self.file_errors) or any(row.status == "error" for row in self.rows)

    @property
    def has_changes(self):
        return any(row.status in ("new", "changed") for row in self.rows)

    @property
    def summary(self):
        return {status: self.count(status) for status in ("new", "changed", "unchanged", "error")}


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not UTF-8 text. In your spreadsheet choose “CSV UTF-8” when saving.")
        ) from None


def _unquote_formula(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _split_list(value: str) -> list[str]:
    for separator in (";", "|"):
        if separator in value:
            return [item.strip() for item in value.split(separator) if item.strip()]
    return [item.strip() for item in value.split(",") if item.strip()]


def _country_code(value: str) -> str | None:
    value = value.strip()
    if not value:
        return ""
    code = countries.alpha2(value) or countries.by_name(value)
    return code or None


def _organisation_type(value: str) -> str | None:
    wanted = value.strip().lower()
    for code, label in OrganisationType.choices:
        if wanted in (code, str(label).lower(), code.replace("_", " ")):
            return code
    return None


def _slug_from_url(value: str) -> str:
    path = urlparse(value.strip()).path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else ""


class PartnerImport:
    """Parse and check a CSV file (`check()`), then write it (`apply()`)."""

    def __init__(self, text: str):
        self.text = text
        self.report = ImportReport()
        self._themes = {}
        for theme in Theme.objects.all():
            self._themes[theme.slug.lower()] = theme
            self._themes[theme.name.lower()] = theme

    def _reader(self):
        # The separator is the one the header line uses most: comma (English spreadsheets),
        # semicolon (French and Spanish ones) or tab. csv.Sniffer guesses wrong on quotes.
        header = self.text.split("\n", 1)[0]
        delimiter = max(",;\t", key=header.count)
        return csv.reader(io.StringIO(self.text, newline=""), delimiter=delimiter)

    def check(self) -> ImportReport:
        report = self.report
        try:
            reader = self._reader()
            header = next(reader, None)
        except csv.Error as error:
            report.file_errors.append(gettext("The file is not readable CSV: %s") % error)
            return report
        if not header:
            report.file_errors.append(gettext("The file is empty."))
            return report
        columns = []
        for name in header:
            key = name.strip().lower().replace(" ", "_").replace("-", "_")
            columns.append(COLUMNS.get(key))
            if key and key not in COLUMNS:
                report.ignored_columns.append(name.strip()[:60])
        if "name" not in columns:
            report.file_errors.append(
                gettext("The first line must name the columns, including a “name” column.")
            )
            return report
        try:
            lines = list(itertools.islice(reader, MAX_IMPORT_ROWS + 1))
        except csv.Error as error:
            report.file_errors.append(gettext("The file is not readable CSV: %s") % error)
            return report
        if len(lines) > MAX_IMPORT_ROWS:
            report.file_errors.append(
                gettext("The file has more than %(limit)s rows: split it.")
                % {"limit": MAX_IMPORT_ROWS}
            )
            return report
        seen_slugs, seen_names = {}, {}
        for number, cells in enumerate(lines, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            values = {}
            for column, cell in zip(columns, cells, strict=False):
                if column:
                    values[column] = _unquote_formula(cell.strip())
            row = self._check_row(number, values)
            slug = row.form.cleaned_data.get("slug") if row.form.is_valid() else None
            for key, seen, message in (
                (
                    slug,
                    seen_slugs,
                    gettext("The same partner (slug “%(value)s”) is also on row %(row)s."),
                ),
                (
                    values.get("name", "").lower(),
                    seen_names,
                    gettext("The same name “%(value)s” is also on row %(row)s."),
                ),
            ):
                if key and key in seen:
                    row.errors.append(message % {"value": key, "row": seen[key]})
                    row.status = "error"
                elif key:
                    seen[key] = number
            report.rows.append(row)
        if not report.rows and not report.file_errors:
            report.file_errors.append(gettext("The file has no rows under its column names."))
        return report

    def _find(self, values):
        slug = values.get("slug") or (_slug_from_url(values["url"]) if values.get("url") else "")
        if slug:
            found = Partner.objects.filter(slug=slug).first()
            if found:
                return found, slug
        name = values.get("name", "")
        if name:
            found = Partner.objects.filter(name__iexact=name).first()
            if found:
                return found, slug
        return None, slug

    def _check_row(self, number, values) -> RowResult:
        row = RowResult(number=number, name=values.get("name", "")[:200])
        instance, slug = self._find(values)
        row.instance = instance
        data = {}
        if instance is not None:
            for name in SIMPLE_FIELDS:
                value = getattr(instance, name)
                data[name] = getattr(value, "code", value)
        else:
            data["is_published"] = False  # new partners arrive as drafts unless told
        for name in SIMPLE_FIELDS:
            if name in values:
                data[name] = values[name]
        if instance is None:
            data["slug"] = slug or slugify(values.get("name", ""))[:120]
        elif slug and "slug" in values:
            data["slug"] = slug
        if "organisation_type" in values:
            code = _organisation_type(values["organisation_type"])
            if code is None and values["organisation_type"]:
                row.errors.append(
                    gettext("Unknown organisation type “%(value)s”.")
                    % {"value": values["organisation_type"][:60]}
                )
            data["organisation_type"] = code or ""
        if "headquarters_country" in values:
            code = _country_code(values["headquarters_country"])
            if code is None:
                row.errors.append(
                    gettext("Unknown country “%(value)s” (use an ISO code such as FR).")
                    % {"value": values["headquarters_country"][:60]}
                )
            data["headquarters_country"] = code or ""
        if "is_published" in values:
            flag = values["is_published"].lower()
            if flag not in TRUE | FALSE:
                row.errors.append(
                    gettext("“published” must be yes or no, not “%(value)s”.")
                    % {"value": values["is_published"][:20]}
                )
            data["is_published"] = flag in TRUE
        if "countries_of_work" in values:
            codes = set()
            for item in _split_list(values["countries_of_work"]):
                code = _country_code(item)
                if code is None:
                    row.errors.append(
                        gettext("Unknown country of work “%(value)s”.") % {"value": item[:60]}
                    )
                else:
                    codes.add(code)
            row.countries = codes
        if "themes" in values:
            themes = []
            for item in _split_list(values["themes"]):
                theme = self._themes.get(item.lower())
                if theme is None:
                    row.errors.append(
                        gettext("Unknown theme “%(value)s”: add it under Themes first.")
                        % {"value": item[:60]}
                    )
                elif theme not in themes:
                    themes.append(theme)
            row.themes = themes
        # Booleans as a form expects them; None for blank dates.
        form_data = {key: ("on" if value is True else value) for key, value in data.items()}
        if form_data.get("is_published") is False:
            form_data.pop("is_published")
        form = PartnerRowForm(data=form_data, instance=instance)
        row.form = form
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    row.errors.append(f"{label}: {error}" if label else str(error))
        if row.errors:
            row.status = "error"
            return row
        if instance is None:
            row.status = "new"
            return row
        row.changes = [
            str(form.fields[name].label) for name in SIMPLE_FIELDS if name in form.changed_data
        ]
        current_countries = set(instance.countries_of_work.values_list("country", flat=True))
        if row.countries is not None and row.countries != current_countries:
            row.changes.append(gettext("countries of work"))
        if row.themes is not None and {t.pk for t in row.themes} != set(
            instance.themes.values_list("pk", flat=True)
        ):
            row.changes.append(gettext("themes"))
        row.status = "changed" if row.changes else "unchanged"
        return row

    def apply(self, on_saved=None) -> ImportReport:
        """Write the new and changed rows (call check() first; refuses files with errors)."""
        report = self.report
        if report.has_errors:
            raise ValueError("A file with errors is never applied.")
        for row in report.rows:
            if row.status not in ("new", "changed"):
                continue
            partner = row.form.save()
            if row.countries is not None:
                current = set(partner.countries_of_work.values_list("country", flat=True))
                partner.countries_of_work.filter(country__in=current - row.countries).delete()
                PartnerCountry.objects.bulk_create(
                    PartnerCountry(partner=partner, country=code)
                    for code in sorted(row.countries - current)
                )
            if row.themes is not None:
                partner.themes.set(row.themes)
            if on_saved is not None:
                on_saved(row, partner)
        return report
