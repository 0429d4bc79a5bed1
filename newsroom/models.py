import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import Resolver404, resolve
from django.utils import timezone

# Pages about one record, by URL name: a function giving the rows readers may see there. A
# redirect is answered only when its target is one of these rows (or a page about no record):
# otherwise renaming a draft, or a person known only from drafts, would tell readers the new
# address. The app serving each page registers it (``register_record_pages`` in its
# AppConfig.ready()), so this module names none of them.
RECORD_PAGES: dict[str, Callable[[], models.QuerySet]] = {}


def register_record_pages(pages: dict[str, Callable[[], models.QuerySet]]) -> None:
    """Teach ``PathRedirect.is_public_target`` the record pages an app serves."""
    RECORD_PAGES.update(pages)


class PathRedirect(models.Model):
    """A permanent redirect left behind when a slug changes or two records merge.

    Looked up only when a request would otherwise be a 404, so it costs nothing on the
    pages readers normally hit. ``new_path`` is always a path on this site.
    """

    old_path = models.CharField(max_length=300, unique=True)
    # Kept while the target is not public (a renamed draft): it starts working on publication.
    new_path = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self) -> str:
        return f"{self.old_path} -> {self.new_path}"

    @classmethod
    def record(cls, *, old_path: str, new_path: str) -> None:
        """Send ``old_path`` (and anything that already led to it) to ``new_path``."""
        if not old_path or old_path == new_path:
            return
        cls.objects.filter(new_path=old_path).update(new_path=new_path)
        cls.objects.filter(old_path=new_path).delete()  # the path is live again
        cls.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})

    @staticmethod
    def is_public_target(path: str) -> bool:
        """Whether a reader may be sent to ``path``: a page about no one record, or about a
        record readers can see now (see RECORD_PAGES). Costs one indexed query."""
        try:
            match = resolve(path)
        except Resolver404:
            return False
        slug = match.kwargs.get("slug")
        if slug is None:
            return True
        source = RECORD_PAGES.get(match.view_name)
        if source is None:  # a record page nobody taught this check: refuse rather than leak
            return False
        return source().filter(slug=slug).exists()


def new_epoch() -> str:
    return secrets.token_hex(8)


class ContentVersion(models.Model):
    """A single row that changes whenever anything readers can see changes.

    Cached pages and ETags carry its counter, so one write invalidates every cached page on
    every app server at once (the row lives in the shared database). ``next_publication_at``
    is the earliest scheduled story: when that moment passes, the next reader bumps the
    counter, so a scheduled story appears on time, not a cache lifetime later.

    ``shared_counter`` counts the changes that are not the save of one row of a model whose
    cached pieces carry that row's ``updated_at`` (a story's card and page): a section, a
    person, a byline, a tag, a photo... Those pieces are keyed on the row's ``updated_at`` and
    ``shared_counter``, so saving one story builds again its own card and page, not every
    story's (see ``newsroom.content_version.changed``).
    """

    counter = models.BigIntegerField(default=0)
    shared_counter = models.BigIntegerField(default=0)
    # Random per database: a restored or recreated database never reuses old cache keys.
    epoch = models.CharField(max_length=16, default=new_epoch)
    changed_at = models.DateTimeField()
    next_publication_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"content version {self.counter}"


class AuditEvent(models.Model):
    """One action that is not a plain edit of one record: a merge, an import, a link run, a
    change to someone's roles. Written only by ``newsroom.audit.record``; never edited.

    Edits of single records are kept by django-simple-history (each tracked model's
    ``history``); the Audit view in the admin lists both (see newsroom/audit.py).
    """

    class Outcome(models.TextChoices):
        OK = "ok", "Done"
        FAILED = "failed", "Failed"

    class Via(models.TextChoices):
        ADMIN = "admin", "Admin"
        COMMAND = "command", "Command line"

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The admin user who did it; empty for a command.",
    )
    # Kept as text so the record still names someone after their account is deleted, and
    # names the operating-system user who ran a command.
    actor_name = models.CharField("who", max_length=150)
    via = models.CharField(max_length=10, choices=Via.choices)
    action = models.CharField(max_length=100, help_text='e.g. "import_articles", "merge_tags".')
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField("target", max_length=300, blank=True)
    arguments = models.JSONField(default=list, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OK)
    message = models.TextField(blank=True, help_text="Why it failed, or what else to know.")

    class Meta:
        verbose_name_plural = "audit trail"  # the admin index's link to the Audit view
        ordering = ["-created_at", "-id"]
        indexes = [
            # The Audit view: newest first.
            models.Index(fields=["-created_at", "-id"], name="auditevent_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_name} at {self.created_at:%Y-%m-%d %H:%M}"
