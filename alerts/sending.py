"""Finding stories that went live, matching them to followers, and sending: one code path,
run by the worker (``alerts.tasks.send_due_alerts``) or by ``manage.py send_alerts`` (cron,
tests).

Never twice:

* a story gets one ``AlertJob`` (unique per story) whether it went live because an editor
  published it, its scheduled time came or its embargo lifted: all three are found the same
  way, by ``live_q`` at the time of the run, since the last two happen with no event;
* a subscriber gets one ``Delivery`` per story and one per digest day (unique constraints),
  created with ``ignore_conflicts``, so running the fan-out again adds only what is missing;
* each delivery is claimed (``pending`` -> ``sending``, a conditional UPDATE that only one
  worker can win) before it is handed to the mail server and marked ``sent`` right after. A
  crash between the two leaves that one message ``sending``; it is never resent (at most
  once), and ``recover_interrupted`` marks it ``unknown`` for the operator.
"""

import smtplib
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import models
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from alerts import emails
from alerts.followables import FOLLOWABLES
from alerts.models import AlertJob, Delivery, Follow, Newsletter, NewsletterIssue, Subscriber
from articles.models import Article

# A story that went live longer ago than this when first seen is not sent as an alert: the
# worker was stopped (or the app just installed), and old news is not an alert.
LOOKBACK = timedelta(hours=24)
# Rows written per INSERT in the fan-out, and messages per mail-server connection.
BATCH_SIZE = 500
# A delivery claimed longer ago than this was interrupted (see module docstring).
INTERRUPTED_AFTER = timedelta(minutes=10)


def went_live_at():
    """When a published story became visible: its publication time, or its embargo's end."""
    return Greatest("published_at", Coalesce("embargo_until", "published_at"))


def queue_new_stories(*, now: datetime) -> int:
    """An AlertJob for every story that went live within ``LOOKBACK`` and has none yet."""
    stories = (
        Article.objects.published(at=now)
        .filter(alert_job__isnull=True)
        .annotate(went_live=went_live_at())
        .filter(went_live__gte=now - LOOKBACK)
        .values_list("pk", "went_live")
    )
    created = 0
    for article_id, went_live in stories:
        _job, new = AlertJob.objects.get_or_create(
            article_id=article_id, defaults={"went_live_at": went_live}
        )
        created += new
    return created


def targets_of(stories: models.QuerySet) -> dict[str, dict[int, set[int]]]:
    """{kind: {target id: {story ids}}}: what each story is about, per followable kind."""
    found = {}
    for kind, followable in FOLLOWABLES.items():
        by_target = defaultdict(set)
        for story_id, target_id in followable.targets(stories):
            if target_id is not None:
                by_target[target_id].add(story_id)
        found[kind] = by_target
    return found


def follows_matching(targets: dict[str, dict[int, set[int]]]) -> models.Q:
    """Follows of anything in ``targets`` (as ``targets_of`` returns)."""
    condition = models.Q(pk__in=[])
    for kind, by_target in targets.items():
        if by_target:
            condition |= models.Q(kind=kind, target_id__in=list(by_target))
    return condition


