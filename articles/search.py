"""Full-text search over articles: SQLite FTS5 by default, PostgreSQL full-text search on PG.

The index is built and kept in step by the database itself (migration 0006): on SQLite an FTS5
table filled by triggers, on PostgreSQL a generated ``search_vector`` column with a GIN index. This
module turns a reader's words into a safe query, returns ranked ids of published articles, and
highlights a snippet. What readers may see is decided by ``Article.objects.published()``, whose
condition is applied inside the ranked query: the limits below count public stories only, so
no number of drafts can push a published story out of the results.

Query rule (both databases): words are runs of letters and digits; every word must match (after
stemming and accent folding); words joined by punctuation ("Fils-Aimé", "O'Brien") or inside
double quotes must match as a phrase. Nothing else is an operator: AND/OR/NOT, NEAR, column
filters, ``*`` and ``^`` are dropped or searched as plain words, so no input reaches the query
syntax of either database.

Cost is bounded: a search ranks at most the ``RANK_WINDOW`` newest matching published articles
(highest ids, i.e. created last) and returns at most ``MAX_RESULTS`` of them, so a word found in
every story costs about what one found in 2,000 does. On SQLite the search starts from the FTS5
table and checks each hit's status by primary key; on PostgreSQL it reads the GIN index within
a range of the newest ids (``_postgresql_search``). ``ArticleQuerySet.among()`` reads the article
table by primary key only.
"""

import hashlib
import json
import re
import unicodedata
from functools import lru_cache

from django.db import connections, router, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from newsroom import content_version
from tags.models import Tag

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 1000  # searches rank at most this many hits; pages read from them
# Only the newest this many hits (highest ids) are ranked: ranking costs a little per hit, and
# a query that matches more stories than this is too vague for older ones to be missed (words
# found in fewer stories are ranked over the whole archive). PostgreSQL reads each ranked
# story's tsvector, about 4 microseconds: at 100,000 stories, ranking 5,000 took 28-43 ms even
# read as ``_postgresql_search`` reads them, 2,000 11-13 ms.
RANK_WINDOW = 2000
# Each word costs one posting-list read; more than this adds cost, not precision.
MAX_WORDS = 12
# A search's ranked ids are kept this long within one content version (``kept_ranking``).
RANKING_SECONDS = 600

# Relative weight of a hit in headline, dek, body_text, search_terms. SQLite: bm25() column
# weights (lower scores are better). PostgreSQL: the same order through setweight() labels
# A (headline), B (dek), C (search_terms), D (body_text); ts_rank takes them as {D, C, B, A}.
SQLITE_RANK = "bm25(10.0, 5.0, 1.0, 4.0)"
POSTGRESQL_WEIGHTS = "{0.1, 0.4, 0.5, 1.0}"

_WORD = re.compile(r"[^\W_]+")  # letters and digits, as the FTS5 unicode61 tokenizer sees words
_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')  # a "quoted phrase" (closing quote optional) or a run
_OPERATORS = frozenset({"AND", "OR", "NOT"})  # what FTS5 would read as operators, when uppercase
# Control characters (tabs, newlines, NUL) separate words; format characters (soft hyphen,
# zero-width, bidi marks) sit inside them; lone surrogates cannot be encoded for the database.
_SEPARATING_CATEGORIES = frozenset({"Cc"})
_DROPPED_CATEGORIES = frozenset({"Cf", "Cs"})
_SPACES = re.compile(r"\s+")


_COMBINING_MARKS = re.compile("[\u0300-\u036f]")


def fold_accents(text: str) -> str:
    """Letters without their accents ("Aimé" -> "Aime"): the NFD form minus combining marks,
    exactly what the PostgreSQL function articles_fold_accents() (migration 0008) does."""
    return unicodedata.normalize(
        "NFC", _COMBINING_MARKS.sub("", unicodedata.normalize("NFD", text))
    )


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
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        # Cut at a space: half a word would be a word the reader never asked for.
        cut = text[: MAX_QUERY_LENGTH + 1]
        text = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_LENGTH]
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


def _fts5_match(phrases: list[tuple[str, ...]]) -> str:
    # Every phrase is an FTS5 string; juxtaposed strings are ANDed. Words are letters and
    # digits only, but double any quote anyway so this stays safe if _WORD ever widens.
    return " ".join('"' + " ".join(words).replace('"', '""') + '"' for words in phrases)


