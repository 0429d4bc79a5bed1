"""Share-preview links: signed, expiring, scoped to one article, no account needed."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from articles.models import Article

SALT = "articles.preview"


class PreviewLinkExpired(Exception):
    pass


def make_preview_token(article: Article) -> str:
    """A token naming one article; it stops working after PREVIEW_LINK_MAX_AGE_SECONDS."""
    return signing.dumps({"article": article.pk}, salt=SALT, compress=True)


def preview_url(article: Article) -> str:
    """The absolute share link (built from SITE_URL, not from a request)."""
    path = reverse("articles:shared_preview", kwargs={"token": make_preview_token(article)})
    return settings.SITE_URL + path


def article_for_token(token: str) -> Article:
    """The article a token names. Raises PreviewLinkExpired, or Article.DoesNotExist for a
    token that was tampered with or names no article."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise PreviewLinkExpired from None
    except signing.BadSignature:
        raise Article.DoesNotExist from None
    if not isinstance(data, dict) or not isinstance(data.get("article"), int):
        raise Article.DoesNotExist
    return Article.objects.get(pk=data["article"])
