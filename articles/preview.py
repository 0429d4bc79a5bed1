"""Share-preview links: signed, expiring, revocable, scoped to one story, no account needed.

The URL carries the id of a ``PreviewLink`` row, signed so ids cannot be guessed; the row says
whether the link still works (revoked, expired) and which story it opens. A link opens its
story only while the story is unpublished work (draft, in review or scheduled): once published
the public address applies, once archived the link is dead.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, PreviewLink

SALT = "articles.preview"


class PreviewLinkExpired(Exception):
    """The link's lifetime is over."""


class PreviewLinkWithdrawn(Exception):
    """The link was revoked, or its story was archived."""


class PreviewLinkNowPublic(Exception):
    """The story is published: readers should go to its public address."""

    def __init__(self, article: Article) -> None:
        super().__init__(article.get_absolute_url())
        self.url = article.get_absolute_url()


def can_share(article: Article) -> bool:
    """Share links are for unpublished work that is not withdrawn."""
    return not article.is_live and article.status != Article.Status.ARCHIVED


def create_preview_link(*, article: Article, created_by=None, note: str = "") -> PreviewLink:
    """A new link to ``article`` that works for PREVIEW_LINK_MAX_AGE_SECONDS."""
    now = timezone.now()
    link = PreviewLink(
        article=article,
        created_by=created_by,
        note=note.strip()[:200],
        created_at=now,
        expires_at=now + timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE_SECONDS),
    )
    link.full_clean()
    link.save()
    return link


def make_preview_token(link: PreviewLink) -> str:
    """The signed token naming ``link``."""
    return signing.dumps({"link": link.pk}, salt=SALT, compress=True)


def preview_url(link: PreviewLink) -> str:
    """The absolute share link (built from SITE_URL, not from a request)."""
    path = reverse("articles:shared_preview", kwargs={"token": make_preview_token(link)})
    return settings.SITE_URL + path


def article_for_token(token: str) -> Article:
    """The story a share link may show now.

    Raises Article.DoesNotExist for a token that was tampered with or names no link;
    PreviewLinkExpired, PreviewLinkWithdrawn or PreviewLinkNowPublic when the link no longer
    shows a preview.
    """
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise PreviewLinkExpired from None
    except signing.BadSignature:
        raise Article.DoesNotExist from None
    if not isinstance(data, dict) or not isinstance(data.get("link"), int):
        raise Article.DoesNotExist
    link = PreviewLink.objects.select_related("article").filter(pk=data["link"]).first()
    if link is None:
        raise Article.DoesNotExist
    if link.revoked_at is not None:
        raise PreviewLinkWithdrawn
    if link.is_expired:
        raise PreviewLinkExpired
    article = link.article
    if article.is_live:
        raise PreviewLinkNowPublic(article)
    if article.status == Article.Status.ARCHIVED:
        raise PreviewLinkWithdrawn
    return article
