"""Public pages. Views only call querysets and services; every list starts from
``Article.objects.published()``, and readers get 404 for anything it does not return."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from articles import sitemaps
from articles.filters import ArticleFilter
from articles.models import Article, Correction, Section, live_q
from articles.preview import (
    PreviewLinkExpired,
    PreviewLinkNowPublic,
    PreviewLinkWithdrawn,
    article_for_token,
)
from articles.search import clean_query, snippet
from articles.story_page import StoryPage, cached_story_page, related_stories, story_page
from articles.structured_data import news_article
from newsroom import content_version
from newsroom.pagination import paginate
from people.models import Person

PAGE_SIZE = 20
FRONT_PAGE_PER_SECTION = 4


def front_page(request: HttpRequest) -> HttpResponse:
    page = Article.objects.front_page(Section.objects.all(), per_section=FRONT_PAGE_PER_SECTION)
    return render(
        request,
        "articles/front_page.html",
        {
            "lead": page.lead,
            "latest": page.top,
            "sections": page.sections,
            "feed_url": reverse("articles:feed_latest"),
        },
    )


def _filtered_list(request: HttpRequest, base, *, template: str, context: dict) -> HttpResponse:
    """A paginated, filtered list of published articles (list, section, search pages)."""
    filterset = ArticleFilter(request.GET or None, request=request, queryset=base)
    articles = filterset.qs.for_listing()
    query = clean_query(request.GET.get("q"))
    if filterset.search_ranking is not None:
        page = paginate(request, articles, PAGE_SIZE, rank=filterset.search_ranking)
        for article in page.object_list:
            article.snippet = snippet(article, query)
    else:
        page = paginate(request, articles.newest_first(), PAGE_SIZE)
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "filter": filterset,
            "query": query,
            "snippets": filterset.search_ranking is not None,
            "raw_query": request.GET.get("q", "").strip()[:200],
        },
    )


def article_list(request: HttpRequest) -> HttpResponse:
    return _filtered_list(
        request,
        Article.objects.published(),
        template="articles/article_list.html",
        context={"sections": Section.objects.all(), "feed_url": reverse("articles:feed_latest")},
    )


def search(request: HttpRequest) -> HttpResponse:
    return _filtered_list(
        request,
        Article.objects.published(),
        template="articles/search.html",
        context={"sections": Section.objects.all()},
    )


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section, slug=slug)
    pinned = Article.objects.pinned_on(section)
    articles = (
        Article.objects.published()
        .filter(section=section)
        .exclude(pk__in=[article.pk for article in pinned])
        .newest_first()
        .for_listing()
    )
    page = paginate(request, articles, PAGE_SIZE)
    return render(
        request,
        "articles/section_detail.html",
        {
            "section": section,
            "pinned": pinned if page.number == 1 else [],
            "page": page,
            "feed_url": reverse("articles:feed_section", kwargs={"slug": slug}),
        },
    )


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Person.objects.prefetch_related("roles"), slug=slug)
    articles = Article.objects.published().by_author(author).newest_first().for_listing()
    page = paginate(request, articles, PAGE_SIZE)
    if not page:
        raise Http404("No published stories by this person.")
    return render(
        request,
        "articles/author_detail.html",
        {
            "author": author,
            "role": author.role_on(None),
            "page": page,
            "feed_url": reverse("articles:feed_author", kwargs={"slug": slug}),
        },
    )


def corrections(request: HttpRequest) -> HttpResponse:
    """The site-wide corrections log: corrections on stories readers can see."""
    log = (
        Correction.objects.filter(live_q("article__"))
        .select_related("article")
        .order_by("-created_at", "-id")
    )
    return render(request, "articles/corrections.html", {"page": paginate(request, log, PAGE_SIZE)})


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        page = cached_story_page(request, slug)
    except Article.DoesNotExist:
        if Article.objects.expired().filter(slug=slug).exists():
            # Gone on purpose, not missing: search engines drop it, readers are told why.
            return render(request, "articles/expired.html", status=410)
        raise Http404("No such story.") from None
    return _story_response(request, page)


def render_article(request: HttpRequest, article: Article, *, preview: bool = False):
    """The article page; previews of unpublished work render exactly the same page.

    ``article`` comes from ``for_article_page()``.
    """
    return _story_response(request, story_page(article), preview=preview)


def _story_response(request: HttpRequest, page: StoryPage, *, preview: bool = False):
    article = page.article
    live = None
    if article.has_live_updates_section:
        live = article.live_updates_page(_page_number(request.GET.get("updates")))
    structured_data = page.structured_data or news_article(
        article,
        bylines=page.bylines,
        people=page.people,
        corrections=page.corrections,
        tags=page.tags,
        live=live,
    )
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "people": page.people,
            "body": page.body,
            "bylines": page.bylines,
            "corrections": page.corrections,
            "tags": page.tags,
            # Read only if the fragment around the story is not cached already.
            "related": SimpleLazyObject(lambda: related_stories(request, page)),
            "structured_data": structured_data,
            "live": live,
            "live_poll_seconds": settings.LIVE_POLL_SECONDS,
            "canonical_url": settings.SITE_URL + article.get_absolute_url(),
            "social_card": page.social_card,
            "preview": preview,
            # What the fragments cached in the template are keyed on: the story's own pieces
            # (its row and the shared counter), and what surrounds it (the content version).
            "story_key": page.key,
            "content_version": content_version.for_request(request).tag,
        },
    )
    if preview:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and len(raw) < 6 else 1


def live_updates(request: HttpRequest, slug: str) -> HttpResponse:
    """The first page of a live story's updates, as the HTML fragment the open page swaps in.

    Polled by static/js/live_updates.js; the public page cache answers an unchanged poll with
    a 304 before this view runs (any saved update on a live story changes the content version).
    """
    article = Article.objects.published().filter(slug=slug).first()
    if article is None or not article.has_live_updates_section:
        raise Http404("No live coverage here.")
    return render(
        request,
        "articles/_live_update_list.html",
        {"article": article, "live": article.live_updates_page(1)},
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def shared_preview(request: HttpRequest, token: str) -> HttpResponse:
    """A share-preview link: anyone holding a live link may read that one unpublished story."""
    try:
        article = article_for_token(token)
    except PreviewLinkExpired:
        return _private(render(request, "articles/preview_expired.html", status=410))
    except PreviewLinkWithdrawn:
        # Revoked means "there is nothing here" (404), not "it was here" (410): a revoked link
        # must not even confirm that a story stood behind it. The page still says why.
        context = {"withdrawn": True}
        return _private(render(request, "articles/preview_expired.html", context, status=404))
    except PreviewLinkNowPublic as published:
        return _private(HttpResponseRedirect(published.url))
    except Article.DoesNotExist:
        raise Http404("No such preview.") from None
    page_article = Article.objects.for_article_page().get(pk=article.pk)
    return render_article(request, page_article, preview=True)


def robots_txt(request: HttpRequest) -> HttpResponse:
    text = render_to_string("robots.txt", {"SITE_URL": settings.SITE_URL})
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The sitemap index, with absolute URLs from SITE_URL (never from the Host header).
    Its counts of the archive are made once per content version."""
    entries = content_version.cached(request, "sitemap-index", sitemaps.index_entries)
    response = render(
        request, "sitemaps/index.xml", {"sitemaps": entries}, content_type="application/xml"
    )
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    raw = request.GET.get("p", "1")
    page = int(raw) if raw.isdigit() and len(raw) < 6 else 0
    xml = content_version.cached(
        request, f"sitemap:{section}:{page}", lambda: sitemaps.section_xml(section, page)
    )
    if xml is None:
        raise Http404("No such sitemap page.")
    response = HttpResponse(xml, content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def news_sitemap(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sitemaps/news.xml",
        {"articles": sitemaps.news_items(), "SITE_URL": settings.SITE_URL},
        content_type="application/xml",
    )