def _websearch(phrases: list[tuple[str, ...]]) -> str:
    # websearch_to_tsquery never raises; quoting every phrase keeps "or" and "-" literal.
    # The index is accent-folded by the same table (PostgreSQL has no immutable unaccent).
    return " ".join('"' + fold_accents(" ".join(words)) + '"' for words in phrases)


# {live} is published()'s condition on articles_article (see _live_condition); each hit's row
# is read by primary key, so the windows below count public stories only.
_SQLITE_SEARCH = f"""
    SELECT rowid FROM (
        SELECT articles_article_fts.rowid AS rowid, articles_article_fts.rank AS rank
        FROM articles_article_fts
        JOIN articles_article ON articles_article.id = articles_article_fts.rowid
        WHERE articles_article_fts MATCH %s AND articles_article_fts.rank MATCH '{SQLITE_RANK}'
            AND {{live}}
        ORDER BY articles_article_fts.rowid DESC LIMIT %s
    ) ORDER BY rank, rowid DESC LIMIT %s
"""
# ts_rank normalisation 1 divides by the log of the length, as bm25 favours short texts.
# PostgreSQL: the GIN index lists every match, and a range of the newest ids narrows which
# rows are read. A story's tsvector is stored compressed and out of line, so reading one (to
# match it while walking the newest stories, or to rank it) costs about 4 microseconds; here
# the heap is read only for the matches in the range and only the newest ``window`` of those
# are ranked. The range is sized from PostgreSQL's estimate of how many stories match, with
# room to spare (``_lowest_id``), and widened when it holds fewer than ``window`` matches (the
# second column). MATERIALIZED keeps the planner from answering ORDER BY id with a walk down
# the primary key, and plain index scans are off for the statement (``_rank_in_range``):
# PostgreSQL does not count the cost of reading a tsvector, so for a frequent word it would
# rather read every story in the range by primary key, tsvector and all, than combine the two
# indexes (city, in 46% of the peers' stories: 23 ms against 7).
_POSTGRESQL_SEARCH = f"""
    WITH matches AS MATERIALIZED (
        SELECT id, search_vector FROM articles_article, websearch_to_tsquery('english', %s) AS query
        WHERE search_vector @@ query AND id >= %s AND {{live}}
    )
    SELECT id, (SELECT count(*) FROM matches) FROM (
        SELECT id, search_vector FROM matches ORDER BY id DESC LIMIT %s
    ) AS newest, websearch_to_tsquery('english', %s) AS query
    ORDER BY ts_rank('{POSTGRESQL_WEIGHTS}', search_vector, query, 1) DESC, id DESC LIMIT %s
"""
_POSTGRESQL_ESTIMATE = (
    "EXPLAIN (FORMAT JSON) SELECT 1 FROM articles_article "
    "WHERE search_vector @@ websearch_to_tsquery('english', %s)"
)
# Both estimates are the planner's, scaled alike to the table's current size; without
# statistics it assumes few matches, and the range is then every id.
_POSTGRESQL_ESTIMATE_ALL = "EXPLAIN (FORMAT JSON) SELECT 1 FROM articles_article"
_POSTGRESQL_NEWEST_ID = "SELECT max(id) FROM articles_article"
_POSTGRESQL_INDEX_SCANS_OFF = (
    "SELECT current_setting('enable_indexscan'), set_config('enable_indexscan', 'off', true)"
)
_POSTGRESQL_INDEX_SCANS_BACK = "SELECT set_config('enable_indexscan', %s, true)"
# How much wider than the estimate says it needs the first id range is; each retry is 4 times
# wider again. 1.5 covers the estimate's usual error for single words (within a few percent)
# and a word used less in recent months than on average.
ID_RANGE_MARGIN = 1.5
ID_RANGE_GROWTH = 4


def _lowest_id(newest_id: int, stories: float, matches: float, window: int) -> int:
    """The lowest id of the newest ids that should hold ``window`` matches, when ``matches`` of
    ``stories`` match (PostgreSQL's estimates, either of which may be 0): 0 for all."""
    span = window * max(stories, 1) / max(matches, 1) * ID_RANGE_MARGIN
    return max(0, newest_id - int(span))