def fan_out(job: AlertJob, *, now: datetime) -> int:
    """A pending Delivery for each active instant-alert subscriber following anything the
    story is about. Safe to run again (after a crash): existing rows are left alone."""
    targets = targets_of(Article.objects.filter(pk=job.article_id))
    follows = Follow.objects.filter(follows_matching(targets), subscriber=models.OuterRef("pk"))
    subscriber_ids = (
        Subscriber.objects.active()
        .filter(frequency=Subscriber.Frequency.INSTANT)
        .filter(models.Exists(follows))
        .values_list("pk", flat=True)
        .iterator(chunk_size=BATCH_SIZE)
    )
    created = 0
    batch = []
    for subscriber_id in subscriber_ids:
        batch.append(
            Delivery(article_id=job.article_id, subscriber_id=subscriber_id, next_attempt_at=now)
        )
        if len(batch) == BATCH_SIZE:
            created += len(Delivery.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    if batch:
        created += len(Delivery.objects.bulk_create(batch, ignore_conflicts=True))
    job.fanned_out_at = now
    job.save(update_fields=["fanned_out_at"])
    return created


def digest_window(day) -> tuple[datetime, datetime]:
    """The stories a digest dated ``day`` collects: those that went live in the 24 hours
    before ``ALERTS_DIGEST_HOUR`` (local time) on that day."""
    end = timezone.make_aware(
        datetime.combine(day, datetime.min.time()) + timedelta(hours=settings.ALERTS_DIGEST_HOUR)
    )
    return end - timedelta(days=1), end


def queue_digests(*, now: datetime) -> int:
    """Today's digest Delivery for every active daily subscriber, once the digest hour has
    come; once per subscriber per day (the unique constraint)."""
    local = timezone.localtime(now)
    if local.hour < settings.ALERTS_DIGEST_HOUR:
        return 0
    day = local.date()
    already = Delivery.objects.filter(digest_day=day, subscriber=models.OuterRef("pk"))
    subscriber_ids = (
        Subscriber.objects.active()
        .filter(frequency=Subscriber.Frequency.DAILY)
        .exclude(models.Exists(already))
        .values_list("pk", flat=True)
    )
    rows = [
        Delivery(subscriber_id=pk, digest_day=day, next_attempt_at=now) for pk in subscriber_ids
    ]
    return len(Delivery.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True))


def edition_time(newsletter: Newsletter, day) -> datetime:
    """When ``newsletter``'s edition of ``day`` (a local date) goes out."""
    return timezone.make_aware(datetime.combine(day, newsletter.send_time))


def make_issue(newsletter: Newsletter, day) -> tuple[NewsletterIssue, bool]:
    """The newsletter's edition of ``day``, its stories fixed when it is first made."""
    issue, created = NewsletterIssue.objects.get_or_create(newsletter=newsletter, day=day)
    if created:
        issue.articles.set(newsletter.stories(until=edition_time(newsletter, day)))
    return issue, created


def queue_newsletters(*, now: datetime) -> int:
    """Today's edition of each active newsletter whose time has come, and a Delivery for each
    of its subscribers; once per newsletter per day, once per subscriber per edition."""
    day = timezone.localtime(now).date()
    queued = 0
    for newsletter in Newsletter.objects.active():
        if not newsletter.is_due_on(day) or edition_time(newsletter, day) > now:
            continue
        issue, _created = make_issue(newsletter, day)
        followers = Subscriber.objects.active().filter(
            follows__kind=Follow.Kind.NEWSLETTER, follows__target_id=newsletter.pk
        )
        rows = [
            Delivery(issue=issue, subscriber_id=pk, next_attempt_at=now)
            for pk in followers.values_list("pk", flat=True)
        ]
        created = Delivery.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
        queued += len(created)
    return queued


def digest_stories(subscriber: Subscriber, day, *, now: datetime) -> list[Article]:
    """The stories of ``day``'s digest that ``subscriber`` follows and readers can still see."""
    start, end = digest_window(day)
    stories = Article.objects.published(at=now).filter(
        alert_job__went_live_at__gte=start, alert_job__went_live_at__lt=end
    )
    targets = targets_of(stories)
    story_ids = set()
    for kind, target_id in subscriber.follows.values_list("kind", "target_id"):
        story_ids |= targets.get(kind, {}).get(target_id, set())
    return list(
        stories.filter(pk__in=story_ids)
        .prefetch_related("bylines__person")
        .order_by("alert_job__went_live_at")
    )


def recover_interrupted(*, now: datetime) -> int:
    """Deliveries left ``sending`` by a crash: marked ``unknown``, never resent."""
    return Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=now - INTERRUPTED_AFTER
    ).update(status=Delivery.Status.UNKNOWN)


def minute_budget(*, now: datetime) -> int:
    """How many more emails may go out now under ``ALERTS_PER_MINUTE``."""
    recent = Delivery.objects.filter(sent_at__gt=now - timedelta(minutes=1)).count()
    return max(settings.ALERTS_PER_MINUTE - recent, 0)


