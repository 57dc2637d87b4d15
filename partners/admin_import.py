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

from common.models import Theme
from common.spreadsheets import unquote_cell

from .enums import OrganisationType
from .models import Partner, PartnerCountry

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000

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


class _CellField(forms.CharField):
    """A cell read as text, then turned into the value the partner form expects.

    `fallback` is what the row carries on when the cell is refused (the row is an error then,
    so it is never written; the partner form still checks the row's other cells)."""

    fallback = ""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        return self.read(text) if text else self.fallback

    def read(self, text):
        raise NotImplementedError

    @staticmethod
    def refuse(message, text, limit=60):
        raise ValidationError(str(message) % {"value": text[:limit]})


class OrganisationTypeCell(_CellField):
    """A type by its code or its label, in any case."""

    def read(self, text):
        return _organisation_type(text) or self.refuse(
            _("Unknown organisation type “%(value)s”."), text
        )


class CountryCell(_CellField):
    """A country by its ISO code or its English name."""

    def read(self, text):
        return _country_code(text) or self.refuse(
            _("Unknown country “%(value)s” (use an ISO code such as FR)."), text
        )


class PublishedCell(_CellField):
    """yes/no in English, French or Spanish; a blank cell is a draft."""

    fallback = False

    def read(self, text):
        flag = text.lower()
        if flag not in TRUE | FALSE:
            self.refuse(_("“published” must be yes or no, not “%(value)s”."), text, limit=20)
        return flag in TRUE