def _rank_in_range(
    cursor, match: str, lowest: int, live: tuple[str, list], window: int, limit: int
):
    """The newest ``window`` live stories from id ``lowest`` on that match, ranked: (the best
    ``limit`` ids, how many matched in the range), without plain index scans. set_config(..., true)
    lasts until the transaction ends: the atomic block makes that transaction (or a savepoint in
    the caller's), and the setting is put back before it ends so the caller's transaction plans
    its other queries as before; an error rolls it back."""
    live_sql, live_params = live
    with transaction.atomic(using=cursor.db.alias):
        cursor.execute(_POSTGRESQL_INDEX_SCANS_OFF)
        previous = cursor.fetchone()[0]
        cursor.execute(
            _POSTGRESQL_SEARCH.replace("{live}", live_sql),
            [match, lowest, *live_params, window, match, limit],
        )
        rows = cursor.fetchall()
        cursor.execute(_POSTGRESQL_INDEX_SCANS_BACK, [previous])
    return [row[0] for row in rows], rows[0][1] if rows else 0


def _estimated_rows(cursor, explain: str, params=()) -> float:
    cursor.execute(explain, params)
    plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]


def _postgresql_search(cursor, match: str, live: tuple[str, list], window: int, limit: int):
    """Ids of the newest ``window`` live stories matching ``match``, ranked, at most ``limit``."""
    cursor.execute(_POSTGRESQL_NEWEST_ID)
    newest_id = cursor.fetchone()[0]
    if newest_id is None:
        return []
    matches = _estimated_rows(cursor, _POSTGRESQL_ESTIMATE, [match])
    stories = _estimated_rows(cursor, _POSTGRESQL_ESTIMATE_ALL)
    lowest = _lowest_id(newest_id, stories, matches, window)
    while True:
        ids, found = _rank_in_range(cursor, match, lowest, live, window, limit)
        if found >= window or lowest == 0:
            return ids
        lowest = max(0, newest_id - max(newest_id - lowest, 1) * ID_RANGE_GROWTH)


def _live_condition(connection) -> tuple[str, list]:
    """``Article.objects.published()``'s WHERE clause as SQL on ``articles_article``, compiled by
    the ORM so "visible to readers" keeps its one definition (``live_q``)."""
    query = Article.objects.published().query
    return query.get_compiler(connection=connection).compile(query.where)


def ranked_ids(query: str, *, limit: int | None = None) -> list[int]:
    """Ids of published articles matching ``query``, best first, at most ``limit`` (default
    ``MAX_RESULTS``). [] for an empty or nonsense query."""
    limit = MAX_RESULTS if limit is None else limit
    phrases = _phrases(clean_query(query))
    if not phrases or limit <= 0:
        return []
    connection = connections[router.db_for_read(Article)]
    window = max(limit, RANK_WINDOW)
    live_sql, live_params = _live_condition(connection)
    if connection.vendor not in ("sqlite", "postgresql"):
        raise NotImplementedError(f"full-text search is not set up for {connection.vendor}")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            live = (live_sql, live_params)
            return _postgresql_search(cursor, _websearch(phrases), live, window, limit)
        sql = _SQLITE_SEARCH.replace("{live}", live_sql)
        cursor.execute(sql, [_fts5_match(phrases), *live_params, window, limit])
        return [row[0] for row in cursor.fetchall()]


def ranked_ids_with_synonyms(query: str) -> list[int]:
    """``ranked_ids``, then, when the whole query names a tag by one of its synonyms ("MSS"),
    the newest stories carrying that tag ("Haiti mission") that the words did not find."""
    ids = ranked_ids(query)
    tag = Tag.objects.resolve(query)
    if tag is None or tag.name.casefold() == " ".join(query.split()).casefold():
        return ids
    found = set(ids)
    tagged = Article.objects.published().tagged(tag).newest_first().values_list("pk", flat=True)
    return ids + [pk for pk in tagged[:MAX_RESULTS] if pk not in found][: MAX_RESULTS - len(ids)]


def kept_ranking(request, query: str) -> list[int]:
    """``ranked_ids_with_synonyms(query)`` for a cleaned ``query``, kept until anything public
    changes (the content version: a publish, an edit, a story's embargo lifting): a reader
    paging through the results, or every reader searching the same words, costs one ranking.
    Only published ids are kept, so what a key holds is what any reader may see."""
    digest = hashlib.blake2b(query.encode(), digest_size=12).hexdigest()
    return content_version.cached(
        request,
        f"search:{digest}",
        lambda: ranked_ids_with_synonyms(query),
        timeout=RANKING_SECONDS,
    )


