"""Public article pages. Views only call querysets and services; readers get 404 for anything
that ``Article.objects.published()`` does not return."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section
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
    article = get_object_or_404(
        Article.objects.published().for_listing().prefetch_related("tags", "corrections"),
        slug=slug,
    )
    people = Person.objects.filter(
        mentions__article=article, mentions__status__in=["auto", "confirmed"]
    ).order_by("mentions__first_position")
    return render(request, "articles/article_detail.html", {"article": article, "people": people})


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
    articles = (
        Article.objects.published().filter(bylines__person=author).distinct().newest_first()
    ).for_listing()
    return render(
        request,
        "articles/author_detail.html",
        {"author": author, "page": _page(request, articles)},
    )
