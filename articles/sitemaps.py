"""Sitemaps for search engines, with absolute URLs from settings.SITE_URL.

``/sitemap.xml`` is an index of paginated sitemaps (50,000 URLs at most per file, as the
protocol requires); ``/news-sitemap.xml`` lists the last 48 hours for Google News.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section
from people.models import Person
from tags.models import Tag


class SiteUrlSitemap(Sitemap):
    """Domain and protocol from SITE_URL, never from the request's Host header."""

    limit = 2000

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.published().newest_first().only("slug", "published_at", "revised_at")

    def lastmod(self, item: Article):
        return item.revised_at or item.published_at


class SectionSitemap(SiteUrlSitemap):
    changefreq = "hourly"

    def items(self):
        return Section.objects.all()


class TagSitemap(SiteUrlSitemap):
    def items(self):
        return Tag.objects.public().order_by("slug")


class PersonSitemap(SiteUrlSitemap):
    def items(self):
        return Person.objects.public().order_by("slug")


class StaticSitemap(SiteUrlSitemap):
    def items(self):
        return [
            "articles:front",
            "articles:list",
            "people:index",
            "tags:index",
            "articles:corrections",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "people": PersonSitemap,
    "pages": StaticSitemap,
}

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def news_items():
    """Stories published in the last 48 hours, at most 1,000 (Google News' limits)."""
    since = timezone.now() - NEWS_WINDOW
    return list(
        Article.objects.published()
        .filter(published_at__gte=since)
        .newest_first()
        .prefetch_related("tags")[:NEWS_LIMIT]
    )
