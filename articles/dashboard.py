"""The desk: the admin's home page for editors and reporters. Each panel is a count and the
first few stories of one everyday list, as the user may see them (``Article.visible_to``);
the panels cost a fixed number of queries whatever the size of the archive."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from people.models import NameSuggestion

PANEL_SIZE = 5
SOON = timedelta(hours=24)


@dataclass(frozen=True)
class DeskPanel:
    title: str
    count: int
    url: str  # the whole list in the admin
    items: list = field(default_factory=list)  # the first PANEL_SIZE stories or suggestions
    empty: str = "Nothing here."


def desk_panels(user) -> list[DeskPanel]:
    """The desk's panels for ``user``: my drafts, waiting for review, scheduled in the next
    24 hours, missed schedule, recently published, open name suggestions."""
    now = timezone.now()
    stories = Article.objects.visible_to(user)
    lists = {
        "mine": stories.filter(created_by=user, status=Article.Status.DRAFT).order_by(
            "-updated_at", "-pk"
        ),
        "review": stories.filter(status=Article.Status.IN_REVIEW).order_by("-updated_at", "-pk"),
        "soon": stories.scheduled()
        .filter(published_at__lte=now + SOON)
        .order_by("published_at", "pk"),
        "overdue": stories.overdue().order_by("published_at", "pk"),
        "recent": stories.published(at=now)
        .filter(published_at__gte=now - SOON)
        .order_by("-published_at", "-pk"),
    }
    # All the counts in one query; each list's first rows in one query each.
    counts = Article.objects.aggregate(
        **{name: models.Count("pk", filter=models.Q(pk__in=query)) for name, query in lists.items()}
    )
    changelist = reverse("admin:articles_article_changelist")
    panels = [
        ("mine", "My drafts", "?view=mine", "No drafts of yours."),
        ("review", "Waiting for review", "?view=review", "Nothing waiting for review."),
        ("soon", "Scheduled in the next 24 hours", "?view=scheduled", "Nothing scheduled."),
        ("overdue", "Missed schedule", "?view=overdue", "No missed schedules."),
        ("recent", "Published in the last 24 hours", "?view=live", "Nothing published today."),
    ]
    result = [
        DeskPanel(
            title=title,
            count=counts[name],
            url=changelist + query,
            items=list(lists[name].select_related("section")[:PANEL_SIZE]),
            empty=empty,
        )
        for name, title, query, empty in panels
    ]
    if not user.has_perm("people.view_namesuggestion"):
        return result
    suggestions = NameSuggestion.objects.filter(
        Article.visible_to_q(user, prefix="article__"), status=NameSuggestion.Status.OPEN
    ).order_by("-occurrences", "name")
    result.append(
        DeskPanel(
            title="Names to add to the directory",
            count=suggestions.count(),
            url=reverse("admin:people_namesuggestion_changelist") + "?status__exact=open",
            items=list(suggestions.select_related("article")[:PANEL_SIZE]),
            empty="No open name suggestions.",
        )
    )
    return result
