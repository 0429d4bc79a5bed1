from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tags.models import Tag


def tag_index(request: HttpRequest) -> HttpResponse:
    return render(request, "tags/tag_index.html", {"tags": Tag.objects.order_by("name")})


def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    # tags never imports articles at module level (articles depends on tags).
    Article = apps.get_model("articles", "Article")
    articles = Article.objects.published().filter(taggings__tag=tag).newest_first().for_listing()
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    return render(request, "tags/tag_detail.html", {"tag": tag, "page": page})
