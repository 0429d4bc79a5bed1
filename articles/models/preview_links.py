"""Share-preview links: an unpublished story readable by anyone holding the link."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models.article import Article


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self):
        """Links that still open a preview: neither revoked nor expired (the story's own state
        is checked when a link is opened)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A share-preview link: lets anyone holding it read one unpublished story, until it
    expires, is revoked, or the story is published or archived. The URL carries this row's id,
    signed (articles/preview.py), so a link can be withdrawn without touching the others."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text='Who the link is for, so you know which one to withdraw, e.g. "Legal desk".',
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(help_text="The link stops working at this time.")
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Preview link to “{self.article}”" + (f" ({self.note})" if self.note else "")

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def revoke(self, *, by=None) -> None:
        """Withdraw the link at once; it cannot be brought back (create a new one)."""
        if self.revoked_at is None:
            self.revoked_at, self.revoked_by = timezone.now(), by
            self.save(update_fields=["revoked_at", "revoked_by"])
