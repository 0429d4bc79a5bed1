"""Tags: topics, places, organisations and events, as one custom django-taggit tag."""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords
from taggit.models import NaturalKeyManager, TagBase

from newsroom.links import slug_url
from newsroom.text import CleanTextMixin


class TagQuerySet(models.QuerySet):
    def public(self):
        """Tags on at least one published story (a tag made for an embargoed story stays
        out of every public list until the story is published)."""
        from articles.models import live_article_exists  # articles depends on tags

        taggings = apps.get_model("articles", "TaggedArticle").objects.filter(
            live_article_exists("content_object_id"), tag=OuterRef("pk")
        )
        return self.filter(Exists(taggings))

    def visible_to(self, user):
        """Tags ``user`` may see in the admin: those on no story yet and those on a story
        they may see (``Article.visible_to_q``); as in ``public()``, a tag made for a
        colleague's unpublished story stays hidden."""
        article_model = apps.get_model("articles", "Article")
        stories = article_model.visible_to_q(user, prefix="content_object__")
        if not stories:  # no condition: this user sees every story, so every tag
            return self
        taggings = apps.get_model("articles", "TaggedArticle").objects.filter(tag=OuterRef("pk"))
        return self.filter(~Exists(taggings) | Exists(taggings.filter(stories)))


class TagManager(NaturalKeyManager.from_queryset(TagQuerySet)):
    pass


class Tag(CleanTextMixin, TagBase):
    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        PLACE = "place", "Place"
        ORGANISATION = "organisation", "Organisation"
        EVENT = "event", "Event"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the tag's page."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Haiti" and "haiti" are the same tag; merge_tags folds old duplicates.
            models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("tags:detail", self.slug)
