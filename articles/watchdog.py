"""What ``check_schedule`` reports: stories whose time came and went without the site
following. Publication, embargo and expiry all happen at query time with no worker, so the
only ways to miss one are a story left unpublished past its time, or a change written
behind the cache's back (a queryset ``update()``) that cached pages never noticed."""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from newsroom.models import ContentVersion

MISSED_SCHEDULE = "missed_schedule"
EXPIRED_BUT_CACHED = "expired_but_cached"
EMBARGO_INCONSISTENT = "embargo_inconsistent"


@dataclass(frozen=True)
class ScheduleProblem:
    kind: str
    article_id: int
    slug: str
    headline: str
    status: str
    due_at: datetime | None
    message: str
    admin_path: str

    def as_json(self) -> dict:
        data = asdict(self)
        data["due_at"] = self.due_at.isoformat() if self.due_at else None
        return data


def _problem(kind: str, article: Article, *, due_at, message: str) -> ScheduleProblem:
    return ScheduleProblem(
        kind=kind,
        article_id=article.pk,
        slug=article.slug,
        headline=article.headline,
        status=article.status,
        due_at=due_at,
        message=message,
        admin_path=reverse("admin:articles_article_change", args=[article.pk]),
    )


def missed_schedules() -> list[ScheduleProblem]:
    """Stories with a publication time that has passed, never published (the admin's
    "missed schedule" warning: ``Article.objects.overdue()``)."""
    return [
        _problem(
            MISSED_SCHEDULE,
            article,
            due_at=article.published_at,
            message="publication time passed but the story is "
            f"{article.get_status_display().lower()}: readers cannot see it",
        )
        for article in Article.objects.overdue().order_by("published_at", "pk")
    ]


def expired_but_cached() -> list[ScheduleProblem]:
    """Expired stories that cached pages may still show: the content version has not
    changed since the expiry and is not due to (the expiry was written without a bump)."""
    version = ContentVersion.objects.order_by("pk").first()
    if version is None:
        return []  # nothing was ever cached
    unnoticed = Q(expires_at__gt=version.changed_at)
    if version.next_publication_at is not None:
        unnoticed &= Q(expires_at__lt=version.next_publication_at)
    return [
        _problem(
            EXPIRED_BUT_CACHED,
            article,
            due_at=article.expires_at,
            message="expired, but cached pages were not refreshed since: readers may still "
            "see it until the next change",
        )
        for article in Article.objects.expired().filter(unnoticed).order_by("expires_at", "pk")
    ]


def inconsistent_embargoes() -> list[ScheduleProblem]:
    """Embargoes that cannot work: one lifted on a story nobody published (the desk meant
    it to go out), or one that ends when the story has already expired (readers would never
    see it; the model refuses it, a queryset ``update()`` does not)."""
    lifted_unpublished = Article.objects.filter(
        status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW],
        embargo_until__lte=timezone.now(),
    )
    never_visible = Article.objects.filter(
        status=Article.Status.PUBLISHED, expires_at__lte=F("embargo_until")
    )
    return [
        _problem(
            EMBARGO_INCONSISTENT,
            article,
            due_at=article.embargo_until,
            message="embargo lifted but the story is "
            f"{article.get_status_display().lower()}: readers cannot see it",
        )
        for article in lifted_unpublished.order_by("embargo_until", "pk")
    ] + [
        _problem(
            EMBARGO_INCONSISTENT,
            article,
            due_at=article.embargo_until,
            message="expires before its embargo lifts: readers will never see it",
        )
        for article in never_visible.order_by("embargo_until", "pk")
    ]


def schedule_problems() -> list[ScheduleProblem]:
    """Everything ``check_schedule`` reports, oldest first within each kind."""
    return [*missed_schedules(), *expired_but_cached(), *inconsistent_embargoes()]
