"""Readers who follow people, topics, sections and authors by email, and what was sent them.

Addresses are stored for this and nothing else (SECURITY.md, "Alerts"): a Subscriber row exists
only once its owner clicked the confirmation link, and deleting it deletes everything about them.
"""

import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone

from articles.models import Article

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
                    "status": d.status,
                    "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                }
                for d in self.deliveries.select_related("article")
            ],
        }


class Follow(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person mentioned"
        AUTHOR = "author", "Author"
        TAG = "tag", "Topic"
        SECTION = "section", "Section"

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
            models.CheckConstraint(
                condition=models.Q(article__isnull=True) ^ models.Q(digest_day__isnull=True),
                name="delivery_story_or_digest",
            ),
        ]
        # DeliveryQuerySet.due(); and the per-minute budget (sent in the last minute).
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["sent_at"], name="delivery_sent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article or self.digest_day} to {self.subscriber}"

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
