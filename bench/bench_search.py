"""Benchmark full-text search on a generated newsroom (SQLite FTS5 unless DATABASE_URL says so).

Builds a throwaway SQLite database (migrated, so the FTS5 table and its triggers are real),
inserts N generated articles of 400-900 words with a Zipf-like vocabulary (a few words in every
story, most words rare, plus people's names), then times, per kind of query, ``ranked_ids``
alone and a whole results page as the search view does it: ranked ids, intersected with
``published()`` and a section filter, one page of 20 loaded with ``for_listing()``, and a
highlighted snippet each. Reports p50 and p95 in milliseconds. Seeded, so runs compare.

    .venv/bin/python bench/bench_search.py [--articles 20000] [--repeat 30] [--db PATH] [--keep]

An existing --db file is reused as it is (no new articles), to re-time without regenerating.
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a plain script from anywhere: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _words(text: str) -> list[str]:
    return text.split()


COMMON = _words(
    "the of and to in a that for on is was said with he it as at by from his an be has have "
    "are were but not this which their they after who its had been will would more government "
    "president minister police election country year people new two week officials told "
    "security court law party state national city last first over about into against"
)
SYLLABLES = _words("ka ru to mo na li si be ra do ne ki wa ma ta ji ko ri se ha lu zo ve mi pe")
FIRST_NAMES = _words("William Rachel Antony Alix Garry Claudia Olena Kamala Narendra Cyril Samia")
SURNAMES = _words("Ruto Odinga Conille Fils-Aimé Sheinbaum Zelenskyy Kuleba Harris Modi Ramaphosa")

QUERIES = {
    "rare word": "{rare}",
    "mid word": "{mid}",
    "common word (all stories)": "government",
    "two words": "police {mid}",
    "person (phrase)": "Alix Fils-Aime",
    "no hits": "zzyzx",
}


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _story(rng: random.Random, vocabulary: list[str], weights: list[float]) -> tuple[str, str]:
    """Headline and body text of one story."""
    count = rng.randint(400, 900)
    common = rng.choices(COMMON, k=count // 2)
    rare = rng.choices(vocabulary, cum_weights=weights, k=count - len(common))
    words = common + rare
    rng.shuffle(words)
    for _ in range(rng.randint(1, 4)):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        words.insert(rng.randrange(len(words)), name)
    paragraphs = [" ".join(words[i : i + 60]) + "." for i in range(0, len(words), 60)]
    headline = " ".join(rng.choices(vocabulary[:2000], k=rng.randint(5, 10))).capitalize()
    return headline, "\n".join(paragraphs)


def populate(count: int, seed: int) -> tuple[str, str]:
    """Insert ``count`` articles; returns a rare and a mid-frequency word for the queries."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Section

    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 30_000)
    # Zipf: the word of rank r is used in proportion to 1/r.
    weights, total = [], 0.0
    for rank in range(1, len(vocabulary) + 1):
        total += 1 / rank
        weights.append(total)
    sections = [Section.objects.create(name=f"Section {n}", slug=f"section-{n}") for n in range(8)]
    now = timezone.now()
    started = time.perf_counter()
    batch: list[Article] = []
    for number in range(count):
        headline, text = _story(rng, vocabulary, weights)
        status = Article.Status.PUBLISHED if rng.random() < 0.9 else Article.Status.DRAFT
        batch.append(
            Article(
                headline=headline,
                slug=f"story-{number}",
                dek=text[:200],
                body="".join(f"<p>{p}</p>" for p in text.split("\n")),
                body_text=text,
                search_terms=" ".join(rng.sample(FIRST_NAMES, 2)),
                section=rng.choice(sections),
                status=status,
                published_at=now - timedelta(minutes=number),
            )
        )
        if len(batch) == 2000 or number == count - 1:
            # bulk_create skips save(): body_text is given directly; the triggers index it.
            with transaction.atomic():
                Article.objects.bulk_create(batch)
            batch = []
            print(f"\r  {number + 1} articles", end="", flush=True)
    print(f" in {time.perf_counter() - started:.0f} s")
    return vocabulary[20_000], vocabulary[300]


def _timed(function, repeat: int) -> tuple[float, float, object]:
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", help="SQLite file to build or reuse (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    args = parser.parse_args()

    path = Path(args.db or Path(tempfile.mkdtemp()) / "bench-search.sqlite3")
    fresh = not path.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article, Section
    from articles.search import ranked_ids, ranked_published_ids, snippet

    if fresh:
        print(f"Building {path} with {args.articles} articles")
        call_command("migrate", verbosity=0)
        rare, mid = populate(args.articles, args.seed)
    else:
        rng = random.Random(args.seed)
        vocabulary = _vocabulary(rng, 30_000)
        rare, mid = vocabulary[20_000], vocabulary[300]
    section = Section.objects.order_by("pk").first()
    print(f"{Article.objects.count()} articles in {path}")

    def page(query: str):
        filtered = Article.objects.filter(section=section)
        ids = ranked_published_ids(query, filtered)
        loaded = Article.objects.for_listing().in_bulk(ids[:20])
        return len(ids), [snippet(loaded[pk], query) for pk in ids[:20]]

    print(f"{'query':28} {'hits':>6} {'ranked_ids p50/p95':>20} {'results page p50/p95':>22}")
    for label, template in QUERIES.items():
        query = template.format(rare=rare, mid=mid)
        ranked_p50, ranked_p95, ids = _timed(lambda q=query: ranked_ids(q), args.repeat)
        page_p50, page_p95, (visible, _) = _timed(lambda q=query: page(q), args.repeat)
        print(
            f"{label:28} {len(ids):>6} {ranked_p50:>9.1f} / {ranked_p95:<8.1f} "
            f"{page_p50:>9.1f} / {page_p95:<8.1f}  ({visible} on the page's list)"
        )
    if not args.keep and not args.db:
        shutil.rmtree(path.parent)


if __name__ == "__main__":
    main()
