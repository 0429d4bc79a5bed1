"""Live coverage: a story's short timestamped updates, and the story's live-coverage steps."""

from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.fields import BodyField
from articles.models.images import Image
from articles.models.visibility import live_q, live_story_behind, visible_to_q
from articles.text_format import html_to_text
from newsroom.text import CleanTextMixin
from people.models import Person

# Live updates shown per page of a live story; older ones are a link away.
LIVE_UPDATES_PER_PAGE = 50


class LiveUpdatesPage(NamedTuple):
    """One page of a story's live updates: the pinned one (first page only), then the others
    newest first."""

    pinned: "LiveUpdate | None"
    updates: list
    number: int
    has_next: bool


class LiveCoverageMixin:
    """Article's live-coverage steps and the page of updates its page shows."""

    @property
    def has_live_updates_section(self) -> bool:
        """Covered live now or before: its page shows the updates (read from the row, no
        query, so stories never covered live pay nothing)."""
        return self.live_coverage or self.coverage_started_at is not None

    def live_updates_page(self, number: int = 1) -> LiveUpdatesPage:
        """Page ``number`` of the updates: one query, two on the first page (the pinned one),
        whatever the number of updates."""
        number = max(1, min(number, 10_000))
        updates = self.live_updates.for_page()
        pinned = updates.filter(pinned=True).first() if number == 1 else None
        start = (number - 1) * LIVE_UPDATES_PER_PAGE
        rows = list(updates.filter(pinned=False)[start : start + LIVE_UPDATES_PER_PAGE + 1])
        return LiveUpdatesPage(
            pinned, rows[:LIVE_UPDATES_PER_PAGE], number, len(rows) > LIVE_UPDATES_PER_PAGE
        )

    def start_live_coverage(self, *, at: datetime | None = None) -> None:
        """Run the story as live coverage: a Live badge, updates readers' pages fetch."""
        self.live_coverage = True
        self.coverage_started_at = self.coverage_started_at or at or timezone.now()
        self.coverage_ended_at = None

    def end_live_coverage(self, *, at: datetime | None = None) -> None:
        """Back to a normal story; its updates stay on the page."""
        if self.live_coverage:
            self.live_coverage = False
            self.coverage_ended_at = at or timezone.now()


# An update may be dated this far ahead of the server's clock (a desk clock a little fast);
# any later and it would show before its time.
LIVE_UPDATE_CLOCK_SLACK = timedelta(minutes=2)


class LiveUpdateQuerySet(models.QuerySet):
    def public(self):
        """Updates readers may see: those of a story readers can see (``live_q``)."""
        return self.filter(live_q("article__"))

    def visible_to(self, user):
        """Updates ``user`` may see in the admin: those of stories they may see."""
        return self.filter(visible_to_q(user, prefix="article__"))

    def for_page(self):
        """Newest first, pinned or not, with what each update shows (author, photo)."""
        return self.select_related("author", "photo").order_by("-published_at", "-id")


class LiveUpdate(CleanTextMixin, models.Model):
    """A short timestamped update on a story covered live (newest first on its page)."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="live_updates"
    )
    text = BodyField(
        help_text="A few sentences: what just happened. Links and bold are fine; the same "
        "rules as the story's text apply."
    )
    photo = models.ForeignKey(
        Image,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_updates",
        help_text="Optional. A photo from the library, shown under the text.",
    )
    author = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_updates",
        help_text="Shown as “By …” on the update. Leave empty for an unsigned update.",
    )
    published_at = models.DateTimeField(
        default=timezone.now,
        help_text="The time readers see on the update. Leave it for “now”; set an earlier "
        "time for something that happened a while ago.",
    )
    pinned = models.BooleanField(
        default=False,
        help_text="Keep this update at the top of the story. Pinning one unpins the others.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = LiveUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # The story page and its poll: WHERE article_id = ? ORDER BY published_at DESC, id DESC.
            models.Index(fields=["article", "-published_at", "-id"], name="liveupdate_article_idx"),
        ]

    def __str__(self) -> str:
        return html_to_text(self.text)[:60] or f"Update {self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#update-{self.pk}"

    def clean(self) -> None:
        if self.published_at and self.published_at > timezone.now() + LIVE_UPDATE_CLOCK_SLACK:
            raise ValidationError(
                {"published_at": "An update cannot be dated in the future: readers see it now."}
            )
        if not html_to_text(self.text or "").strip():
            raise ValidationError({"text": "Write the update before saving it."})

    def unpin_others(self) -> None:
        """Unpin the story's other updates (one pinned update per story). A bulk update: the
        save of this one that follows changes the public caches for both."""
        self.article.live_updates.exclude(pk=self.pk).filter(pinned=True).update(pinned=False)

    def pin(self) -> None:
        """Pin this update and unpin the story's others, in one transaction."""
        with transaction.atomic():
            self.unpin_others()
            self.pinned = True
            self.save(update_fields=["pinned"])

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see it on its story while the story is live."""
        return live_story_behind(self, "article")
