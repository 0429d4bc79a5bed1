"""Public pages. Views only call querysets and services; every list starts from
``Article.objects.published()``, and readers get 404 for anything it does not return."""

from collections import Counter

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse

from articles import sitemaps
from articles.filters import ArticleFilter
from articles.models import Article, Correction, Section, TaggedArticle, live_q
from articles.preview import (
    PreviewLinkExpired,
    PreviewLinkNowPublic,
    PreviewLinkWithdrawn,
    article_for_token,
)
from articles.rendering import render_body
from articles.search import clean_query, snippet
from articles.structured_data import lead_image_url, news_article
from newsroom import content_version
from newsroom.db import union_all_values
from newsroom.pagination import paginate
from people.models import Mention, Person

PAGE_SIZE = 20
RELATED_STORIES = 4
FRONT_PAGE_PER_SECTION = 4


def front_page(request: HttpRequest) -> HttpResponse:
    published = Article.objects.published().newest_first()
    latest = list(published.for_listing()[:7])
    sections = list(Section.objects.all())
    # The ids of each section's newest stories in one statement (each branch on the section
    # index), then the rows by id: a fixed number of queries whatever the number of sections.
    by_section: dict[int, list[Article]] = {s.pk: [] for s in sections}
    ids = union_all_values(
        [
            published.filter(section=section).values_list("pk")[:FRONT_PAGE_PER_SECTION]
            for section in sections
        ]
    )
    for article in Article.objects.filter(pk__in=ids).newest_first().for_listing():
        by_section[article.section_id].append(article)
    return render(
        request,
        "articles/front_page.html",
        {
            "lead": latest[0] if latest else None,
            "latest": latest[1:],
            "sections": [(s, by_section[s.pk]) for s in sections if by_section[s.pk]],
            "feed_url": reverse("articles:feed_latest"),
        },
    )


def _filtered_list(request: HttpRequest, base, *, template: str, context: dict) -> HttpResponse:
    """A paginated, filtered list of published articles (list, section, search pages)."""
    filterset = ArticleFilter(request.GET or None, queryset=base)
    articles = filterset.qs.for_listing()
    query = clean_query(request.GET.get("q"))
    if filterset.search_order is not None:
        page = paginate(request, articles, PAGE_SIZE, rank=filterset.search_order)
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
    articles = Article.objects.published().filter(section=section).newest_first().for_listing()
    return render(
        request,
        "articles/section_detail.html",
        {
            "section": section,
            "page": paginate(request, articles, PAGE_SIZE),
            "feed_url": reverse("articles:feed_section", kwargs={"slug": slug}),
        },
    )


def author_detail(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Person.objects.prefetch_related("roles"), slug=slug)
    articles = Article.objects.published().by_author(author).newest_first().for_listing()
    page = paginate(request, articles, PAGE_SIZE)
    if not page.object_list:
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
    article = Article.objects.published().for_article_page().filter(slug=slug).first()
    if article is None:
        if Article.objects.expired().filter(slug=slug).exists():
            # Gone on purpose, not missing: search engines drop it, readers are told why.
            return render(request, "articles/expired.html", status=410)
        raise Http404("No such story.")
    return render_article(request, article)


def render_article(request: HttpRequest, article: Article, *, preview: bool = False):
    """The article page; previews of unpublished work render exactly the same page.

    ``article`` comes from ``for_article_page()``.
    """
    bylines, tags, corrections, people = article.page_parts()
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "people": people,
            "body": render_body(article, people),
            "bylines": bylines,
            "corrections": corrections,
            "tags": tags,
            "related": cached_related_stories(request, article, people=people, tags=tags),
            "structured_data": news_article(
                article, bylines=bylines, people=people, corrections=corrections, tags=tags
            ),
            "canonical_url": settings.SITE_URL + article.get_absolute_url(),
            "image_url": lead_image_url(article),
            "preview": preview,
        },
    )
    if preview:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def cached_related_stories(
    request: HttpRequest, article: Article, *, people, tags
) -> list[Article]:
    """Related stories, kept in the cache until anything public changes (content version)."""
    return content_version.cached(
        request, f"related:{article.pk}", lambda: related_stories(article, people=people, tags=tags)
    )


def related_stories(article: Article, *, people, tags) -> list[Article]:
    """Published stories sharing the most people or tags with ``article``, newest first.

    Bounded at any archive size: the candidates are the newest 20 stories of each of up to
    10 tags and 10 people (one UNION ALL over their indexes); the published ones among them
    are ranked by how many tags and people they share.
    """
    branches = [
        TaggedArticle.objects.filter(tag=tag)
        .exclude(content_object_id=article.pk)
        .order_by("-content_object_id")
        .values_list("content_object_id")[:20]
        for tag in tags[:10]
    ] + [
        Mention.objects.filter(person=person, status__in=Mention.VISIBLE)
        .exclude(article_id=article.pk)
        .order_by("-article_id")
        .values_list("article_id")[:20]
        for person in people[:10]
    ]
    shared = Counter(union_all_values(branches))
    if not shared:
        return []
    # Rank plain (id, date) rows, then load only the few stories shown.
    live = Article.objects.published().among(list(shared)).values_list("pk", "published_at")
    ranked = sorted(live, key=lambda row: (-shared[row[0]], -row[1].timestamp()))
    ids = [pk for pk, _ in ranked[:RELATED_STORIES]]
    stories = Article.objects.filter(pk__in=ids).only("headline", "slug", "published_at")
    return sorted(stories, key=lambda story: ids.index(story.pk))


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
        context = {"withdrawn": True}
        return _private(render(request, "articles/preview_expired.html", context, status=410))
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
    """The sitemap index, with absolute URLs from SITE_URL (never from the Host header)."""
    response = render(
        request,
        "sitemaps/index.xml",
        {"sitemaps": sitemaps.index_entries()},
        content_type="application/xml",
    )
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    raw = request.GET.get("p", "1")
    xml = sitemaps.section_xml(section, int(raw) if raw.isdigit() and len(raw) < 6 else 0)
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
