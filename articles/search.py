"""Full-text search over articles: SQLite FTS5 by default, PostgreSQL full-text search in production.

The index is built and kept in step by the database itself (migration 0006): on SQLite an FTS5
table filled by triggers, on PostgreSQL a generated ``search_vector`` column with a GIN index. This
module turns a reader's words into a safe query, returns ranked article ids, and highlights a
snippet. What readers may see is still decided by ``Article.objects.published()``.

Query rule (both databases): words are runs of letters and digits; every word must match (after
stemming and accent folding); words joined by punctuation ("Fils-Aimé", "O'Brien") or inside
double quotes must match as a phrase. Nothing else is an operator: AND/OR/NOT, NEAR, column
filters, ``*`` and ``^`` are dropped or searched as plain words, so no input reaches the query
syntax of either database.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from django.db import connections, router
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 1000  # searches rank at most this many hits; pages read from them
# Each word costs one posting-list read; more than this adds cost, not precision.
MAX_WORDS = 12

# Relative weight of a hit in headline, dek, body_text, search_terms. SQLite: bm25() column
# weights. PostgreSQL: the same order through setweight() labels A, B, D, C (see migration 0006).
SQLITE_RANK = "bm25(10.0, 5.0, 1.0, 4.0)"
POSTGRESQL_WEIGHTS = "{0.1, 0.4, 0.5, 1.0}"  # D (body), C (people/tags), B (dek), A (headline)

_WORD = re.compile(r"[^\W_]+")  # letters and digits, as the FTS5 unicode61 tokenizer sees words
_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')  # a "quoted phrase" (closing quote optional) or a run
_OPERATORS = frozenset({"AND", "OR", "NOT"})  # what FTS5 would read as operators, when uppercase
# Control characters (tabs, newlines, NUL) separate words; format characters (soft hyphen,
# zero-width, bidi marks) sit inside them; lone surrogates cannot be encoded for the database.
_SEPARATING_CATEGORIES = frozenset({"Cc"})
_DROPPED_CATEGORIES = frozenset({"Cf", "Cs"})
_SPACES = re.compile(r"\s+")


def _build_fold_table() -> dict[int, str]:
    # Latin letters whose decomposition is one base letter plus combining marks; the PostgreSQL
    # function articles_fold_accents() (migration 0006) holds the same pairs.
    table = {}
    for code_point in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        decomposed = unicodedata.normalize("NFD", chr(code_point))
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        if len(decomposed) > 1 and len(base) == 1:
            table[code_point] = base
    return table


FOLD_TABLE = _build_fold_table()


def clean_query(raw: str | None) -> str:
    """Trimmed, length-capped, control characters removed; '' when nothing searchable."""
    if not raw:
        return ""
    # Cut before normalising so a huge input costs nothing; NFKC turns full-width and
    # compatibility forms into the letters the index holds.
    text = unicodedata.normalize("NFKC", str(raw)[: MAX_QUERY_LENGTH * 4])
    text = "".join(
        " " if category in _SEPARATING_CATEGORIES else c
        for c in text
        if (category := unicodedata.category(c)) not in _DROPPED_CATEGORIES
    )
    text = _SPACES.sub(" ", text).strip()[:MAX_QUERY_LENGTH].rstrip()
    return text if _phrases(text) else ""


def _phrases(query: str) -> list[tuple[str, ...]]:
    """The query as phrases of words (a single word is a phrase of one), at most MAX_WORDS words."""
    phrases: list[tuple[str, ...]] = []
    budget = MAX_WORDS
    for match in _CHUNK.finditer(query):
        quoted, bare = match.groups()
        if bare in _OPERATORS:
            continue
        words = tuple(_WORD.findall(quoted if quoted is not None else bare))[:budget]
        if words and words not in phrases:
            phrases.append(words)
            budget -= len(words)
        if budget <= 0:
            break
    return phrases


def _fts5_match(phrases: Iterable[tuple[str, ...]]) -> str:
    # Every phrase is an FTS5 string; juxtaposed strings are ANDed. Words are letters and
    # digits only, but double any quote anyway so this stays safe if _WORD ever widens.
    return " ".join('"' + " ".join(words).replace('"', '""') + '"' for words in phrases)


def _websearch(phrases: Iterable[tuple[str, ...]]) -> str:
    # websearch_to_tsquery never raises; quoting every phrase keeps "or" and "-" literal.
    # The index is accent-folded by the same table (PostgreSQL has no immutable unaccent).
    return " ".join('"' + " ".join(words).translate(FOLD_TABLE) + '"' for words in phrases)


def ranked_ids(query: str, *, limit: int = MAX_RESULTS) -> list[int]:
    """Article ids matching ``query``, best first, at most ``limit`` (any status: callers
    intersect with Article.objects.published()). [] for an empty or nonsense query."""
    phrases = _phrases(clean_query(query))
    if not phrases or limit <= 0:
        return []
    connection = connections[router.db_for_read(Article)]
    if connection.vendor == "sqlite":
        # FTS5 sorts by the rank column inside the virtual table; the article table is not read.
        sql = (
            "SELECT rowid FROM articles_article_fts "
            f"WHERE articles_article_fts MATCH %s AND rank MATCH '{SQLITE_RANK}' "
            "ORDER BY rank LIMIT %s"
        )
        params = [_fts5_match(phrases), limit]
    elif connection.vendor == "postgresql":
        # ts_rank normalisation 1 divides by the log of the length, as bm25 favours short texts.
        sql = (
            "SELECT id FROM articles_article, websearch_to_tsquery('english', %s) AS query "
            "WHERE search_vector @@ query "
            f"ORDER BY ts_rank('{POSTGRESQL_WEIGHTS}', search_vector, query, 1) DESC, id DESC "
            "LIMIT %s"
        )
        params = [_websearch(phrases), limit]
    else:
        raise NotImplementedError(f"full-text search is not set up for {connection.vendor}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def ranked_published_ids(query: str, queryset=None, *, limit: int = MAX_RESULTS) -> list[int]:
    """Ids of readable articles matching ``query``, best first, within ``queryset``'s filters.

    One id query on top of the search: paginate these, then load only one page of articles.
    """
    ids = ranked_ids(query, limit=limit)
    if not ids:
        return []
    base = queryset if queryset is not None else Article.objects.all()
    visible = set(base.published().filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in visible]


def search_published(query: str, queryset=None, *, limit: int = MAX_RESULTS) -> list[Article]:
    """Published articles matching ``query``, best first, within ``queryset``'s filters (its
    select_related and prefetch_related apply)."""
    ids = ranked_ids(query, limit=limit)
    if not ids:
        return []
    base = queryset if queryset is not None else Article.objects.all()
    found = {article.pk: article for article in base.published().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


# --- Snippets -------------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _fold(word: str) -> str:
    """Lower case without diacritics, for comparing words."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _highlight_terms(query: str) -> list[tuple[str, int]]:
    """(prefix, longest word) pairs: a text word matches when it starts with the prefix."""
    terms = []
    for words in _phrases(clean_query(query)):
        for word in words:
            folded = _fold(word)
            if len(folded) < 3:
                # Short words only match themselves, or "a" would mark half the text.
                terms.append((folded, len(folded)))
            else:
                # A crude stem ("elections" -> "electi") standing in for the index's stemmer,
                # with a cap on the ending so "war" does not mark "warrant".
                prefix = folded[: max(5, len(folded) - 3)]
                terms.append((prefix, len(folded) + 4))
    return list(dict.fromkeys(terms))


