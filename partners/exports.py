"""CSV and JSON downloads of exactly the directory's current result, streamed row by row.

Column names are stable English keys (for scripts); the labels inside follow the language of
the page the download was made from.
"""

import csv
import json

from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django_countries import countries

from actiongroups.enums import MemberRole
from common.regions import region_for
from common.spreadsheets import safe_cell

from .enums import OrganisationType, Standing
from .selectors import effective_sort, export_rows

CSV_COLUMNS = (
    "name",
    "acronym",
    "organisation_type",
    "organisation_type_label",
    "standing",
    "standing_label",
    "headquarters_country",
    "headquarters_country_name",
    "region",
    "countries_of_work",
    "themes",
    "action_groups",
    "website",
    "contact_url",
    "date_joined",
    "last_verified",
    "url",
)


class _Names:
    """Country, region, type and role labels, each translated once per export, not per row
    (gettext per row was half the time of a 100 000-row export)."""

    def __init__(self):
        self._countries = {}
        self._regions = {}
        self._roles = {value: str(label) for value, label in MemberRole.choices}
        self._types = {value: str(label) for value, label in OrganisationType.choices}
        self._standings = {value: str(label) for value, label in Standing.choices}

    def country(self, code):
        if code not in self._countries:
            self._countries[code] = str(countries.name(code)) if code else ""
        return self._countries[code]

    def region(self, code):
        """(slug, name) of a country's region, or (None, "")."""
        if code not in self._regions:
            region = region_for(code)
            self._regions[code] = (region.slug, str(region.name)) if region else (None, "")
        return self._regions[code]

    def role(self, role):
        return self._roles.get(role, role)

    def organisation_type(self, code):
        return self._types.get(code, code)

    def standing(self, code):
        return self._standings.get(code, code)


def _detail_url_prefix(request):
    # One reverse() for the whole export: "https://host/fr/partners/" + slug + "/".
    return request.build_absolute_uri(reverse("partners:detail", kwargs={"slug": "0"}))[:-2]


def _filename(extension):
    return f"alliance87-partners-{timezone.localdate().isoformat()}.{extension}"


# Rows go out in blocks of about this many characters: one socket write per row would cost
# more than building the row.
BLOCK_SIZE = 64 * 1024


def _blocks(lines):
    block, size = [], 0
    for line in lines:
        block.append(line)
        size += len(line)
        if size >= BLOCK_SIZE:
            yield "".join(block)
            block, size = [], 0
    if block:
        yield "".join(block)


def _streaming(lines, content_type, extension):
    response = StreamingHttpResponse(_blocks(lines), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{_filename(extension)}"'
    return response


class _Echo:
    """csv.writer writes into this and hands the line back for streaming."""

    def write(self, value):
        return value


def csv_lines(filterset, request, language):
    with translation.override(language):
        names = _Names()
        prefix = _detail_url_prefix(request)
        writer = csv.writer(_Echo())
        # The BOM tells spreadsheet programs the file is UTF-8 (accents in names).
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for row in export_rows(filterset):
            cells = (
                row.name,
                row.acronym,
                row.organisation_type,
                names.organisation_type(row.organisation_type),
                row.standing,
                names.standing(row.standing),
                row.headquarters_country,
                names.country(row.headquarters_country),
                names.region(row.headquarters_country)[1],
                "; ".join(row.countries_of_work),
                "; ".join(name for _slug, name in row.themes),
                "; ".join(
                    f"{name} ({names.role(role)})" for _slug, name, role in row.action_groups
                ),
                row.website,
                row.contact_url,
                row.date_joined.isoformat() if row.date_joined else "",
                row.last_verified.isoformat() if row.last_verified else "",
                f"{prefix}{row.slug}/",
            )
            yield writer.writerow([safe_cell(cell) for cell in cells])


def json_lines(filterset, request, language):
    with translation.override(language):
        names = _Names()
        prefix = _detail_url_prefix(request)
        head = {"filters": filterset.applied(), "sort": str(effective_sort(filterset))}
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "partners": ['
        separator = "\n"
        for row in export_rows(filterset):
            item = {
                "name": row.name,
                "acronym": row.acronym,
                "url": f"{prefix}{row.slug}/",
                "organisation_type": {
                    "code": row.organisation_type,
                    "label": names.organisation_type(row.organisation_type),
                },
                "standing": {"code": row.standing, "label": names.standing(row.standing)},
                "headquarters": {
                    "code": row.headquarters_country,
                    "name": names.country(row.headquarters_country),
                    "region": names.region(row.headquarters_country)[0],
                }
                if row.headquarters_country
                else None,
                "countries_of_work": [
                    {"code": code, "name": names.country(code)} for code in row.countries_of_work
                ],
                "themes": [{"slug": slug, "name": name} for slug, name in row.themes],
                "action_groups": [
                    {"slug": slug, "name": name, "role": role, "role_label": names.role(role)}
                    for slug, name, role in row.action_groups
                ],
                "website": row.website,
                "contact_url": row.contact_url,
                "date_joined": row.date_joined.isoformat() if row.date_joined else None,
                "last_verified": row.last_verified.isoformat() if row.last_verified else None,
            }
            yield separator + json.dumps(item, ensure_ascii=False)
            separator = ",\n"
        yield "\n]}\n"


def csv_response(filterset, request):
    lines = csv_lines(filterset, request, translation.get_language())
    return _streaming(lines, "text/csv; charset=utf-8", "csv")


def json_response(filterset, request):
    lines = json_lines(filterset, request, translation.get_language())
    return _streaming(lines, "application/json; charset=utf-8", "json")
