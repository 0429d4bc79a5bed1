"""Curation: what editors put on top of the front page and the section fronts (pins), and
the related stories they pick by hand."""

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models.sections import Section
from articles.models.visibility import live_q, live_story_behind

if TYPE_CHECKING:  # the queryset, and so the model, imports this module
    from articles.models.article import Article


# Position 0 is the lead; 1 to TOP_STORIES are the top stories under it.
TOP_STORIES = 6


class PinQuerySet(models.QuerySet):
    def in_force(self, *, at: datetime | None = None):
        """Pins still running (no end time, or one ahead) on stories readers can see: a pinned
        story that is unpublished, expired or not yet live simply drops out, at query time."""
        now = at or timezone.now()
        running = models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        # EXISTS by primary key, so the few pins drive the query: joined, SQLite without
        # statistics walked every published story looking for pins (170 ms at 100,000).
        stories = self.model._meta.get_field("article").related_model
        story_is_live = stories.objects.filter(live_q(at=now), pk=models.OuterRef("article_id"))
        return self.filter(running, models.Exists(story_is_live))

    def on(self, section: Section | None):
        """The pins of one section front, or of the front page when ``section`` is None."""
        return self.filter(section=section) if section else self.filter(section__isnull=True)

    def next_end(self) -> datetime | None:
        """The next moment a pin runs out by itself (cached pages are stale from then on)."""
        return self.filter(ends_at__gt=timezone.now()).aggregate(at=models.Min("ends_at"))["at"]


class Pin(models.Model):
    """An editor's choice for the top of the front page or of a section front. When it ends
    (or its story stops being live) the automatic order, newest first, takes its place."""

    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pins",
        help_text="Leave empty for the front page; choose a section for that section's page.",
    )
    position = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(TOP_STORIES)],
        help_text=f"0 is the lead story; 1 to {TOP_STORIES} are the top stories under it, "
        "in this order.",
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="pins",
        help_text="Only a live story is shown: a draft or scheduled story waits here until it "
        "is published.",
    )
    ends_at = models.DateTimeField(
        "ends",
        null=True,
        blank=True,
        help_text="Optional. At this time the pin stops by itself and the newest stories take "
        "the place again. Leave empty to keep it until you remove it.",
    )

    objects = PinQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["section__order", "section__name", "position"]
        constraints = [
            # NULL sections are distinct in a plain unique constraint: the front page gets its own.
            models.UniqueConstraint(
                fields=["position"],
                condition=models.Q(section__isnull=True),
                name="pin_front_position_uniq",
                violation_error_message="The front page already has a pin at this position.",
            ),
            models.UniqueConstraint(
                fields=["section", "position"],
                name="pin_section_position_uniq",
                violation_error_message="This section already has a pin at this position.",
            ),
        ]

    def __str__(self) -> str:
        place = self.section.name if self.section_id else "Front page"
        slot = "lead" if self.position == 0 else f"top story {self.position}"
        return f"{place}, {slot}: {self.article}"

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see a pin (the front page's order) while its story is live."""
        return live_story_behind(self, "article")

    @property
    def has_ended(self) -> bool:
        return self.ends_at is not None and self.ends_at <= timezone.now()


class FrontPage(NamedTuple):
    lead: "Article | None"
    top: list
    sections: list  # [(section, [articles])], sections with no story left out


class RelatedStory(models.Model):
    """A related story an editor chose for ``article``; shown before the automatic ones."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="related_picks"
    )
    related = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="picked_as_related",
        help_text="Shown under the story while it is live; the automatic suggestions fill the "
        "remaining places.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "hand-picked related story"
        verbose_name_plural = "hand-picked related stories"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"],
                name="related_story_uniq",
                violation_error_message="This story is already in the list.",
            ),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")),
                name="related_story_not_itself",
                violation_error_message="A story cannot be related to itself.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.related)

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see a hand-picked related story on a live story's page."""
        return live_story_behind(self, "article", "related")
