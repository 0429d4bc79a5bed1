"""A storyline's feed: its newest live stories and milestones (RSS 2.0), URLs from SITE_URL."""

from datetime import datetime, time

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils import timezone

from articles.feeds import FEED_SIZE, LatestFeed, absolute
from storylines.models import Storyline, StorylineEntry


class StorylineFeed(LatestFeed):
    url_name = "storylines:feed"

    def get_object(self, request, slug):
        return get_object_or_404(Storyline.objects.published(), slug=slug)

    def url_kwargs(self, obj) -> dict:
        return {"slug": obj.slug}

    def title(self, obj) -> str:
        return f"{settings.SITE_NAME}: {obj.title}"

    def description(self, obj) -> str:
        return obj.description or f"The latest in “{obj.title}” from {settings.SITE_NAME}."

    def link(self, obj) -> str:
        return absolute(obj.get_absolute_url())

    def items(self, obj):
        return obj.timeline().select_related("storyline")[:FEED_SIZE]

    def item_title(self, item: StorylineEntry) -> str:
        return item.headline

    def item_description(self, item: StorylineEntry) -> str:
        return item.article.description if item.article_id else item.text

    def _path(self, item: StorylineEntry) -> str:
        if item.article_id:
            return item.article.get_absolute_url()
        return f"{item.storyline.get_absolute_url()}#entry-{item.pk}"

    def item_link(self, item: StorylineEntry) -> str:
        return absolute(self._path(item))

    def item_guid(self, item: StorylineEntry) -> str:
        return absolute(self._path(item))

    def item_pubdate(self, item: StorylineEntry):
        if item.article_id:
            return item.article.published_at
        return timezone.make_aware(datetime.combine(item.date, time.min))

    def item_updateddate(self, item: StorylineEntry):
        if item.article_id:
            return item.article.revised_at or item.article.published_at
        return self.item_pubdate(item)

    def item_author_name(self, item: StorylineEntry) -> str:
        return ""

    def item_categories(self, item: StorylineEntry):
        section = item.article.section if item.article_id else None
        return [section.name] if section else []
