"""The person page: who someone is, the published stories that mention them, their quotes.

It lists stories, so it lives with them (``people`` may not import ``articles``); the URL
stays ``people:detail`` (``articles/people_urls.py``). The people index is ``people.views``.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from articles.models import Article, live_article_exists
from newsroom.pagination import paginate
from people.models import Person, Quote

ARTICLES_PER_PAGE = 20
QUOTES_ON_PAGE = 10


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.public().prefetch_related("roles"), slug=slug)
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