class _ListCell(_CellField):
    """A list separated by semicolons, bars or commas; every unknown item is named."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fallback = self.empty()

    def read(self, text):
        found, unknown = self.empty(), []
        for item in _split_list(text):
            value = self.find(item)
            if value is None:
                unknown.append(ValidationError(str(self.unknown) % {"value": item[:60]}))
            else:
                self.add(found, value)
        if unknown:
            raise ValidationError(unknown)
        return found


class CountriesCell(_ListCell):
    unknown = _("Unknown country of work “%(value)s”.")
    empty = set

    def find(self, item):
        return _country_code(item)

    def add(self, found, code):
        found.add(code)


class ThemesCell(_ListCell):
    unknown = _("Unknown theme “%(value)s”: add it under Themes first.")
    empty = list
    themes: dict = {}

    def find(self, item):
        return self.themes.get(item.lower())

    def add(self, found, theme):
        if theme not in found:
            found.append(theme)


class RowCellsForm(forms.Form):
    """The cells of one row that need reading (names into codes, lists into sets) before the
    partner form sees them. Only the file's own columns are checked."""

    organisation_type = OrganisationTypeCell()
    headquarters_country = CountryCell()
    is_published = PublishedCell()
    countries_of_work = CountriesCell()
    themes = ThemesCell()

    def __init__(self, values, themes):
        super().__init__(data=values)
        for name in [name for name in self.fields if name not in values]:
            del self.fields[name]
        if "themes" in self.fields:
            self.fields["themes"].themes = themes

    def value(self, name):
        """The cell's reading; the field's fallback when refused; None without the column."""
        if name not in self.fields:
            return None
        return self.cleaned_data.get(name, self.fields[name].fallback)

    def messages(self) -> list[str]:
        return [str(message) for errors in self.errors.values() for message in errors]


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
            columns, lines = self._read()
        except ValidationError as error:
            report.file_errors.extend(error.messages)
            return report
        seen = ({}, {})  # slug → row number, lower-case name → row number
        for number, cells in enumerate(lines, start=2):
            if any(cell.strip() for cell in cells):
                report.rows.append(self._check_line(number, columns, cells, seen))
        if not report.rows:
            report.file_errors.append(gettext("The file has no rows under its column names."))
        return report

    def _read(self):
        """The model field of each column and the lines under the header; ValidationError
        for a problem with the whole file."""
        try:
            reader = self._reader()
            header = next(reader, None)
            if not header:
                raise ValidationError(gettext("The file is empty."))
            columns = self._columns(header)
            lines = list(itertools.islice(reader, MAX_IMPORT_ROWS + 1))
        except csv.Error as error:
            raise ValidationError(gettext("The file is not readable CSV: %s") % error) from None
        if len(lines) > MAX_IMPORT_ROWS:
            raise ValidationError(
                gettext("The file has more than %(limit)s rows: split it.")
                % {"limit": MAX_IMPORT_ROWS}
            )
        return columns, lines

    def _columns(self, header):
        columns = []
        for name in header:
            key = name.strip().lower().replace(" ", "_").replace("-", "_")
            columns.append(COLUMNS.get(key))
            if key and key not in COLUMNS:
                self.report.ignored_columns.append(name.strip()[:60])
        if "name" not in columns:
            raise ValidationError(
                gettext("The first line must name the columns, including a “name” column.")
            )
        return columns

    def _check_line(self, number, columns, cells, seen) -> RowResult:
        values = {
            column: unquote_cell(cell.strip())
            for column, cell in zip(columns, cells, strict=False)
            if column
        }
        row = self._check_row(number, values)
        slug = row.form.cleaned_data.get("slug") if row.form.is_valid() else None
        repeats = (
            (slug, gettext("The same partner (slug “%(value)s”) is also on row %(row)s.")),
            (
                values.get("name", "").lower(),
                gettext("The same name “%(value)s” is also on row %(row)s."),
            ),
        )
        for (key, message), seen_keys in zip(repeats, seen, strict=True):
            if key and key in seen_keys:
                row.errors.append(message % {"value": key, "row": seen_keys[key]})
                row.status = "error"
            elif key:
                seen_keys[key] = number
        return row

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
        cells = RowCellsForm(values, self._themes)
        cells.is_valid()
        row.errors.extend(cells.messages())
        row.countries = cells.value("countries_of_work")
        row.themes = cells.value("themes")
        row.form = PartnerRowForm(
            data=self._form_data(instance, slug, values, cells), instance=instance
        )
        if not row.form.is_valid():
            row.errors.extend(_labelled_errors(row.form))
        row.status, row.changes = self._status(row)
        return row

    @staticmethod
    def _form_data(instance, slug, values, cells) -> dict:
        """What the partner form is given: the partner as it is, overlaid with the file's cells."""
        if instance is not None:
            data = {name: getattr(instance, name) for name in SIMPLE_FIELDS}
            data = {name: getattr(value, "code", value) for name, value in data.items()}
        else:
            data = {"is_published": False}  # new partners arrive as drafts unless told
        data.update({name: values[name] for name in SIMPLE_FIELDS if name in values})
        if instance is None:
            data["slug"] = slug or slugify(values.get("name", ""))[:120]
        elif slug and "slug" in values:
            data["slug"] = slug
        for name in ("organisation_type", "headquarters_country", "is_published"):
            if name in values:
                data[name] = cells.value(name)
        # Booleans as a form expects them: a ticked box is "on", an unticked one is absent.
        published = data.pop("is_published")
        if published:
            data["is_published"] = "on"
        return data

    @staticmethod
    def _status(row):
        if row.errors:
            return "error", []
        if row.instance is None:
            return "new", []
        changes = _changes(row)
        return ("changed" if changes else "unchanged"), changes

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


def _labelled_errors(form) -> list[str]:
    """The form's errors, each after the label of its field (for a whole-row error, alone)."""
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return messages


def _changes(row) -> list[str]:
    """What applying the row would change on its existing partner, by field label."""
    form, instance = row.form, row.instance
    changes = [str(form.fields[name].label) for name in SIMPLE_FIELDS if name in form.changed_data]
    current_countries = set(instance.countries_of_work.values_list("country", flat=True))
    if row.countries is not None and row.countries != current_countries:
        changes.append(gettext("countries of work"))
    current_themes = set(instance.themes.values_list("pk", flat=True))
    if row.themes is not None and {theme.pk for theme in row.themes} != current_themes:
        changes.append(gettext("themes"))
    return changes
