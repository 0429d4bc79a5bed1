from django.apps import apps
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from newsroom.pagination import paginate
from tags.models import Tag


def tag_index(request: HttpRequest) -> HttpResponse:
    """Every tag with published stories, grouped by kind, with its count of stories."""
    live = Q(
        taggings__content_object__status="published",
        taggings__content_object__published_at__lte=timezone.now(),
    )
    tags = (
        Tag.objects.annotate(article_count=Count("taggings", filter=live))
        .filter(article_count__gt=0)
        .order_by("kind", "name")
    )
    groups: dict[str, list[Tag]] = {}
    for tag in tags:
        groups.setdefault(tag.kind, []).append(tag)
    return render(request, "tags/tag_index.html", {"groups": list(groups.items())})


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.public(), slug=slug)
    # tags never imports articles at module level (articles depends on tags).
    Article = apps.get_model("articles", "Article")
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
