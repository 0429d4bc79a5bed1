"""People pages: the directory index (search, A-Z) and one page per person."""

import string

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from newsroom.pagination import paginate
from people.models import Person, Quote

LETTERS = list(string.ascii_uppercase)
PEOPLE_PER_PAGE = 60
ARTICLES_PER_PAGE = 20
QUOTES_ON_PAGE = 10


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


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.public().prefetch_related("roles"), slug=slug)
    from articles.models import Article, live_article_exists  # articles depends on people

    articles = Article.objects.published().mentioning(person).newest_first().for_listing()
    # Newest first by article id: the (speaker, article) index serves it without sorting
    # every quote of a much-quoted person.
    quotes = (
        Quote.objects.filter(live_article_exists("article_id"), speaker=person)
        .select_related("article")
        .order_by("-article_id", "position")[:QUOTES_ON_PAGE]
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "role": person.role_on(None),
            "roles": list(person.roles.all()),
            "page": paginate(request, articles, ARTICLES_PER_PAGE),
            "quotes": quotes,
            "feed_url": reverse("articles:feed_person", kwargs={"slug": slug}),
        },
    )
