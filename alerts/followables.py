"""What a reader can follow, and which followed things a story is about.

One entry per kind. A kind names the model readers follow (``public()``: only what readers may
already see can be followed) and, for a story, the ids of the things of that kind it is about
(``targets``). Adding a kind (a storyline, say) is one ``Followable`` here plus one choice in
``Follow.Kind``: follows store ``(kind, target_id)``, so no new column or constraint is needed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from alerts.models import Newsletter
from articles.models import Article, Byline, Section, TaggedArticle, live_article_exists
from articles.tagging import public_tags
from people.models import Mention, Person
from storylines.models import Storyline, StorylineEntry


@dataclass(frozen=True)
class Followable:
    kind: str
    # What the reader sees: "stories that mention William Ruto".
    describe: Callable[[models.Model], str]
    # Objects readers may follow (and therefore already see on the site).
    public: Callable[[], models.QuerySet]
    # For a queryset of stories: (story id, target id) pairs of this kind.
    targets: Callable[[models.QuerySet], models.QuerySet]


def _authors():
    bylined = Byline.objects.filter(live_article_exists("article_id"), person=models.OuterRef("pk"))
    return Person.objects.filter(models.Exists(bylined))


FOLLOWABLES = {
    f.kind: f
    for f in (
        Followable(
            kind="person",
            describe=lambda person: f"stories that mention {person}",
            public=lambda: Person.objects.public(),
            # Rejected mentions do not count; a different person of the same name is a
            # different Person row, so "only names a different Ruto" never matches.
            targets=lambda stories: Mention.objects.filter(
                article__in=stories, status__in=Mention.VISIBLE
            ).values_list("article_id", "person_id"),
        ),
        Followable(
            kind="author",
            describe=lambda person: f"stories by {person}",
            public=_authors,
            targets=lambda stories: Byline.objects.filter(article__in=stories).values_list(
                "article_id", "person_id"
            ),
        ),
        Followable(
            kind="tag",
            describe=lambda tag: f"stories about {tag}",
            public=public_tags,
            targets=lambda stories: TaggedArticle.objects.filter(
                content_object__in=stories
            ).values_list("content_object_id", "tag_id"),
        ),
        Followable(
            kind="section",
            describe=lambda section: f"stories in {section}",
            public=lambda: Section.objects.all(),
            targets=lambda stories: Article.objects.filter(pk__in=stories).values_list(
                "pk", "section_id"
            ),
        ),
        Followable(
            kind="storyline",
            describe=lambda storyline: f"new stories in “{storyline}”",
            public=lambda: Storyline.objects.published(),
            targets=lambda stories: StorylineEntry.objects.filter(
                article__in=stories, storyline__status=Storyline.Status.PUBLISHED
            ).values_list("article_id", "storyline_id"),
        ),
        # Newsletters go out on their own schedule: no story alerts them (no targets).
        Followable(
            kind="newsletter",
            describe=lambda newsletter: f"the {newsletter} newsletter",
            public=lambda: Newsletter.objects.active(),
            targets=lambda stories: Newsletter.objects.none().values_list("pk", "pk"),
        ),
    )
}
