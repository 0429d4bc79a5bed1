"""Storylines: the chapters of one long story (the Kenya-led mission in Haiti), in time order.

A storyline's entries are published articles and milestones editors write ("Kenya's High
Court blocks deployment", a date, a short text). An article can belong to several storylines.
Readers see a storyline only when it is published, and in it only the entries whose article
is live (``live_q``): a draft added to a storyline appears nowhere public.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models import Article, Image, TaggedArticle, live_q
from newsroom.db import union_all_values
from newsroom.text import CleanTextMixin
from people.models import Mention


class StorylineQuerySet(models.QuerySet):
    def published(self):
        """Storylines readers may see (a draft storyline answers 404)."""
        return self.filter(status=Storyline.Status.PUBLISHED)


class Storyline(CleanTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the storyline's address: /storylines/this-part/.",
    )
    description = models.TextField(
        blank=True,
        max_length=1000,
        help_text="One or two sentences that tell a newcomer what this story is about.",
    )
    lead_image = models.ForeignKey(
        Image,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_of_storylines",
        help_text="Optional. Shown at the top of the timeline.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Readers see a storyline only once it is published; only its live stories "
        "and milestones are shown.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StorylineQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("storylines:detail", kwargs={"slug": self.slug})

    # Whether readers could see the row when it was read (see readers_may_see_change).
    loaded_published: bool = False

    @classmethod
    def from_db(cls, db, field_names, values):
        storyline = super().from_db(db, field_names, values)
        storyline.loaded_published = storyline.is_published
        return storyline

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def readers_may_see_change(self) -> bool:
        """Saving this row changes public pages: it is published, or was when read
        (newsroom.content_version.changed)."""
        return self.is_published or self.loaded_published

    def timeline(self, *, oldest_first: bool = False):
        """The entries readers may see, in time order."""
        return self.entries.public().in_order(oldest_first=oldest_first).for_timeline()

    def suggestions(self, *, limit: int = 10):
        """Published stories sharing the most people and tags with this storyline's stories,
        not yet in it, newest first among equals: for editors to add with one click."""
        members = self.entries.filter(article__isnull=False).values("article_id")
        tag_ids = TaggedArticle.objects.filter(content_object__in=members).values("tag_id")
        person_ids = Mention.objects.filter(article__in=members, status__in=Mention.VISIBLE).values(
            "person_id"
        )
        shares = models.Q(taggings__tag__in=tag_ids) | models.Q(
            mentions__person__in=person_ids, mentions__status__in=Mention.VISIBLE
        )
        return (
            Article.objects.published()
            .filter(shares)
            .exclude(pk__in=members)
            .annotate(shared=models.Count("pk"))
            .order_by("-shared", "-published_at", "-id")
            .select_related("section")[:limit]
        )

    def add_article(self, article: Article) -> "StorylineEntry":
        """Add a story to the timeline (dated by its publication), or return its entry."""
        entry = self.entries.filter(article=article).first()
        if entry is None:
            entry = StorylineEntry(storyline=self, article=article)
            entry.full_clean()
            entry.save()
        return entry


class StorylineEntryQuerySet(models.QuerySet):
    def public(self):
        """Entries readers may see: milestones, and stories that are live (``live_q``)."""
        return self._milestones_and(live_q("article__"))

    def visible_to(self, user):
        """Entries ``user`` may see in the admin: milestones, and stories they may see
        (``Article.visible_to_q``); an entry naming a colleague's draft stays hidden."""
        return self._milestones_and(Article.visible_to_q(user, "article__"))

    def _milestones_and(self, stories: models.Q):
        # The articles app's rule for stories, applied to the entries that name one.
        if not stories:  # every story: milestones | Q() would keep the milestones only
            return self
        return self.filter(models.Q(article__isnull=True) | stories)

    def in_order(self, *, oldest_first: bool = False):
        """Time order (``id`` breaks ties so pages never overlap)."""
        fields = ["date", "id"] if oldest_first else ["-date", "-id"]
        return self.order_by(*fields)

    def for_timeline(self):
        """Everything a timeline row shows, in one query."""
        return self.select_related("article", "article__section")

    def before(self, entry: "StorylineEntry"):
        """Entries earlier than ``entry`` in its storyline, nearest first."""
        earlier = models.Q(date__lt=entry.date) | models.Q(date=entry.date, id__lt=entry.id)
        return self.filter(earlier, storyline_id=entry.storyline_id).in_order()

    def after(self, entry: "StorylineEntry"):
        """Entries later than ``entry`` in its storyline, nearest first."""
        later = models.Q(date__gt=entry.date) | models.Q(date=entry.date, id__gt=entry.id)
        return self.filter(later, storyline_id=entry.storyline_id).in_order(oldest_first=True)

    def around(self, article: Article, *, nearest: int, storylines: int) -> list:
        """[(storyline, entries)] for the article page's box: in each published storyline
        holding ``article`` (the first ``storylines`` of them), the public entries nearest
        before and after it, in time order. Three queries however many storylines: the
        article's entries, the ids around each (one UNION ALL), the rows."""
        own = list(
            self.filter(article=article, storyline__status=Storyline.Status.PUBLISHED)
            .select_related("storyline")
            .order_by("storyline_id")[:storylines]
        )
        visible = self.public()
        ids = union_all_values(
            [visible.before(entry).values_list("pk")[:nearest] for entry in own]
            + [visible.after(entry).values_list("pk")[:nearest] for entry in own]
        )
        rows = list(self.filter(pk__in=ids).for_timeline()) if ids else []
        boxes = []
        for entry in own:
            chapter = [row for row in rows if row.storyline_id == entry.storyline_id] + [entry]
            chapter.sort(key=lambda row: (row.date, row.id))
            boxes.append((entry.storyline, chapter))
        return boxes


