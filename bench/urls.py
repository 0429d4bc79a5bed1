"""The site's URLs plus the framework floor: a view that returns a fixed string.

The floor goes through the same middleware as every page (sessions, the page cache, CSP...), so
"ratio to floor" compares a page with the cheapest response this stack can give.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("floor\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("newsroom.urls")),
]
