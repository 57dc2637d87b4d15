"""PostgreSQL only: extensions, the trigger that keeps search_vector current, and GIN indexes.

Every step is skipped on other databases (CreateExtension checks the vendor itself; the SQL
below is run by a RunPython that does). The extensions stay when this migration is reversed:
other apps may use them.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FORWARDS = [
    """
    CREATE OR REPLACE FUNCTION partners_partner_search_vector_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      -- Name and acronym weigh most; search_text (name, acronym, description and the
      -- headquarters country in en/fr/es, already lowercased without accents) adds the rest.
      NEW.search_vector :=
        setweight(to_tsvector('simple'::regconfig,
          unaccent(coalesce(NEW.name, '') || ' ' || coalesce(NEW.acronym, ''))), 'A')
        || setweight(to_tsvector('simple'::regconfig, coalesce(NEW.search_text, '')), 'D');
      RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER partners_partner_search_vector_trigger
    BEFORE INSERT OR UPDATE OF name, acronym, search_text ON partners_partner
    FOR EACH ROW EXECUTE FUNCTION partners_partner_search_vector_update()
    """,
    "CREATE INDEX IF NOT EXISTS partners_partner_search_vector_gin "
    "ON partners_partner USING gin (search_vector)",
    # Close spellings are looked for in names only (short, and what people mistype).
    "CREATE INDEX IF NOT EXISTS partners_partner_name_trgm "
    "ON partners_partner USING gin (lower(name) gin_trgm_ops)",
    # Fills search_vector for the rows that already exist.
    "UPDATE partners_partner SET search_text = search_text",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS partners_partner_name_trgm",
    "DROP INDEX IF EXISTS partners_partner_search_vector_gin",
    "DROP TRIGGER IF EXISTS partners_partner_search_vector_trigger ON partners_partner",
    "DROP FUNCTION IF EXISTS partners_partner_search_vector_update()",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class KeepUnaccent(UnaccentExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class KeepTrigram(TrigramExtension):
    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_search_and_thumbnail"),
    ]

    operations = [
        KeepUnaccent(),
        KeepTrigram(),
        migrations.RunPython(run(FORWARDS), run(BACKWARDS)),
    ]
