"""Partners (wires, syndication clients) reading the partner feed with their own token."""

import hashlib
import secrets

from django.db import models

from articles.models.article import Article
from articles.models.sections import Section
from newsroom.text import CleanTextMixin


def hash_partner_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Partner(CleanTextMixin, models.Model):
    """A partner (a wire, a syndication client) that reads the partner feed with its own
    token, embargoed stories included. Only a hash of the token is stored."""

    name = models.CharField(max_length=200, unique=True)
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to revoke access: the token stops working at once.",
    )
    sections = models.ManyToManyField(
        Section,
        blank=True,
        related_name="partners",
        help_text="The sections this partner receives. Leave empty for every section.",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, so editors can tell tokens apart.
    token_prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def issue_token(self) -> str:
        """A new token, replacing any earlier one; returned once, never stored in clear."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_partner_token(token)
        self.token_prefix = token[:8]
        return token

    @classmethod
    def for_token(cls, token: str) -> "Partner | None":
        """The partner holding ``token`` (active or revoked), or None."""
        if not token:
            return None
        return cls.objects.filter(token_hash=hash_partner_token(token)).first()

    def articles(self):
        """The stories this partner may receive, newest first."""
        stories = Article.objects.for_partners()
        if self.pk and self.sections.exists():
            stories = stories.filter(section__in=self.sections.all())
        return stories.newest_first()
