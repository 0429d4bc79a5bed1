"""In-process measurements of each bench URL: server time, queries, query plans, 304 cost.

Run by ``run.py`` in a child with the bench environment (DJANGO_SETTINGS_MODULE=bench.settings,
DATABASE_URL, DJANGO_DEBUG=0). For each URL, with Django's test client:

* server time: ``--samples`` requests timed one after another, uncached (a session cookie
  makes PublicPageCacheMiddleware bypass the page cache) and cached (anonymous, after a first
  request filled the cache); p50, p90 and min in ms. Single-threaded, no network: the view's
  own cost;
* the queries of one uncached request (``CaptureQueriesContext``), each re-timed (median of 5)
  and explained: ``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN (ANALYZE, BUFFERS)`` on
  PostgreSQL. Plans that scan a large table or sort in a temporary B-tree are flagged;
* conditional GET, of the article and of the live story's poll: the anonymous response's ETag
  sent back in ``If-None-Match`` must give a 304 that renders no template (checked with the
  test environment's template instrumentation);
* ``--profile``: a cProfile of the uncached request for pages over their target.

Also picks the URLs (the middle story of the archive, the biggest section, the busiest tag and
person, the storyline and live story of bench/story_pages.py...) and writes everything as JSON
to ``--out``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from articles.models import Article, Byline, Section, TaggedArticle  # noqa: E402
from bench.common import plan_flags  # noqa: E402
from bench.measure import CONDITIONAL  # noqa: E402
from bench.story_pages import find as find_story_pages  # noqa: E402
from bench.story_pages import middle_story_slug  # noqa: E402
from people.models import Mention, Person  # noqa: E402
from tags.models import Tag  # noqa: E402

SEARCH_WORD = "drought"
DEEP_PAGE = 2500
SITEMAP_PAGE = 25
# Server-time targets at 100,000 stories (issue 8): article page 25 ms, every list 50 ms;
# the storyline of 500 entries and the live story of 1,000 updates are lists (issue 18).
TARGETS_MS = {"article": 25}
LIST_TARGET_MS = 50
BYPASS = {"sessionid": "bench"}


def target_for(name: str) -> int | None:
    if name == "floor" or name in CONDITIONAL:
        return None
    return TARGETS_MS.get(name, LIST_TARGET_MS)


def sitemap_page_size() -> int:
    """URLs per page of the articles sitemap, however the site defines it."""
    from articles import sitemaps

    size = getattr(sitemaps, "PAGE_SIZE", None)
    if size is None:
        article_sitemap = getattr(sitemaps, "SITEMAPS", {}).get("articles")
        size = getattr(article_sitemap, "limit", None)
    return size or 50_000


def pick_urls() -> dict[str, str]:
    """Name -> path of every page the bench measures, chosen from the loaded data."""
    published = Article.objects.published()
    total = published.count()
    middle = middle_story_slug()
    section = (
        Section.objects.annotate(n=Count("articles"))
        .order_by("-n")
        .values_list("slug", flat=True)[0]
    )
    tag_id = TaggedArticle.objects.values("tag").annotate(n=Count("id")).order_by("-n")[0]["tag"]

    tag = Tag.objects.get(pk=tag_id).slug
    person_id = (
        Mention.objects.filter(status__in=["auto", "confirmed"])
        .values("person")
        .annotate(n=Count("id"))
        .order_by("-n")[0]["person"]
    )

    person = Person.objects.get(pk=person_id).slug
    # The rarest tag and person (one or a few stories, years ago): a list that must find its
    # few rows without walking the whole archive.
    rare_tag_id = (
        TaggedArticle.objects.values("tag").annotate(n=Count("id")).order_by("n", "tag")[0]["tag"]
    )
    rare_tag = Tag.objects.get(pk=rare_tag_id).slug
    rare_person_id = (
        Mention.objects.filter(status__in=["auto", "confirmed"])
        .values("person")
        .annotate(n=Count("id"))
        .order_by("n", "person")[0]["person"]
    )
    rare_person = Person.objects.get(pk=rare_person_id).slug
    author_id = Byline.objects.values("person").annotate(n=Count("id")).order_by("-n")[0]["person"]
    author = Person.objects.get(pk=author_id).slug
    pages = max(1, (total + 19) // 20)
    deep = DEEP_PAGE if pages >= DEEP_PAGE * 2 else max(1, pages // 2)
    sitemap_pages = max(1, -(-total // sitemap_page_size()))
    sitemap_page = min(SITEMAP_PAGE, -(-sitemap_pages // 2))  # a page in the middle
    story_pages = find_story_pages()
    urls = {
        "floor": "/bench/floor/",
        "article": f"/articles/{middle}/",
        "front": "/",
        "list": "/articles/",
        "deep": f"/articles/?page={deep}",
        "section": f"/sections/{section}/",
        "tag": f"/tags/{tag}/",
        "tag_rare": f"/tags/{rare_tag}/",
        "person": f"/people/{person}/",
        "person_rare": f"/people/{rare_person}/",
        "author": f"/authors/{author}/",
        "search": f"/search/?q={SEARCH_WORD}",
        "feed": "/feeds/latest/",
        "sitemap": "/sitemap.xml",
        "sitemap_articles": f"/sitemap-articles.xml?p={sitemap_page}",
    }
    if "storyline" in story_pages:
        urls["storyline"] = f"/storylines/{story_pages['storyline']}/"
    if "live" in story_pages:
        urls["live"] = f"/articles/{story_pages['live']}/"
        urls["live_poll"] = f"/articles/{story_pages['live']}/updates/"
    return urls


def mix_paths(count: int = 400) -> list[str]:
    """Many different pages for the memory and load runs: articles across the archive,
    list pages, searches and feeds."""
    slugs = list(
        Article.objects.published().order_by("pk").values_list("slug", flat=True)[::1][: 10**7]
    )
    step = max(1, len(slugs) // count)
    paths = [f"/articles/{slug}/" for slug in slugs[::step][:count]]
    paths += [f"/articles/?page={n}" for n in range(1, 41)]
    words = ["drought", "inflation", "budget", "election", "hospital", "football", "tea", "court"]
    paths += [f"/search/?q={w}" for w in words]
    paths += ["/feeds/latest/", "/", "/articles/"]
    return paths


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


SLOW_SECONDS = 0.2  # a page slower than this gets 10 samples, not --samples (bounded time)


def timed(client: Client, path: str, samples: int, **headers) -> dict:
    durations, status = [], None
    for number in range(samples):
        started = time.perf_counter()
        response = client.get(path, **headers)
        durations.append(time.perf_counter() - started)
        status = response.status_code
        if number == 4 and statistics.median(durations) > SLOW_SECONDS:
            samples = min(samples, 10)
        if number + 1 >= samples:
            break
    durations.sort()
    return {
        "status": status,
        "samples": len(durations),
        "p50_ms": _ms(statistics.median(durations)),
        "p90_ms": _ms(durations[int(len(durations) * 0.9) - 1]),
        "min_ms": _ms(durations[0]),
    }


def explain(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [row[3] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def time_query(sql: str, runs: int = 5) -> float:
    durations = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            durations.append(time.perf_counter() - started)
            if durations[0] > SLOW_SECONDS and len(durations) == 2:
                break
    return _ms(statistics.median(durations))


def flags(plan: list[str], ms: float) -> list[str]:
    return plan_flags(connection.vendor, plan, ms)


def query_report(path: str) -> dict:
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies.load(BYPASS)
    client.get(path)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = []
    for query in captured.captured_queries:
        sql = query["sql"]
        entry = {"sql": sql, "ms_in_request": _ms(float(query["time"]))}
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            try:
                entry["ms"] = time_query(sql)
                entry["plan"] = explain(sql)
                entry["flags"] = flags(entry["plan"], entry["ms"])
            except Exception as error:  # a query Django can run but EXPLAIN cannot
                entry["error"] = f"{type(error).__name__}: {error}"
        queries.append(entry)
    return {"count": len(queries), "queries": queries}


def profile(path: str, out: Path) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies.load(BYPASS)
    client.get(path)
    started = time.perf_counter()
    client.get(path)
    runs = 10 if time.perf_counter() - started < SLOW_SECONDS else 3
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        client.get(path)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    out.write_text(stream.getvalue())


def conditional_get(path: str) -> dict:
    """The 304 path: ETag of an anonymous GET sent back; no template may render (needs
    ``setup_test_environment()``, which instruments template rendering)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)  # fills the page cache
    client = Client(HTTP_HOST="127.0.0.1")
    bypass = Client(HTTP_HOST="127.0.0.1")
    bypass.cookies.load(BYPASS)
    rendered = bypass.get(path)
    first = client.get(path)
    etag = first.headers.get("ETag", "")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers={"If-None-Match": etag})
    samples = timed(client, path, 50, headers={"If-None-Match": etag})
    return {
        "etag": etag,
        "status": response.status_code,
        "templates_rendered": [t.name for t in response.templates],
        "templates_when_rendered": len(rendered.templates),
        "queries": [q["sql"] for q in captured.captured_queries],
        "p50_ms": samples["p50_ms"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--only", nargs="*", help="URL names to measure (default: all).")
    parser.add_argument("--profile-dir", type=Path, help="Write cProfile output for slow pages.")
    parser.add_argument("--urls-only", action="store_true", help="Only pick the URLs.")
    args = parser.parse_args(argv)

    urls = pick_urls()
    result = {"vendor": connection.vendor, "urls": urls, "mix": mix_paths(), "pages": {}}
    if args.urls_only:
        args.out.write_text(json.dumps(result, indent=2))
        return 0
    for name, path in urls.items():
        if args.only and name not in args.only and name != "floor":
            continue
        print(f"  probe {name}: {path}", file=sys.stderr, flush=True)
        uncached_client = Client(HTTP_HOST="127.0.0.1")
        uncached_client.cookies.load(BYPASS)
        for _ in range(3):
            uncached_client.get(path)
        uncached = timed(uncached_client, path, args.samples)
        cached_client = Client(HTTP_HOST="127.0.0.1")
        cached_client.get(path)
        cached = timed(cached_client, path, args.samples)
        page = {
            "path": path,
            "uncached": uncached,
            "cached": cached,
            "target_ms": target_for(name),
            "queries": query_report(path),
        }
        target = target_for(name)
        if args.profile_dir and target and uncached["p50_ms"] > target:
            args.profile_dir.mkdir(parents=True, exist_ok=True)
            out = args.profile_dir / f"profile-{connection.vendor}-{name}.txt"
            profile(path, out)
            page["profile"] = str(out)
        result["pages"][name] = page
    setup_test_environment()  # response.templates, for the 304 checks
    result["conditional_gets"] = {
        name: conditional_get(urls[page])
        for name, page in CONDITIONAL.items()
        if page in urls and (not args.only or page in args.only)
    }
    args.out.write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
