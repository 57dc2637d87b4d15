"""Full-text search of the partner directory: one interface, a backend per database.

PostgreSQL: a weighted `search_vector` column kept up to date by a trigger (unaccent + the
`simple` configuration, so names in any language match word for word) with a GIN index.

When no partner matches the words as typed, PostgreSQL looks for names with close spellings
instead (trigram word similarity, pg_trgm, GIN index on lower(name)), so "unisef" or
"Internatonal Labur" still find something without blurring correctly spelled searches.

SQLite (development, tests): `search_text` holds the same words lowercased and without accents,
and every search word must appear in it (`contains`, escaped by Django).

Both compare words normalised the same way in Python (`normalise`), so "cote d'ivoire" finds
"Côte d'Ivoire" everywhere, and both use the same word splitting (`terms`), so quotes, `%`, `_`,
backslashes or SQL fragments are never more than letters and digits to look for.

Per language (issue 15): on /fr/ and /es/ the search reads `search_text_fr` / `search_text_es`
(the name, acronym, translated name, the description in that language, else the English one
the page shows, and the country names), and on PostgreSQL `search_vector_fr` / `_es`, built by
a trigger with the `french` / `spanish` configuration over unaccented text, so "enfants" finds
"enfant" and "niños" finds "nino". SQLite's fallback folds accents the same way, drops the
language's little words ("des", "los") and stems each query word lightly (`stem`): the stem is a
prefix of the word's forms, and matching is by substring, so "enfants" finds "enfant(s)".
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.db import connections
from django.db.models import BooleanField, Case, F, FloatField, Func, Q, Value, When
from django.db.models.functions import Lower
from django.utils import translation

# Letters and digits only: everything else separates words (and never reaches SQL as syntax).
_WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12

# Letters that Unicode does not decompose into "base + accent" but that readers treat as such.
_FOLD = str.maketrans({"ø": "o", "œ": "oe", "æ": "ae", "đ": "d", "ð": "d", "ł": "l", "ı": "i"})

# Country names are indexed in every language of the portal, so "Costa de Marfil" also works.
INDEXED_LANGUAGES = ("en", "fr", "es")


def normalise(text: str) -> str:
    """Lowercased, accents removed ("Côte d'Ivoire" → "cote d'ivoire")."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold()).translate(_FOLD)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def terms(query: str) -> list[str]:
    """The words of a query, normalised; at most MAX_TERMS of them."""
    return _WORD.findall(normalise(query or ""))[:MAX_TERMS]


@lru_cache(maxsize=512)
def country_names(code: str) -> tuple[str, ...]:
    """The country's name in each indexed language (names do not change while running)."""
    from django_countries import countries

    names = []
    for language in INDEXED_LANGUAGES:
        with translation.override(language):
            name = str(countries.name(code))
        if name and name not in names:
            names.append(name)
    return tuple(names)


# Words a French or Spanish search ignores (PostgreSQL's configurations drop them too).
STOP_WORDS = {
    "fr": frozenset(
        [
            "a",
            "au",
            "aux",
            "d",
            "de",
            "des",
            "du",
            "en",
            "et",
            "l",
            "la",
            "le",
            "les",
            "ou",
            "par",
            "pour",
            "sur",
            "un",
            "une",
        ]
    ),
    "es": frozenset(
        [
            "a",
            "al",
            "de",
            "del",
            "el",
            "en",
            "la",
            "las",
            "lo",
            "los",
            "o",
            "para",
            "por",
            "un",
            "una",
            "y",
        ]
    ),
}
# Suffixes stripped from a query word, longest first, leaving at least MIN_STEM letters.
_SUFFIXES = {
    "fr": ("ements", "ement", "ations", "ation", "euses", "euse", "eux", "aux", "es", "s", "x"),
    "es": ("aciones", "acion", "mente", "ces", "es", "s"),
}
MIN_STEM = 4

SEARCH_LANGUAGES = ("fr", "es")  # besides English, which keeps `search_text` / `search_vector`
PG_CONFIGS = {"en": "simple", "fr": "french", "es": "spanish"}


