"""The people index (search, A-Z). The person page lists stories: ``articles.people_pages``."""

import string

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from newsroom.pagination import paginate
from people.models import Person

LETTERS = list(string.ascii_uppercase)
PEOPLE_PER_PAGE = 60


def person_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    letter = request.GET.get("letter", "").strip().upper()[:1]
    people = Person.objects.public().order_by("sort_name", "name")
    if query:
        people = people.filter(
            Q(name__icontains=query)
            | Q(aliases__text__icontains=query)
            | Q(roles__title__icontains=query)
        ).distinct()
    elif letter in LETTERS:
        people = people.filter(sort_name__istartswith=letter)
    else:
        letter = ""
    fields = ("name", "slug", "honorific", "sort_name")
    return render(
        request,
        "people/person_index.html",
        {
            "page": paginate(
                request, people.only(*fields).prefetch_related("roles"), PEOPLE_PER_PAGE
            ),
            "query": query,
            "letter": letter,
            "letters": LETTERS,
        },
    )