def _is_match(word: str, terms: list[tuple[str, int]]) -> bool:
    folded = _fold(word)
    return any(folded.startswith(prefix) and len(folded) <= longest for prefix, longest in terms)


def _first_match(text: str, terms: list[tuple[str, int]]) -> int | None:
    """Where the first matching word of ``text`` starts, or None."""
    if terms:
        for match in _WORD.finditer(text):
            if _is_match(match.group(), terms):
                return match.start()
    return None


def _window(text: str, start: int, width: int) -> tuple[int, int]:
    """A span of about ``width`` characters from ``start``, not cutting words in two."""
    if start > 0:
        space = text.find(" ", start - 1, start + 30)
        start = space + 1 if space != -1 else start
    end = start + width
    if end < len(text):
        space = text.rfind(" ", start, end + 1)
        end = space if space > start else end
    return start, min(end, len(text))


def highlight(text: str, query: str, *, width: int = 220) -> SafeString:
    """A snippet of ``text`` around the first matching term, HTML-escaped, with each matching
    word wrapped in <mark>; the start of the text when nothing matches."""
    text = _SPACES.sub(" ", text or "").strip()
    terms = _highlight_terms(query)
    first = _first_match(text, terms)
    # Some words of context before the first hit, so the reader sees what it is about.
    start, end = _window(text, 0 if first is None else max(0, first - width // 4), width)
    parts = ["…"] if start > 0 else []
    position = start
    for match in _WORD.finditer(text, start, end):
        if _is_match(match.group(), terms):
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))


def snippet(article: Article, query: str, *, width: int = 220) -> SafeString:
    """The highlighted passage a results list shows: from the body where it matches, else from
    the dek where that matches, else the start of the dek (or body)."""
    terms = _highlight_terms(query)
    if _first_match(article.body_text, terms) is not None:
        return highlight(article.body_text, query, width=width)
    if article.dek and _first_match(article.dek, terms) is not None:
        return highlight(article.dek, query, width=width)
    return highlight(article.dek or article.body_text, query, width=width)
