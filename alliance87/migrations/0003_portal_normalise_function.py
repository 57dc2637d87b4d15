"""PostgreSQL only: `portal_normalise(text)`, lowercased and without accents, usable in indexes.

`unaccent` is only STABLE (its dictionary could change), so PostgreSQL refuses it in an index
expression; this wrapper names the dictionary and is declared IMMUTABLE, so the portal search
(`search.text.Normalised`) and the trigram indexes of the tables it searches use one expression.
"""

from django.db import migrations

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION portal_normalise(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, lower($1)) $$
    """,
]
BACKWARDS = ["DROP FUNCTION IF EXISTS portal_normalise(text)"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("alliance87", "0002_demo_load_marker")]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
