"""PostgreSQL only: `portal_normalise(text)`, lowercased and without accents, usable in indexes.

`unaccent` is only STABLE (its dictionary could change), so PostgreSQL refuses it in an index
expression; `portal_unaccent` names the dictionary and is declared IMMUTABLE, so the portal
search (`search.text.Normalised`) and the trigram indexes of the tables it searches share one
expression. Where the database lets us (a superuser), `portal_unaccent` is unaccent's own C
function declared immutable: `portal_normalise` is then inlined and costs what
`unaccent(lower(…))` does; elsewhere (a managed database) it is a SQL wrapper, as correct but
about 4× slower on rows an index does not answer.
"""

from django.db import DatabaseError, migrations, transaction

EXTENSIONS = ["CREATE EXTENSION IF NOT EXISTS unaccent", "CREATE EXTENSION IF NOT EXISTS pg_trgm"]
UNACCENT_C = """
    CREATE OR REPLACE FUNCTION portal_unaccent(regdictionary, text) RETURNS text
    LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS '$libdir/unaccent', 'unaccent_dict'
"""
UNACCENT_SQL = """
    CREATE OR REPLACE FUNCTION portal_unaccent(regdictionary, text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT public.unaccent($1, $2) $$
"""
NORMALISE = """
    CREATE OR REPLACE FUNCTION portal_normalise(text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT portal_unaccent('public.unaccent'::regdictionary, lower($1)) $$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in EXTENSIONS:
        schema_editor.execute(statement)
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(UNACCENT_C)
    except DatabaseError:  # only superusers may declare C functions
        schema_editor.execute(UNACCENT_SQL)
    schema_editor.execute(NORMALISE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_normalise(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS portal_unaccent(regdictionary, text)")


class Migration(migrations.Migration):
    dependencies = [("alliance87", "0003_theme_moved_to_common")]

    operations = [migrations.RunPython(forwards, backwards)]
