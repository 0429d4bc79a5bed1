"""Readers who follow people, topics, sections and authors by email, and what was sent them.

Addresses are stored for this and nothing else (SECURITY.md, "Alerts"): a Subscriber row exists
only once its owner clicked the confirmation link, and deleting it deletes everything about them.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from articles.models import Article, Section
from people.models import Mention, Person
from tags.models import Tag

# A hard bounce (the server refused the address) this many times disables the address.
HARD_BOUNCE_LIMIT = 3
# A temporary failure is retried this many times, waiting 2, 4, 8, ... minutes.
MAX_ATTEMPTS = 6


def new_key() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet):
    def active(self):
        """Confirmed, not disabled by bounces: the addresses mail may go to."""
        return self.filter(confirmed_at__isnull=False, disabled_at__isnull=True)


class Subscriber(models.Model):
    class Frequency(models.TextChoices):
        INSTANT = "instant", "As soon as a story is published"
        DAILY = "daily", "One email a day (daily digest)"

    email = models.EmailField(unique=True, help_text="Stored in lower case.")
    # The secret in this subscriber's signed links: replacing it revokes every link sent so far.
    key = models.CharField(max_length=40, default=new_key, editable=False)
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_at = models.DateTimeField(
        null=True, blank=True, help_text="Set after repeated hard bounces: no mail goes out."
    )
    hard_bounces = models.PositiveSmallIntegerField(default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email

    def record_hard_bounce(self, *, at=None) -> None:
        """Count a refused address; past ``HARD_BOUNCE_LIMIT`` stop sending to it."""
        self.hard_bounces = models.F("hard_bounces") + 1
        self.save(update_fields=["hard_bounces"])
        self.refresh_from_db(fields=["hard_bounces"])
        if self.hard_bounces >= HARD_BOUNCE_LIMIT and not self.disabled_at:
            self.disabled_at = at or timezone.now()
            self.save(update_fields=["disabled_at"])

    def export(self) -> dict:
        """Everything stored about this subscriber, for them or the operator (JSON-ready)."""
        return {
            "email": self.email,
            "frequency": self.frequency,
            "created_at": self.created_at.isoformat(),
            "confirmed_at": self.confirmed_at.isoformat() if self.confirmed_at else None,
            "disabled_at": self.disabled_at.isoformat() if self.disabled_at else None,
            "hard_bounces": self.hard_bounces,
            "follows": [
                {"kind": f.kind, "target_id": f.target_id, "since": f.created_at.isoformat()}
                for f in self.follows.all()
            ],
            "emails_sent": [
                {
                    "story": d.article.get_absolute_url() if d.article else None,
                    "digest_day": d.digest_day.isoformat() if d.digest_day else None,
                    "newsletter": str(d.issue) if d.issue else None,
                    "status": d.status,
                    "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                }
                for d in self.deliveries.select_related("article", "issue__newsletter")
            ],
        }


class Follow(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person mentioned"
        AUTHOR = "author", "Author"
        TAG = "tag", "Topic"
        SECTION = "section", "Section"
        STORYLINE = "storyline", "Storyline"
        NEWSLETTER = "newsletter", "Newsletter"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The followed object's id in the model ``alerts.followables.FOLLOWABLES[kind]`` names.
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "kind", "target_id"], name="follow_once")
        ]
        # Fan-out: the followers of the things a new story is about.
        indexes = [models.Index(fields=["kind", "target_id"], name="follow_target_idx")]

    def __str__(self) -> str:
        return f"{self.subscriber} follows {self.kind} {self.target_id}"


class NewsletterQuerySet(models.QuerySet):
    def active(self):
        """Newsletters readers may subscribe to, and that are sent."""
        return self.filter(is_active=True)


class Newsletter(models.Model):
    """An edition sent on a schedule to its subscribers, with stories chosen by a rule."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Every day"
        WEEKLY = "weekly", "Once a week"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    name = models.CharField(max_length=100, unique=True, help_text='e.g. "Morning briefing".')
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences on the newsletters page."
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop sending it and hide it from readers."
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    send_time = models.TimeField(help_text="Local time it goes out, e.g. 06:30.")
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices,
        null=True,
        blank=True,
        help_text="For a weekly newsletter: the day it goes out.",
    )
    sections = models.ManyToManyField(
        Section, blank=True, related_name="+", help_text="Stories in these sections..."
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="+", help_text="...or on these topics..."
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="+", help_text="...or mentioning these people."
    )
    picked_articles = models.ManyToManyField(
        Article,
        blank=True,
        related_name="+",
        help_text="Chosen by hand: in the next edition once readers can see them.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = NewsletterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.frequency == self.Frequency.WEEKLY and self.weekday is None:
            raise ValidationError({"weekday": "Choose the day a weekly newsletter goes out."})

    @property
    def period(self) -> timedelta:
        return timedelta(days=7 if self.frequency == self.Frequency.WEEKLY else 1)

    def is_due_on(self, day) -> bool:
        """Whether an edition goes out on ``day`` (a local date)."""
        return self.frequency == self.Frequency.DAILY or day.weekday() == self.weekday

    def stories(self, *, until):
        """The stories of an edition going out at ``until``: live stories that went live in
        the period before it and match the rule (section, topic or person), and the
        hand-picked ones readers can see. Oldest first."""
        rule = models.Q(pk__in=self.picked_articles.values("pk"))
        rule |= models.Q(
            section__in=self.sections.all(), alert_job__went_live_at__gt=until - self.period
        )
        rule |= models.Q(
            pk__in=Article.objects.filter(tags__in=self.tags.all()).values("pk"),
            alert_job__went_live_at__gt=until - self.period,
        )
        rule |= models.Q(
            mentions__person__in=self.people.all(),
            mentions__status__in=Mention.VISIBLE,
            alert_job__went_live_at__gt=until - self.period,
        )
        return (
            Article.objects.published(at=until)
            .filter(rule)
            .distinct()
            .prefetch_related("bylines__person")
            .order_by("published_at", "pk")
        )

    # Listed on /newsletters/: any save or delete changes public pages
    # (newsroom.content_version.changed).
    readers_may_see_change = True


class NewsletterIssue(models.Model):
    """One edition of a newsletter, on one day: its stories are fixed when it is made."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="issues")
    day = models.DateField()
    articles = models.ManyToManyField(Article, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "day"], name="newsletter_issue_once")
        ]

    def __str__(self) -> str:
        return f"{self.newsletter}, {self.day}"


class AlertJob(models.Model):
    """One per story that went live: the record that its alert was (or is being) sent."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="alert_job")
    went_live_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set once every matching subscriber has a Delivery row.
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-went_live_at"]

    def __str__(self) -> str:
        return f"Alert for {self.article}"


class DeliveryQuerySet(models.QuerySet):
    def due(self, *, at=None):
        """Waiting to be sent, and their (retry) time has come; oldest first."""
        return self.filter(
            status=Delivery.Status.PENDING, next_attempt_at__lte=at or timezone.now()
        ).order_by("next_attempt_at", "id")


class Delivery(models.Model):
    """One email to one subscriber: an alert for one story, or one day's digest.

    The unique constraints make sending idempotent: a story is delivered to an address once,
    a day's digest once, however often the fan-out runs or a worker restarts.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not needed any more"
        FAILED = "failed", "Failed"
        # Interrupted between handing the message to the mail server and recording it: not
        # sent again, so an address never gets a story twice.
        UNKNOWN = "unknown", "Interrupted (not resent)"

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    digest_day = models.DateField(null=True, blank=True)
    issue = models.ForeignKey(
        NewsletterIssue, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "subscriber"],
                condition=models.Q(article__isnull=False),
                name="delivery_story_once",
            ),
            models.UniqueConstraint(
                fields=["digest_day", "subscriber"],
                condition=models.Q(digest_day__isnull=False),
                name="delivery_digest_once",
            ),
            models.UniqueConstraint(
                fields=["issue", "subscriber"],
                condition=models.Q(issue__isnull=False),
                name="delivery_issue_once",
            ),
            # Exactly one of: a story alert, a digest day, a newsletter edition.
            models.CheckConstraint(
                condition=(
                    models.Q(article__isnull=False, digest_day__isnull=True, issue__isnull=True)
                    | models.Q(article__isnull=True, digest_day__isnull=False, issue__isnull=True)
                    | models.Q(article__isnull=True, digest_day__isnull=True, issue__isnull=False)
                ),
                name="delivery_one_kind",
            ),
        ]
        # DeliveryQuerySet.due(); and the per-minute budget (sent in the last minute).
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["sent_at"], name="delivery_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article or self.issue or self.digest_day} to {self.subscriber}"

    def retry_later(self, error: str, *, at=None) -> None:
        """A temporary failure: try again after 2, 4, 8, ... minutes, then give up."""
        now = at or timezone.now()
        self.attempts += 1
        self.error = error[:500]
        if self.attempts >= MAX_ATTEMPTS:
            self.status = Delivery.Status.FAILED
        else:
            self.status = Delivery.Status.PENDING
            self.next_attempt_at = now + timedelta(minutes=2**self.attempts)
        self.save(update_fields=["attempts", "error", "status", "next_attempt_at"])


class WorkerSchedule(models.Model):
    """One row: when the worker's next ``send_due_alerts`` run is queued for, so that the
    self-rescheduling run stays a single chain however often it is started (``make run``,
    a restart). Empty while a run is in progress."""

    next_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Next alerts run: {self.next_run_at or 'running or not scheduled'}"
