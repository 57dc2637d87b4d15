"""Accent- and case-insensitive matching on any text column, the same on PostgreSQL and SQLite.

`field__normalised__contains=word` compares the column lowercased and without accents with a word
normalised by `partners.search.normalise` (what the directory search uses): on PostgreSQL through
`portal_normalise(…)` (unaccent(lower(…)) declared immutable, so trigram indexes can answer it:
alliance87 migration 0003), on SQLite through that very Python function registered on each
connection.
"""

from django.db.models import CharField, TextField, Transform
from django.db.models.signals import Signal

from partners.search import normalise

SQLITE_FUNCTION = "PORTAL_NORMALISE"


class Normalised(Transform):
    lookup_name = "normalised"
    function = SQLITE_FUNCTION
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="portal_normalise(%(expressions)s)")


def _normalise_or_none(value):
    return None if value is None else normalise(value)


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_function(
            SQLITE_FUNCTION, 1, _normalise_or_none, deterministic=True
        )


def install(connection_created: Signal) -> None:
    CharField.register_lookup(Normalised)
    TextField.register_lookup(Normalised)
    connection_created.connect(register_sqlite_function, dispatch_uid="portal-normalise")