def _hard_bounce(error: Exception) -> bool:
    """The server refused the address itself (5xx on RCPT), not a passing trouble."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 550


class _StoryCards(dict):
    """Story cards by article id, built once per run (one alert goes to many addresses);
    None for a story readers can no longer see (unpublished or expired since)."""

    def __init__(self, *, now: datetime):
        super().__init__()
        self.now = now

    def __missing__(self, article_id):
        stories = Article.objects.published(at=self.now).prefetch_related("bylines__person")
        article = stories.filter(pk=article_id).first()
        self[article_id] = card = emails.story_card(article) if article else None
        return card


def _message_for(delivery: Delivery, cards: _StoryCards, *, now: datetime):
    """The email for ``delivery``, or None when it is no longer wanted."""
    subscriber = delivery.subscriber
    if subscriber.confirmed_at is None or subscriber.disabled_at is not None:
        return None
    if delivery.article_id:
        card = cards[delivery.article_id]
        return emails.alert(subscriber, card) if card else None
    if delivery.issue_id:
        issue = delivery.issue
        stories = list(
            Article.objects.published(at=now)
            .filter(pk__in=issue.articles.values("pk"))
            .prefetch_related("bylines__person")
            .order_by("published_at", "pk")
        )
        if not stories:
            return None
        return emails.newsletter(
            subscriber, issue.newsletter, [emails.story_card(s) for s in stories]
        )
    stories = digest_stories(subscriber, delivery.digest_day, now=now)
    if not stories:
        return None
    return emails.digest(subscriber, [emails.story_card(s) for s in stories], delivery.digest_day)


def send_one(delivery: Delivery, connection, cards: _StoryCards, *, now: datetime) -> str:
    """Claim, send and record one delivery; returns its new status."""
    claimed = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING, claimed_at=now
    )
    if not claimed:
        return "taken"  # another worker has it
    message = _message_for(delivery, cards, now=now)
    if message is None:
        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SKIPPED)
        return Delivery.Status.SKIPPED
    try:
        connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        if _hard_bounce(error):
            delivery.subscriber.record_hard_bounce(at=now)
            delivery.status, delivery.error = Delivery.Status.FAILED, str(error)[:500]
            delivery.save(update_fields=["status", "error"])
        else:
            delivery.retry_later(str(error), at=now)
        return delivery.status
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now()
    )
    return Delivery.Status.SENT


def send_due(
    *, now: datetime, limit: int | None = None, email_backend: str | None = None
) -> dict[str, int]:
    """Send what is due, up to the per-minute budget (or ``limit``), in batches, through
    ``email_backend`` (a dotted path; default ``EMAIL_BACKEND``)."""
    budget = minute_budget(now=now) if limit is None else limit
    counts = defaultdict(int)
    while budget > 0:
        # Whether each story is still live is checked again for every batch.
        cards = _StoryCards(now=now)
        batch = list(
            Delivery.objects.due(at=now).select_related("subscriber", "issue__newsletter")[
                : min(budget, BATCH_SIZE)
            ]
        )
        if not batch:
            break
        with get_connection(email_backend, fail_silently=False) as connection:
            for delivery in batch:
                counts[send_one(delivery, connection, cards, now=now)] += 1
        budget -= len(batch)
    return dict(counts)


def run_due(*, now: datetime | None = None, email_backend: str | None = None) -> dict[str, int]:
    """Everything due now: new stories, their fan-out, today's digests, then sending (through
    ``email_backend``, default ``EMAIL_BACKEND``)."""
    now = now or timezone.now()
    counts = {
        "new_stories": queue_new_stories(now=now),
        "interrupted": recover_interrupted(now=now),
    }
    fanned = 0
    for job in AlertJob.objects.filter(fanned_out_at__isnull=True).order_by("went_live_at"):
        fanned += fan_out(job, now=now)
    counts["alerts_queued"] = fanned
    counts["digests_queued"] = queue_digests(now=now)
    counts["newsletters_queued"] = queue_newsletters(now=now)
    counts |= send_due(now=now, email_backend=email_backend)
    return counts
