"""PostgreSQL only: the portal search's trigram indexes on the text each language shows.

Since issue 15 the events list and the portal search match the text as the page shows it, "the
page's language, else English" (`common.translated.in_language`):
`portal_normalise(COALESCE(NULLIF(title_fr, ''), title_en, title)) LIKE '%word%'`. The indexes
of 0005 were on the plain columns, which those expressions never use: every search read all
events again (93 ms for the count and 94 for the hits of "forced labour" at 20 000 events).
One index per language on exactly the expression searched; those on the plain translated
columns go (nothing searches them any more). `city` is not translated: its index stays.
"""

from django.db import migrations

TRANSLATED = [
    ("events_event", "title"),
    ("events_event", "description"),
    ("events_event", "venue"),
    ("events_agendaitem", "title"),
    ("events_outcome", "heading"),
    ("events_outcome", "text"),
]
LANGUAGES = ("en", "fr", "es")


def shown(column, language):
    """The SQL of `in_language(column)` for `language` (common/translated.py)."""
    if language == "en":
        return f"COALESCE({column}_en, {column})"
    return f"COALESCE(NULLIF({column}_{language}, ''), {column}_en, {column})"


def new_index(table, column, language):
    return f"{table}_{column}_{language}_norm_trgm"


def old_index(table, column):
    return f"{table}_{column}_normalised_trgm"


FORWARDS = [
    f"CREATE INDEX IF NOT EXISTS {new_index(table, column, language)} ON {table} "
    f"USING gin (portal_normalise({shown(column, language)}) gin_trgm_ops)"
    for table, column in TRANSLATED
    for language in LANGUAGES
] + [f"DROP INDEX IF EXISTS {old_index(table, column)}" for table, column in TRANSLATED]

BACKWARDS = [
    f"CREATE INDEX IF NOT EXISTS {old_index(table, column)} "
    f"ON {table} USING gin (portal_normalise({column}) gin_trgm_ops)"
    for table, column in TRANSLATED
] + [
    f"DROP INDEX IF EXISTS {new_index(table, column, language)}"
    for table, column in TRANSLATED
    for language in LANGUAGES
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("events", "0006_content_translations")]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS))]
