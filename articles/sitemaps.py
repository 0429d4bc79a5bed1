"""Sitemaps for search engines, with absolute URLs from settings.SITE_URL.

``/sitemap.xml`` is an index of paginated sitemaps (``sitemap-<section>.xml?p=N``, at most
``PAGE_SIZE`` URLs each); ``/news-sitemap.xml`` lists the last 48 hours for Google News.
The XML is written directly from ``values_list`` rows: a page of 5,000 URLs costs one indexed
query and a string join, not 5,000 model instances and template nodes. Every count and page
comes from rows readers can see, so the index says nothing about unpublished work (a sitemap
paged by id blocks would show how many drafts lie between two published stories).
"""

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Section
from articles.tagging import public_tags
from people.models import Person

PAGE_SIZE = 5000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
STATIC_PAGES = [
    "articles:front",
    "articles:list",
    "people:index",
    "tags:index",
    "articles:corrections",
    "storylines:index",
]


@dataclass(frozen=True)
class SitemapSection:
    # The rows of page N (1-based), in a stable order.
    page_rows: Callable[[int], Iterable[tuple]]
    # (path, last modified or None) for one row.
    entry: Callable[[tuple], tuple[str, datetime | None]]
    # The number of rows readers can see (it decides how many pages the index lists).
    size: Callable[[], int]
    changefreq: str = ""


def _by_offset(rows: Callable[[], Sequence]) -> Callable[[int], Iterable[tuple]]:
    """Pages of a small table (people, tags, sections) by offset."""
    return lambda page: rows()[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


def _article_page(page: int) -> Iterable[tuple]:
    # Page N holds the Nth block of PAGE_SIZE live stories, oldest publication first (new
    # stories land on the last page). One statement: the subquery's OFFSET walks ids only,
    # on the published-stories index; the rows shown are then read by primary key.
    ids = (
        Article.objects.published()
        .order_by("published_at", "pk")
        .values("pk")[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    )
    return (
        Article.objects.filter(pk__in=ids)
        .order_by("published_at", "pk")
        .values_list("slug", "published_at", "revised_at")
    )


def _slug_rows(queryset) -> Callable[[], Sequence]:
    return lambda: queryset().order_by("slug").values_list("slug")


SECTIONS: dict[str, SitemapSection] = {
    "articles": SitemapSection(
        page_rows=_article_page,
        entry=lambda row: (f"/articles/{row[0]}/", row[2] or row[1]),
        size=lambda: Article.objects.published().count(),
        changefreq="daily",
    ),
    "sections": SitemapSection(
        page_rows=_by_offset(_slug_rows(Section.objects.all)),
        entry=lambda row: (f"/sections/{row[0]}/", None),
        size=lambda: Section.objects.count(),
        changefreq="hourly",
    ),
    "tags": SitemapSection(
        page_rows=_by_offset(_slug_rows(public_tags)),
        entry=lambda row: (f"/tags/{row[0]}/", None),
        size=lambda: public_tags().count(),
    ),
    "people": SitemapSection(
        page_rows=_by_offset(_slug_rows(Person.objects.public)),
        entry=lambda row: (f"/people/{row[0]}/", None),
        size=lambda: Person.objects.public().count(),
    ),
    "pages": SitemapSection(
        page_rows=_by_offset(lambda: [(name,) for name in STATIC_PAGES]),
        entry=lambda row: (reverse(row[0]), None),
        size=lambda: len(STATIC_PAGES),
    ),
}


def register(name: str, section: SitemapSection) -> None:
    """Add a sitemap section from an app that depends on ``articles`` (storylines), which
    this module may not import."""
    SECTIONS[name] = section


def index_entries() -> list[str]:
    """Absolute URLs of every sitemap page."""
    entries = []
    for name, section in SECTIONS.items():
        path = reverse("sitemap_section", kwargs={"section": name})
        pages = max(1, math.ceil(section.size() / PAGE_SIZE))
        entries += [
            settings.SITE_URL + path + (f"?p={page}" if page > 1 else "")
            for page in range(1, pages + 1)
        ]
    return entries


def section_xml(name: str, page: int) -> str | None:
    """One sitemap page as XML, or None for an unknown section or a page past the end (the
    first page of an empty section is an empty sitemap). No count: the page's rows tell."""
    section = SECTIONS.get(name)
    if section is None or page < 1:
        return None
    rows = list(section.page_rows(page))
    if not rows and page > 1:
        return None
    lines = []
    for row in rows:
        path, modified = section.entry(row)
        entry = f"<url><loc>{escape(settings.SITE_URL + path)}</loc>"
        if modified:
            entry += f"<lastmod>{modified.date().isoformat()}</lastmod>"
        if section.changefreq:
            entry += f"<changefreq>{section.changefreq}</changefreq>"
        lines.append(entry + "</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(lines)
        + "\n</urlset>\n"
    )


def news_items():
    """Stories published in the last 48 hours, at most 1,000 (Google News' limits)."""
    since = timezone.now() - NEWS_WINDOW
    return list(
        Article.objects.published()
        .filter(published_at__gte=since)
        .newest_first()
        .only("slug", "headline", "published_at")[:NEWS_LIMIT]
    )
