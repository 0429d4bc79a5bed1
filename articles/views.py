"""Public article pages. Views only call querysets and services; readers get 404 for anything
that ``Article.objects.published()`` does not return."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section
from articles.preview import PreviewLinkExpired, article_for_token
from people.models import Person

PAGE_SIZE = 20


def _page(request: HttpRequest, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def front_page(request: HttpRequest) -> HttpResponse:
    latest = list(Article.objects.published().newest_first().for_listing()[:13])
    return render(
        request,
        "articles/front_page.html",
        {"lead": latest[0] if latest else None, "latest": latest[1:]},
    )


def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().newest_first().for_listing()
    return render(request, "articles/article_list.html", {"page": _page(request, articles)})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return render_article(request, article)


def render_article(request: HttpRequest, article: Article, *, preview: bool = False):
    """The article page; previews of unpublished work render exactly the same page."""
    article = (
        Article.objects.for_listing().prefetch_related("tags", "corrections").get(pk=article.pk)
    )
    people = Person.objects.filter(
        mentions__article=article, mentions__status__in=["auto", "confirmed"]
    ).order_by("mentions__first_position")
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "people": people, "preview": preview},
    )
    if preview:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    """A share-preview link: anyone holding an unexpired link may read that one article."""
    try:
        article = article_for_token(token)
    except PreviewLinkExpired:
        response = render(request, "articles/preview_expired.html", status=410)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    except Article.DoesNotExist:
        raise Http404("No such preview.") from None
    return render_article(request, article, preview=True)


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    articles = Article.objects.published().filter(section=section).newest_first().for_listing()
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page": _page(request, articles)},
    )


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Person, slug=slug)
    articles = Article.objects.published().by_author(author).newest_first().for_listing()
    return render(
        request,
        "articles/author_detail.html",
        {"author": author, "page": _page(request, articles)},
    )
