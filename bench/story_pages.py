"""The rows behind the bench's storyline and live-story pages (issue 18), and where they are.

The importer brings stories only; a storyline with 500 entries and a story covered live with
1,000 updates are added here after the import, through the models' own methods
(``Storyline.add_article``, ``full_clean()`` then ``save()``, ``LiveUpdate.pin``), so the rows
are what editors' work would leave. ``ensure()`` is idempotent: a second run finds them and
writes nothing. ``find()`` is what ``bench/probe.py`` measures.

* the storyline: ``bench-storyline``, published, 400 stories spread evenly over the archive
  and 100 dated milestones between them (one after every fourth story);
* the live story: the newest published story, its live coverage running, 1,000 updates a
  minute apart signed by its first author, one of them pinned.

Neither holds the middle story of the archive, which the bench's article row measures
(``middle_story_slug``): that row stays an ordinary story.

    .venv/bin/python bench/story_pages.py --out bench/results/raw/story-pages.json
    (with the bench environment: DJANGO_SETTINGS_MODULE=bench.settings, DATABASE_URL)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Byline, LiveUpdate  # noqa: E402
from newsroom import content_version  # noqa: E402
from storylines.models import Storyline, StorylineEntry  # noqa: E402

STORYLINE_SLUG = "bench-storyline"
STORYLINE_ARTICLES = 400
MILESTONE_EVERY = 4  # a milestone after every fourth story: 100 milestones, 500 entries
STORYLINE_ENTRIES = STORYLINE_ARTICLES + STORYLINE_ARTICLES // MILESTONE_EVERY
LIVE_UPDATES = 1000
PINNED_UPDATE = 100  # the 100th update is pinned: an old one, kept at the top
UPDATE_GAP = timedelta(minutes=1)


def middle_story_slug() -> str:
    """The story in the middle of the archive, newest first: the bench's article row."""
    published = Article.objects.published()
    return published.newest_first().values_list("slug", flat=True)[published.count() // 2]


def live_story() -> Article | None:
    """The story with the most live updates (the bench adds no other)."""
    return (
        Article.objects.published()
        .filter(live_updates__isnull=False)
        .annotate(updates=Count("live_updates"))
        .order_by("-updates", "-id")
        .first()
    )


def find() -> dict[str, str]:
    """Slugs of the bench's storyline and live story ({} for those the database lacks)."""
    found = {}
    if Storyline.objects.published().filter(slug=STORYLINE_SLUG).exists():
        found["storyline"] = STORYLINE_SLUG
    if story := live_story():
        found["live"] = story.slug
    return found


def ensure() -> dict:
    """Add what is missing of the storyline and the live story; returns what the database
    holds (slugs and counts) and what this call wrote."""
    started = time.monotonic()
    with content_version.batched(), transaction.atomic():
        storyline, added_entries = ensure_storyline()
        story, added_updates = ensure_live_story()
    return {
        "storyline": {
            "slug": storyline.slug,
            "entries": storyline.entries.count(),
            "milestones": storyline.entries.filter(article__isnull=True).count(),
        },
        "live": {
            "slug": story.slug,
            "updates": story.live_updates.count(),
            "pinned": story.live_updates.filter(pinned=True).count(),
        },
        "added": {"entries": added_entries, "updates": added_updates},
        "seconds": round(time.monotonic() - started, 1),
    }


def ensure_storyline() -> tuple[Storyline, int]:
    """The published storyline with its stories and milestones; (it, entries added)."""
    storyline = Storyline.objects.filter(slug=STORYLINE_SLUG).first()
    if storyline is None:
        storyline = Storyline(
            slug=STORYLINE_SLUG,
            title="The bench storyline",
            description="Five hundred chapters of one long story, for the benchmark.",
            status=Storyline.Status.PUBLISHED,
        )
        storyline.full_clean()
        storyline.save()
    before = storyline.entries.count()
    if before >= STORYLINE_ENTRIES:
        return storyline, 0
    milestones = set(storyline.entries.filter(article__isnull=True).values_list("title", flat=True))
    for number, article in enumerate(storyline_members(), start=1):
        storyline.add_article(article)  # returns the existing entry on a re-run
        if number % MILESTONE_EVERY:
            continue
        title = f"Milestone {number // MILESTONE_EVERY}: the story takes a turn"
        if title in milestones:
            continue
        milestone = StorylineEntry(
            storyline=storyline,
            title=title,
            text="What happened between the stories before and after this one.",
            date=StorylineEntry.date_of(article),
        )
        milestone.full_clean()
        milestone.save()
    return storyline, storyline.entries.count() - before


def storyline_members() -> list[Article]:
    """400 published stories spread evenly over the archive, oldest first, leaving out the
    article row's story and the live story."""
    leave_out = [middle_story_slug(), newest_story().slug]
    ids = list(
        Article.objects.published()
        .exclude(slug__in=leave_out)
        .order_by("published_at", "id")
        .values_list("pk", flat=True)
    )
    step = max(1, len(ids) // STORYLINE_ARTICLES)
    chosen = ids[step // 2 :: step][:STORYLINE_ARTICLES]
    by_id = Article.objects.in_bulk(chosen)
    return [by_id[pk] for pk in chosen]


def newest_story() -> Article:
    return Article.objects.published().newest_first().first()


def ensure_live_story() -> tuple[Article, int]:
    """The newest story covered live with its updates, one pinned; (it, updates added)."""
    story = live_story() or newest_story()
    if not story.live_coverage:
        story.start_live_coverage(at=story.published_at + timedelta(hours=1))
        story.full_clean()
        story.save(update_fields=["live_coverage", "coverage_started_at", "coverage_ended_at"])
    before = story.live_updates.count()
    byline = Byline.objects.filter(article=story).select_related("person").first()
    latest = timezone.now()
    for number in range(before + 1, LIVE_UPDATES + 1):
        update = LiveUpdate(
            article=story,
            text=f"<p>Update {number}: what our reporters saw in the last minute, in two "
            "sentences. <strong>More soon.</strong></p>",
            author=byline.person if byline else None,
            published_at=min(story.coverage_started_at + number * UPDATE_GAP, latest),
        )
        update.full_clean()
        update.save()
    if not story.live_updates.filter(pinned=True).exists():
        story.live_updates.order_by("published_at", "id")[PINNED_UPDATE - 1].pin()
    return story, LIVE_UPDATES - min(before, LIVE_UPDATES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    result = ensure()
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps(result), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
