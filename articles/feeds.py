"""RSS 2.0 and Atom feeds: the latest stories, and one per section, tag, person and author.

Every URL in a feed is absolute and built from ``settings.SITE_URL``, never from the request's
Host header. Items come from ``Article.objects.published()`` only.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles.models import Article, Section
from articles.tagging import public_tags
from people.models import Person

FEED_SIZE = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class LatestFeed(Feed):
    feed_type = Rss201rev2Feed
    description_template = None
    language = "en"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed writer appends ~1,400 small pieces; the server would send each one apart.
        response.content = response.content
        return response

    def title(self, obj=None) -> str:
        return f"{settings.SITE_NAME}: latest stories"

    def description(self, obj=None) -> str:
        return f"The latest stories from {settings.SITE_NAME}."

    def link(self, obj=None) -> str:
        return absolute(reverse("articles:list"))

    def feed_url(self, obj=None) -> str:
        return absolute(reverse(self.url_name, kwargs=self.url_kwargs(obj)))

    url_name = "articles:feed_latest"

    def url_kwargs(self, obj) -> dict:
        return {}

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        return (
            self.articles(obj)
            .newest_first()
            .select_related("section")
            .prefetch_related("bylines__person", "tags")[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.description

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.revised_at or item.published_at

    def item_author_name(self, item: Article) -> str:
        return ", ".join(b.person.name for b in item.bylines.all() if b.role == "by")

    def item_categories(self, item: Article):
        names = [tag.name for tag in item.tags.all()]
        if item.section:
            names.insert(0, item.section.name)
        return names


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed
    subtitle = LatestFeed.description
    url_name = "articles:feed_latest_atom"


class SectionFeed(LatestFeed):
    url_name = "articles:feed_section"

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def url_kwargs(self, obj) -> dict:
        return {"slug": obj.slug}

    def title(self, obj) -> str:
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj) -> str:
        return f"The latest {obj.name} stories from {settings.SITE_NAME}."

    def link(self, obj) -> str:
        return absolute(obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published().filter(section=obj)


class TagFeed(SectionFeed):
    url_name = "articles:feed_tag"

    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def description(self, obj) -> str:
        return f"Stories about {obj.name} from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published().tagged(obj)


class PersonFeed(SectionFeed):
    url_name = "articles:feed_person"

    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.public(), slug=slug)

    def description(self, obj) -> str:
        return f"Stories that mention {obj.name}, from {settings.SITE_NAME}."

    def articles(self, obj):
        return Article.objects.published().mentioning(obj)


class AuthorFeed(SectionFeed):
    url_name = "articles:feed_author"

    def get_object(self, request, slug):
        person = get_object_or_404(Person, slug=slug)
        if not Article.objects.published().by_author(person).exists():
            raise Http404("No published stories by this person.")
        return person

    def title(self, obj) -> str:
        return f"{settings.SITE_NAME}: stories by {obj.name}"

    def description(self, obj) -> str:
        return f"Stories by {obj.name} for {settings.SITE_NAME}."

    def link(self, obj) -> str:
        return absolute(reverse("articles:author", kwargs={"slug": obj.slug}))

    def articles(self, obj):
        return Article.objects.published().by_author(obj)