def ranked_published_ids(query: str, queryset=None, *, limit: int | None = None) -> list[int]:
    """Ids of readable articles matching ``query``, best first, within ``queryset``'s filters.

    Paginate these, then load one page with ``for_listing().in_bulk(page)``.
    """
    ids = ranked_ids(query, limit=limit)
    if not ids:
        return []
    base = queryset if queryset is not None else Article.objects.all()
    visible = set(base.published().among(ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in visible]


def search_published(query: str, queryset=None, *, limit: int | None = None) -> list[Article]:
    """Published articles matching ``query``, best first, within ``queryset``'s filters, loaded
    with ``for_listing()``. Loads every hit: for pages, paginate ranked_published_ids()."""
    ids = ranked_ids(query, limit=limit)
    if not ids:
        return []
    base = queryset if queryset is not None else Article.objects.all()
    found = base.published().among(ids).for_listing().in_bulk()
    return [found[pk] for pk in ids if pk in found]


# --- Snippets -------------------------------------------------------------------------------


class _FoldMap(dict):
    """str.translate() table: each character to its lower-case letter without diacritics,
    always one character for one, so offsets in the folded text are offsets in the original."""

    def __missing__(self, code_point: int) -> str:
        char = chr(code_point)
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
        folded = base if len(base) == 1 else char.lower() if len(char.lower()) == 1 else char
        self[code_point] = folded
        return folded


_FOLD_MAP = _FoldMap()


@lru_cache(maxsize=256)
def _highlight_pattern(query: str) -> re.Pattern | None:
    """A regex over folded text that matches the query's words, or None when it has none."""
    alternatives = []
    for words in _phrases(clean_query(query)):
        for word in words:
            folded = word.translate(_FOLD_MAP)
            if len(folded) < 3:
                # Short words only match themselves, or "a" would mark half the text.
                alternatives.append(re.escape(folded))
            else:
                # A crude stem ("elections" -> "electi") standing in for the index's stemmer;
                # at most 3 letters longer than the word, so "war" does not mark "warrant".
                stem = folded[: max(5, len(folded) - 3)]
                extra = len(folded) + 3 - len(stem)
                alternatives.append(f"{re.escape(stem)}[^\\W_]{{0,{extra}}}")
    if not alternatives:
        return None
    return re.compile(r"(?<![^\W_])(?:" + "|".join(dict.fromkeys(alternatives)) + r")(?![^\W_])")


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


class _Passage:
    """One text prepared for highlighting: whitespace collapsed, folded once."""

    def __init__(self, text: str, query: str) -> None:
        self.text = _SPACES.sub(" ", text or "").strip()
        self.folded = self.text.translate(_FOLD_MAP)
        self.pattern = _highlight_pattern(query)
        self.first = self.pattern.search(self.folded) if self.pattern else None

    def render(self, width: int) -> SafeString:
        text, first = self.text, self.first
        # Some words of context before the first hit, so the reader sees what it is about.
        start, end = _window(text, max(0, first.start() - width // 4) if first else 0, width)
        parts = ["…"] if start > 0 else []
        position = start
        for match in self.pattern.finditer(self.folded, start, end) if first else ():
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
            position = match.end()
        parts.append(escape(text[position:end]))
        if end < len(text):
            parts.append("…")
        return mark_safe("".join(parts))


def highlight(text: str, query: str, *, width: int = 220) -> SafeString:
    """A snippet of ``text`` around the first matching term, HTML-escaped, with each matching
    word wrapped in <mark>; the start of the text when nothing matches."""
    return _Passage(text, query).render(width)


def snippet(article: Article, query: str, *, width: int = 220) -> SafeString:
    """The highlighted passage a results list shows: from the body where it matches, else from
    the dek where that matches, else the start of the dek (or body)."""
    body = _Passage(article.body_text, query)
    if body.first:
        return body.render(width)
    dek = _Passage(article.dek, query)
    if dek.first or not body.text:
        return dek.render(width)
    return (dek if dek.text else body).render(width)
