"""The partner feed: ninjs 2.2 items for partners holding a token, embargoed stories
included (marked with ``embargoed``), so a wire or syndication client can prepare a story
before readers see it. Never drafts, stories in review, plain scheduled or expired ones.

``Authorization: Bearer <token>``: no token or an unknown one gets 401, a revoked one 403.
Responses are never cached (``/partners/`` is private to the page cache).
"""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.http import urlencode

from articles.exporting import ninjs_record, timestamp
from articles.models import Article, Partner
from newsroom.pagination import paginate

PAGE_SIZE = 50


def partner_ninjs(article: Article) -> dict:
    """The story as a partner receives it. An embargoed story is ``usable`` with an
    ``embargoed`` time: the ninjs 2.2 way (its ``pubstatus`` has no "embargoed" value)."""
    record = ninjs_record(article)
    record["uri"] = settings.SITE_URL + article.get_absolute_url()
    record["pubstatus"] = "usable"
    record.pop("embargoed", None)
    if article.is_embargoed:
        record["embargoed"] = timestamp(article.embargo_until)
    return record


def _refuse(status: int, message: str) -> JsonResponse:
    response = _json({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="partners"'
    return response


def _json(data, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


def _bearer_token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def feed(request: HttpRequest) -> JsonResponse:
    """One page of the stories this partner may receive, newest first."""
    partner = Partner.for_token(_bearer_token(request))
    if partner is None:
        return _refuse(401, "A valid partner token is required (Authorization: Bearer ...).")
    if not partner.is_active:
        return _refuse(403, "This partner token has been revoked.")
    stories = (
        partner.articles()
        .select_related("section", "lead_image")
        .prefetch_related("bylines__person", "taggings__tag", "mentions__person")
    )
    page = paginate(request, stories, PAGE_SIZE)
    next_url = None
    if page.has_next:
        next_url = f"{settings.SITE_URL}{request.path}?{urlencode({'page': page.number + 1})}"
    return _json(
        {
            "partner": partner.name,
            "page": page.number,
            "next": next_url,
            "items": [partner_ninjs(article) for article in page],
        }
    )