class StorylineEntry(CleanTextMixin, models.Model):
    """One step of a storyline: a story, or a milestone editors write."""

    storyline = models.ForeignKey(Storyline, on_delete=models.CASCADE, related_name="entries")
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="storyline_entries",
        help_text="A story. Readers see it only while it is live. Leave empty for a milestone.",
    )
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="For a milestone, what happened: \u201cKenya\u2019s High Court blocks "
        "deployment\u201d. Leave empty for a story (its headline is shown).",
    )
    text = models.TextField(
        blank=True, max_length=1000, help_text="Optional. One or two sentences for a milestone."
    )
    date = models.DateField(
        blank=True,
        help_text="When it happened. For a story, leave empty to use its publication date.",
    )

    objects = StorylineEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = "entry"
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(
                fields=["storyline", "article"],
                name="storyline_entry_article_uniq",
                violation_error_message="This story is already in the storyline.",
            ),
            models.CheckConstraint(
                condition=models.Q(article__isnull=False) | ~models.Q(title=""),
                name="storyline_entry_story_or_title",
                violation_error_message="Choose a story, or write a title for a milestone.",
            ),
        ]
        indexes = [
            # The timeline: storyline_id = ? ORDER BY date, id (both directions), and the
            # entries just before and after one story (the article page's box).
            models.Index(fields=["storyline", "date", "id"], name="storyline_entry_timeline_idx"),
        ]

    def __str__(self) -> str:
        return self.title or str(self.article)

    @property
    def headline(self) -> str:
        """What the timeline shows: the milestone's title, or the story's headline."""
        return self.title or (self.article.headline if self.article_id else "")

    @property
    def readers_may_see_change(self) -> bool:
        """Saving this row changes public pages: its storyline is published and it is a
        milestone or a live story (a draft added to a storyline changes nothing public)."""
        storyline_public = self.storyline.readers_may_see_change
        return storyline_public and (self.article_id is None or self.article.is_live)

    def clean(self) -> None:
        if self.article_id is None and not self.title.strip():
            raise ValidationError({"title": "Choose a story, or write a title for a milestone."})
        if self.date is None:
            if self.article_id is None:
                raise ValidationError({"date": "Give the date of the milestone."})
            self.date = self.date_of(self.article)

    @staticmethod
    def date_of(article: Article) -> dt.date:
        """A story's date on a timeline: the day it was (or will be) published."""
        return timezone.localdate(article.published_at or timezone.now())
