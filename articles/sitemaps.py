"""Sitemaps for search engines, with absolute URLs from settings.SITE_URL.

``/sitemap.xml`` is an index of paginated sitemaps (``sitemap-<section>.xml?p=N``, at most
``PAGE_SIZE`` URLs each); ``/news-sitemap.xml`` lists the last 48 hours for Google News.
The XML is written directly from ``values_list`` rows: a page of 5,000 URLs costs one indexed
query and a string join, not 5,000 model instances and template nodes.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Section
from people.models import Person
from tags.models import Tag

PAGE_SIZE = 5000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000
STATIC_PAGES = [
    "articles:front",
    "articles:list",
    "people:index",
    "tags:index",
    "articles:corrections",
]


@dataclass(frozen=True)
class SitemapSection:
    # A sliceable sequence of rows (a values_list queryset or a list), in a stable order.
    rows: Callable[[], Sequence]
    # (path, last modified or None) for one row.
    entry: Callable[[tuple], tuple[str, datetime | None]]
    # An upper bound of the number of URLs, cheap to compute (pages past the end are empty).
    size: Callable[[], int]
    changefreq: str = ""


def _slug_rows(queryset) -> Callable[[], Sequence]:
    return lambda: queryset().order_by("slug").values_list("slug")


SECTIONS: dict[str, SitemapSection] = {
    "articles": SitemapSection(
        rows=lambda: (
            Article.objects.published()
            .newest_first()
            .values_list("slug", "published_at", "revised_at")
        ),
        entry=lambda row: (f"/articles/{row[0]}/", row[2] or row[1]),
        size=lambda: Article.objects.published().count(),
        changefreq="daily",
    ),
    "sections": SitemapSection(
        rows=_slug_rows(Section.objects.all),
        entry=lambda row: (f"/sections/{row[0]}/", None),
        size=lambda: Section.objects.count(),
        changefreq="hourly",
    ),
    "tags": SitemapSection(
        rows=_slug_rows(Tag.objects.public),
        entry=lambda row: (f"/tags/{row[0]}/", None),
        size=lambda: Tag.objects.count(),
    ),
    "people": SitemapSection(
        rows=_slug_rows(Person.objects.public),
        entry=lambda row: (f"/people/{row[0]}/", None),
        size=lambda: Person.objects.count(),
    ),
    "pages": SitemapSection(
        rows=lambda: [(name,) for name in STATIC_PAGES],
        entry=lambda row: (reverse(row[0]), None),
        size=lambda: len(STATIC_PAGES),
    ),
}


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
    """One sitemap page as XML, or None for an unknown section or a page past the end."""
    section = SECTIONS.get(name)
    if section is None or page < 1:
        return None
    start = (page - 1) * PAGE_SIZE
    lines = []
    for row in section.rows()[start : start + PAGE_SIZE]:
        path, modified = section.entry(row)
        entry = f"<url><loc>{escape(settings.SITE_URL + path)}</loc>"
        if modified:
            entry += f"<lastmod>{modified.date().isoformat()}</lastmod>"
        if section.changefreq:
            entry += f"<changefreq>{section.changefreq}</changefreq>"
        lines.append(entry + "</url>")
    if not lines and page > 1:
        return None
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
