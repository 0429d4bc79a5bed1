from django.apps import apps
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from people.models import Person


def person_index(request: HttpRequest) -> HttpResponse:
    people = Person.objects.order_by("sort_name", "name")
    return render(request, "people/person_index.html", {"people": people})


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    # people never imports articles at module level (articles depends on people).
    Article = apps.get_model("articles", "Article")
    articles = (
        Article.objects.published()
        .filter(mentions__person=person)
        .exclude(mentions__status="rejected")
        .distinct()
        .newest_first()
        .for_listing()
    )
    page = Paginator(articles, 20).get_page(request.GET.get("page"))
    return render(request, "people/person_detail.html", {"person": person, "page": page})
