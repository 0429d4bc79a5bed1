"""The read-only JSON API: published articles in IPTC ninjs, people and tags.

Plain Django views: the same published() queryset, the same FilterSet and the same
count-free pagination as the public pages, so the API cannot show more than the site.
"""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode

from articles.exporting import ninjs_record
from articles.filters import ArticleFilter
from articles.models import Article
from articles.tagging import public_tags
from newsroom.pagination import paginate
from people.models import Person

PAGE_SIZE = 20


def _ninjs_queryset():
    return (
        Article.objects.published()
        .select_related("section", "lead_image")
        .prefetch_related("bylines__person", "taggings__tag", "mentions__person")
    )


def _public_ninjs(article: Article) -> dict:
    record = ninjs_record(article)
    # Readers get the public address as the identity, not an import key.
    record["uri"] = settings.SITE_URL + article.get_absolute_url()
    return record


def _page_links(request: HttpRequest, page) -> dict:
    def link(number: int) -> str:
        query = {**request.GET.dict(), "page": number}
        return f"{settings.SITE_URL}{request.path}?{urlencode(query)}"

    return {
        "page": page.number,
        "next": link(page.next_page_number()) if page.has_next else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def article_list(request: HttpRequest) -> JsonResponse:
    filterset = ArticleFilter(request.GET or None, request=request, queryset=_ninjs_queryset())
    articles = filterset.qs
    if filterset.search_ranking is not None:
        page = paginate(request, articles, PAGE_SIZE, rank=filterset.search_ranking)
    else:
        page = paginate(request, articles.newest_first(), PAGE_SIZE)
    errors = {name: [str(e) for e in errs] for name, errs in filterset.errors.items()}
    return _json(
        {
            **_page_links(request, page),
            **({"errors": errors} if errors else {}),
            "results": [_public_ninjs(a) for a in page],
        }
    )


def article_detail(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(_public_ninjs(get_object_or_404(_ninjs_queryset(), pk=pk)))


def person_list(request: HttpRequest) -> JsonResponse:
    people = Person.objects.public().order_by("sort_name", "name", "pk").prefetch_related("roles")
    page = paginate(request, people, 100)
    return _json(
        {
            **_page_links(request, page),
            "results": [
                {
                    "slug": p.slug,
                    "name": p.name,
                    "honorific": p.honorific,
                    "role": role.title if (role := p.role_on(None)) else "",
                    "organisation": role.organisation if role else "",
                    "url": settings.SITE_URL + p.get_absolute_url(),
                }
                for p in page
            ],
        }
    )


def tag_list(request: HttpRequest) -> JsonResponse:
    page = paginate(request, public_tags().order_by("name", "pk"), 100)
    return _json(
        {
            **_page_links(request, page),
            "results": [
                {
                    "slug": t.slug,
                    "name": t.name,
                    "kind": t.kind,
                    "url": settings.SITE_URL + t.get_absolute_url(),
                }
                for t in page
            ],
        }
    )
