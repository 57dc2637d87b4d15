"""CSV import of partners: upload, preview with row errors, apply; a re-import changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from partners.models import Partner
from tests.factories import PartnerFactory, ThemeFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:partners_partner_import")

GOOD = (
    "name,acronym,organisation_type,headquarters_country,countries_of_work,themes,website,published\n"
    "Walk Free,WF,Civil society organisation,AU,AU; GB,Forced labour,walkfree.org,yes\n"
    "Freedom Fund,,civil_society,United Kingdom,,,https://freedomfund.org,\n"
    "Existing Org,EO2,business,FR,,,,\n"
)


@pytest.fixture
def themes():
    return ThemeFactory(name="Forced labour", slug="forced-labour")


@pytest.fixture
def existing(themes):
    return PartnerFactory(
        name="Existing Org", slug="existing-org", acronym="EO", description="Kept"
    )


def preview(client, text, name="partners.csv", encoding="utf-8"):
    upload = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    response = client.post(IMPORT, {"file": upload, "_preview": "1"})
    assert response.status_code == 200
    return response


def apply(client, response):
    form = response.context["apply_form"]
    return client.post(
        IMPORT,
        {"content": form.initial["content"], "filename": form.initial["filename"], "_apply": "1"},
    )


def test_preview_then_apply_then_reimport_changes_nothing(secretariat, existing):
    response = preview(secretariat, GOOD)
    report = response.context["report"]
    assert report.summary == {"new": 2, "changed": 1, "unchanged": 0, "error": 0}
    html = response.content.decode()
    assert "Apply the import" in html
    assert "acronym" in html  # what changes for the existing partner
    assert Partner.objects.count() == 1  # a preview writes nothing

    assert apply(secretariat, response).status_code == 302
    walk_free = Partner.objects.get(slug="walk-free")
    assert walk_free.is_published
    assert walk_free.organisation_type == "civil_society"
    assert sorted(c.country.code for c in walk_free.countries_of_work.all()) == ["AU", "GB"]
    assert list(walk_free.themes.values_list("slug", flat=True)) == ["forced-labour"]
    assert walk_free.website == "https://walkfree.org"
    freedom = Partner.objects.get(slug="freedom-fund")
    assert freedom.headquarters_country.code == "GB"
    assert not freedom.is_published  # new partners are drafts unless the file says otherwise
    existing.refresh_from_db()
    assert existing.acronym == "EO2"
    assert existing.description == "Kept"  # not a column of the file: left alone
    assert Version.objects.get_for_object(walk_free).exists()  # recorded, so it can be undone

    versions = Version.objects.count()
    updated = {p.pk: p.updated_at for p in Partner.objects.all()}
    again = preview(secretariat, GOOD)
    assert again.context["report"].summary == {"new": 0, "changed": 0, "unchanged": 3, "error": 0}
    assert "nothing to import" in again.content.decode()
    assert {p.pk: p.updated_at for p in Partner.objects.all()} == updated
    assert Version.objects.count() == versions


def test_rows_with_errors_are_reported_and_nothing_is_applied(secretariat, existing):
    text = (
        "name;organisation_type;headquarters_country;countries_of_work;themes;website;date_joined\n"
        "Good Row;business;FR;;;;\n"
        ";business;FR;;;;\n"
        "Bad Type;pirates;FR;;;;\n"
        "Bad Country;business;Atlantis;XX;;;\n"
        "Bad Theme;business;FR;;Unknown theme;;\n"
        "Bad Date;business;FR;;;;31/02/2020\n"
        "Bad Link;business;FR;;;javascript:alert(1);\n"
        "Good Row;business;FR;;;;\n"
    )
    response = preview(secretariat, text)
    report = response.context["report"]
    errors = {row.number: " ".join(row.errors) for row in report.rows if row.errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9}
    assert "required" in errors[3]
    assert "pirates" in errors[4]
    assert "Atlantis" in errors[5] and "XX" in errors[5]
    assert "Unknown theme" in errors[6]
    assert "date" in errors[7].lower()
    assert "URL" in errors[8]
    assert "also on row 2" in errors[9]
    html = response.content.decode()
    assert "Apply the import" not in html
    assert "Nothing can be imported while any row has an error" in html
    # A forged "apply" with the same content is checked again and refused.
    forged = secretariat.post(IMPORT, {"content": text, "filename": "x.csv", "_apply": "1"})
    assert forged.status_code == 200
    assert Partner.objects.count() == 1


def test_the_directory_export_reimports_without_changes(secretariat, themes):
    PartnerFactory(
        name="Walk Free",
        slug="walk-free",
        acronym="WF",
        themes=[themes],
        countries=["AU", "GB"],
        website="https://walkfree.org",
    )
    PartnerFactory(name="=cmd|' /C calc'!A0", slug="formula-org", acronym="-2+3")
    exported = b"".join(Client().get("/partners/export.csv").streaming_content).decode()
    report = preview(secretariat, exported).context["report"]
    assert report.summary["unchanged"] == 2, [(r.name, r.errors, r.changes) for r in report.rows]
    assert report.summary["error"] == 0


def test_file_level_problems(secretariat):
    assert "UTF-8" in preview(secretariat, "name\nCafé\n", encoding="latin-1").content.decode()
    response = preview(secretariat, "title,acronym\nX,Y\n")
    assert "“name” column" in response.content.decode()
    response = preview(secretariat, "name\n")
    assert "no rows" in response.content.decode()
    empty = SimpleUploadedFile("empty.csv", b"", content_type="text/csv")
    response = secretariat.post(IMPORT, {"file": empty})
    assert response.context["upload_form"].errors["file"]
    big = "name\n" + "".join(f"Org {n}\n" for n in range(5002))
    response = preview(secretariat, big)
    assert "more than 5000 rows" in response.content.decode()


def test_import_is_for_unrestricted_editors_only(chair, secretariat_user):
    assert chair.get(IMPORT).status_code == 403
    upload = SimpleUploadedFile("p.csv", b"name\nSneaky\n", content_type="text/csv")
    assert chair.post(IMPORT, {"file": upload}).status_code == 403
    assert chair.post(IMPORT, {"content": "name\nSneaky\n", "_apply": "1"}).status_code == 403
    assert not Partner.objects.filter(name="Sneaky").exists()


def test_template_download(secretariat):
    response = secretariat.get(reverse("admin:partners_partner_import_template"))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("name,acronym,slug")
