"""The tag pages (/tags/): every public tag, and one tag's published stories. Served by
``articles`` because both list stories or depend on them; the URL names stay ``tags:...``."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles.models import Article
from articles.tagging import public_tags
from newsroom.pagination import paginate
from tags.models import Tag


def tag_index(request: HttpRequest) -> HttpResponse:
    """Every tag with published stories, grouped by kind.

    No per-tag counts: counting published stories per tag means reading every tagging in the
    archive (seconds at 100,000 stories); the tag pages list the stories themselves.
    """
    tags = public_tags().order_by("kind", "name").only("name", "slug", "kind")
    groups: dict[str, list[Tag]] = {}
    for tag in tags:
        groups.setdefault(tag.kind, []).append(tag)
    return render(request, "tags/tag_index.html", {"groups": list(groups.items())})


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(public_tags(), slug=slug)
    articles = Article.objects.published().tagged(tag).newest_first().for_listing()
    return render(
        request,
        "tags/tag_detail.html",
        {
            "tag": tag,
            "page": paginate(request, articles, 20),
            "feed_url": reverse("articles:feed_tag", kwargs={"slug": slug}),
        },
    )