def stem(word: str, language: str) -> str:
    """A light stem of a normalised word: the longest listed suffix removed ("enfants" → "enfant",
    "ninos" → "nino", "organisations" → "organis"); English words are left as typed."""
    for suffix in _SUFFIXES.get(language, ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def language_terms(query: str, language: str) -> list[str]:
    """The words a search in `language` looks for: little words dropped, each word stemmed."""
    words = terms(query)
    if language not in STOP_WORDS:
        return words
    kept = [word for word in words if word not in STOP_WORDS[language]] or words
    return [stem(word, language) for word in kept]


def document_text(*, name="", acronym="", description="", country_code="") -> str:
    """What `Partner.search_text` stores: the searchable text, normalised once at save time.

    The French and Spanish documents are built the same way, `name` then being the name and the
    translated name, and `description` the text in that language (or English)."""
    parts = [name, acronym, description]
    if country_code:
        parts.extend(country_names(country_code))
    return normalise(" ".join(part for part in parts if part))


# -- backends ----------------------------------------------------------------------------------


class _TrigramWordMatch(Func):
    """`word <% text`: word similarity above pg_trgm's threshold, answered by the GIN index.

    (The `trigram_word_similar` lookup needs django.contrib.postgres in INSTALLED_APPS; this
    expression does not.)
    """

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class _Unaccent(Func):
    function = "unaccent"


# pg_trgm's default (0.6) misses one-letter typos in short words ("labur" → "labour" is 0.5).
TRIGRAM_THRESHOLD = 0.45


@dataclass
class SearchPlan:
    """How one query is searched; built once per request by `plan()`."""

    query: str
    words: list[str]
    fuzzy: bool = False  # PostgreSQL: no word matched as typed, so names spelled close are used

    @property
    def phrase(self):
        return " ".join(self.words)

    def filter(self, queryset):
        raise NotImplementedError

    def rank(self):
        raise NotImplementedError


class PostgresPlan(SearchPlan):
    language: str = "en"

    @property
    def config(self):
        return PG_CONFIGS.get(self.language, "simple")

    @property
    def vector(self):
        return (
            f"search_vector_{self.language}"
            if self.language in SEARCH_LANGUAGES
            else ("search_vector")
        )

    def tsquery(self):
        from django.contrib.postgres.search import SearchQuery

        # Each word as a prefix ("labour" finds "labourers"); words are letters and digits only.
        raw = " & ".join(f"{word}:*" for word in self.words)
        return SearchQuery(_Unaccent(Value(raw)), search_type="raw", config=self.config)

    def filter(self, queryset):
        if not self.words:
            return queryset
        if self.fuzzy:
            # Every word, or a close spelling of it, in the name (GIN trigram index on it).
            name = Lower(F("name"))
            return queryset.filter(*[_TrigramWordMatch(Value(word), name) for word in self.words])
        return queryset.filter(**{self.vector: self.tsquery()})

    def rank(self):
        from django.contrib.postgres.search import SearchRank, TrigramStrictWordSimilarity

        if not self.words:
            return Value(0.0, output_field=FloatField())
        if self.fuzzy:
            # Whole-word closeness: "unisef" is nearer "unicef" than "united".
            return TrigramStrictWordSimilarity(self.phrase, Lower(F("name")))
        # Name and acronym carry weight A in the vector, so they already rank first.
        return SearchRank(F(self.vector), self.tsquery())

    def decide(self, queryset):
        """One query: do the words match as typed? If not, search close spellings instead.

        The same statement sets the trigram threshold for this connection (a session setting
        of pg_trgm, harmless to anything else).
        """
        if not self.words:
            return self
        probe = queryset.filter(**{self.vector: self.tsquery()}).values("pk")[:1]
        connection = connections[queryset.db]
        sql, params = probe.query.get_compiler(connection=connection).as_sql()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT set_config('pg_trgm.word_similarity_threshold', %s, false), EXISTS({sql})",
                [str(TRIGRAM_THRESHOLD), *params],
            )
            self.fuzzy = not cursor.fetchone()[1]
        return self


class PortablePlan(SearchPlan):
    """Any other database: every word (in French and Spanish, its stem) must appear in the
    normalised text of the page's language."""

    language: str = "en"

    @property
    def column(self):
        return (
            f"search_text_{self.language}" if self.language in SEARCH_LANGUAGES else ("search_text")
        )

    def filter(self, queryset):
        if not self.words:
            return queryset
        return queryset.filter(*[Q(**{f"{self.column}__contains": word}) for word in self.words])

    def rank(self):
        if not self.words:
            return Value(0.0, output_field=FloatField())
        # search_text starts with the name, then the acronym: a rough but predictable order.
        typed = " ".join(normalise(self.query).split())
        return Case(
            When(acronym__iexact=self.query.strip(), then=Value(4.0)),
            When(**{f"{self.column}__startswith": typed}, then=Value(3.0)),
            When(**{f"{self.column}__contains": typed}, then=Value(2.0)),
            default=Value(1.0),
            output_field=FloatField(),
        )

    def decide(self, queryset):
        return self


def plan(queryset, query) -> SearchPlan:
    """The search for `query` over `queryset`'s database (one query on PostgreSQL, none else).

    A query without letters or digits has no words and filters nothing.
    """
    vendor = connections[queryset.db].vendor
    plan_class = PostgresPlan if vendor == "postgresql" else PortablePlan
    language = search_language()
    # PostgreSQL's configuration stems and drops little words itself: it gets the words as typed.
    words = terms(query) if vendor == "postgresql" else language_terms(query, language)
    searched = plan_class(query=query, words=words)
    searched.language = language
    return searched.decide(queryset)


def search_language() -> str:
    language = (translation.get_language() or "en").split("-")[0]
    return language if language in SEARCH_LANGUAGES else "en"


def filter_queryset(queryset, query):
    """The rows matching every word of `query` (on PostgreSQL, failing any: close spellings)."""
    return plan(queryset, query).filter(queryset)
