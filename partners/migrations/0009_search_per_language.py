"""Search per language (issue 15): French and Spanish search text, and on PostgreSQL their
vectors built by a trigger with the `french` / `spanish` configurations over unaccented text
(stemming and accent folding), GIN-indexed like the English one. The PostgreSQL steps are
skipped elsewhere; `unaccent` was created by 0003 (CI's postgres user is a superuser)."""

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

from partners.search import document_text

LANGUAGES = {"fr": "french", "es": "spanish"}


def _vector(language, config):
    return (
        f"NEW.search_vector_{language} := "
        f"setweight(to_tsvector('{config}'::regconfig, unaccent(coalesce(NEW.name, '') || ' ' || "
        f"coalesce(NEW.acronym, '') || ' ' || coalesce(NEW.translated_name_{language}, ''))), 'A')"
        f" || setweight(to_tsvector('{config}'::regconfig, "
        f"coalesce(NEW.search_text_{language}, '')), 'D');"
    )


FORWARDS = [
    """
    CREATE OR REPLACE FUNCTION partners_partner_search_vector_languages() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
    """
    + "\n".join(_vector(language, config) for language, config in LANGUAGES.items())
    + """
      RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER partners_partner_search_vector_languages_trigger
    BEFORE INSERT OR UPDATE OF name, acronym, translated_name_fr, translated_name_es,
      search_text_fr, search_text_es ON partners_partner
    FOR EACH ROW EXECUTE FUNCTION partners_partner_search_vector_languages()
    """,
    *(
        f"CREATE INDEX IF NOT EXISTS partners_partner_search_vector_{language}_gin "
        f"ON partners_partner USING gin (search_vector_{language})"
        for language in LANGUAGES
    ),
]

BACKWARDS = [
    *(f"DROP INDEX IF EXISTS partners_partner_search_vector_{language}_gin" for language in LANGUAGES),
    "DROP TRIGGER IF EXISTS partners_partner_search_vector_languages_trigger ON partners_partner",
    "DROP FUNCTION IF EXISTS partners_partner_search_vector_languages()",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


def fill_search_text(apps, schema_editor):
    """The existing partners' French and Spanish search text (the trigger fills the vectors)."""
    Partner = apps.get_model("partners", "Partner")
    for partner in Partner.objects.iterator(chunk_size=500):
        for language in LANGUAGES:
            translated = getattr(partner, f"translated_name_{language}") or ""
            description = (
                getattr(partner, f"description_{language}") or partner.description_en
                or partner.description or ""
            )
            setattr(partner, f"search_text_{language}", document_text(
                name=f"{partner.name} {translated}".strip(),
                acronym=partner.acronym,
                description=description,
                country_code=getattr(partner.headquarters_country, "code", "") or "",
            ))
        partner.save(update_fields=[f"search_text_{language}" for language in LANGUAGES])


class KeepUnaccent(UnaccentExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0008_content_translations'),
    ]

    operations = [
        migrations.AddField(
            model_name='partner',
            name='search_text_es',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='partner',
            name='search_text_fr',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='partner',
            name='search_vector_es',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='partner',
            name='search_vector_fr',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        KeepUnaccent(),
        migrations.RunPython(run(FORWARDS), run(BACKWARDS)),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
