"""Public storyline pages. Readers get 404 for a draft storyline; timelines show only what
``StorylineEntry.objects.public()`` returns."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from newsroom.pagination import paginate
from storylines.models import Storyline
from storylines.structured_data import item_list

PAGE_SIZE = 20
# A timeline page: 500 entries are 10 pages, each a fixed number of queries.
TIMELINE_PAGE_SIZE = 50


def storyline_index(request: HttpRequest) -> HttpResponse:
    storylines = Storyline.objects.published().order_by("-updated_at", "-id")
    return render(
        request,
        "storylines/storyline_index.html",
        {"page": paginate(request, storylines, PAGE_SIZE)},
    )


def storyline_detail(request: HttpRequest, slug: str) -> HttpResponse:
    storyline = get_object_or_404(
        Storyline.objects.published().select_related("lead_image"), slug=slug
    )
    oldest_first = request.GET.get("order") == "oldest"
    page = paginate(request, storyline.timeline(oldest_first=oldest_first), TIMELINE_PAGE_SIZE)
    return render(
        request,
        "storylines/storyline_detail.html",
        {
            "storyline": storyline,
            "page": page,
            "oldest_first": oldest_first,
            "structured_data": item_list(storyline, page.object_list),
            "canonical_url": settings.SITE_URL + storyline.get_absolute_url(),
            "feed_url": reverse("storylines:feed", kwargs={"slug": slug}),
        },
    )
