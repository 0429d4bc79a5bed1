"""Who sees what, defined once: a story's status, "visible to readers" (``live_q``) and
"visible to a staff member" (``visible_to_q``)."""

from datetime import datetime

from django.db import models
from django.utils import timezone


class Status(models.TextChoices):
    """A story's place in the workflow (``Article.Status``)."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived (unpublished)"


# The permission that makes a staff member an editor: publish, and see and edit every story.
PUBLISH_PERMISSION = "articles.publish_article"


def live_q(prefix: str = "", *, at: datetime | None = None) -> models.Q:
    """Visible to readers: published status, a publication time that has passed, no embargo
    still running and no expiry time reached yet.

    The single definition of "public" (scheduling is publishing with a future date; an
    embargo holds a finished story back until its time; expiry takes the story off every
    surface at its time; all with no worker), as a Q so that related models filter through
    a join ("article__", "content_object__") instead of an IN over every published id.
    """
    now = at or timezone.now()
    published = models.Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": now})
    embargo_lifted = models.Q(**{f"{prefix}embargo_until__isnull": True}) | models.Q(
        **{f"{prefix}embargo_until__lte": now}
    )
    not_expired = models.Q(**{f"{prefix}expires_at__isnull": True}) | models.Q(
        **{f"{prefix}expires_at__gt": now}
    )
    return published & embargo_lifted & not_expired


def visible_to_q(user, prefix: str = "") -> models.Q:
    """What ``user`` may see in the admin: editors every story; reporters the stories they
    created and the live ones (never a colleague's draft, review, scheduled or archived
    story); anyone else the live ones only.

    The single definition of "visible to a staff member". A Q, like ``live_q``, so rows that
    belong to a story filter through a join with ``prefix`` ("article__"). Also
    ``Article.visible_to_q``, so that ``people`` and ``tags``, which may not import
    ``articles``, reach it through their foreign key
    (``Mention._meta.get_field("article").related_model``).
    """
    if user.has_perm(PUBLISH_PERMISSION):  # False for inactive and anonymous users
        return models.Q()
    if not user.is_authenticated:
        return live_q(prefix)
    return models.Q(**{f"{prefix}created_by": user}) | live_q(prefix)


def live_story_behind(row: models.Model, *fields: str) -> bool:
    """Whether a story ``row`` points to through its foreign keys ``fields`` is live now: what
    a byline, a tag on a story, a pin or a live update asks before a cache is flushed for
    it. The key names the story model, so the modules ``Article`` is built from need not
    import it; the row may already be deleted (only the key's value is read)."""
    story_model = row._meta.get_field(fields[0]).related_model
    ids = [getattr(row, row._meta.get_field(field).attname) for field in fields]
    return story_model.objects.filter(live_q(), pk__in=ids).exists()
