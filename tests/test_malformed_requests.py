"""No 500 for anything a visitor can send: every public address, crossed with hostile
parameters, methods and headers (well over 1,000 requests).

The addresses come from the URL configuration itself, so a new public page is covered the day
it is added; a parameter in a new route that this file cannot fill in fails loudly.
"""

import re
from itertools import product

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_article, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db

# Every query parameter a public page or the API reads, and a few it does not.
PARAMETERS = [
    "page",
    "q",
    "date_from",
    "date_to",
    "section",
    "tag",
    "person",
    "author",
    "letter",
    "order",
    "p",
    "kind",
    "format",
    "page_size",
]
VALUES = [
    "",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "%00",
    "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"unbalanced',
    "NEAR(a b)",
    "x" * 3000,
    "../../etc/passwd",
    "%F0%9F%98%80",
]
HEADERS = [
    {"HTTP_IF_NONE_MATCH": '"' + "a" * 500},
    {"HTTP_IF_NONE_MATCH": "*"},
    {"HTTP_IF_MODIFIED_SINCE": "Mon, 32 Foo 99999 25:61:61 GMT"},
    {"HTTP_IF_MODIFIED_SINCE": "Sat, 01 Jan 0001 00:00:00 GMT"},
    {"HTTP_ACCEPT_LANGUAGE": "zz-" + "Z" * 300},
    {"HTTP_RANGE": "bytes=99999999999-"},
    {"HTTP_X_FORWARDED_FOR": "not-an-address, 999.1.1.1"},
]


def public_routes(patterns=None, prefix="") -> list[tuple[str, str]]:
    """(route, URL name) of every public address: everything but the admin."""
    routes = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith("admin/"):
            continue
        if isinstance(pattern, URLResolver):
            routes += public_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            routes.append((route, pattern.name or ""))
    return routes


def fill(route: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise AssertionError(f"Cannot fill in <{name}> in {route!r}: add it to this test")
        return values[name]

    path = re.sub(r"<(?:\w+:)?(\w+)>", value, route)
    if path.startswith("^") or "(?P" in path:
        raise AssertionError(f"Cannot fill in the regular expression route {route!r}")
    return "/" + path.lstrip("^").rstrip("$")


@pytest.fixture
def addresses() -> list[str]:
    section = make_section(name="World", slug="world")
    person = make_person("Amina Odhiambo")
    tag = make_tag("Harbour")
    story = make_article(
        headline="Harbour reopens", section=section, tags=(tag,), authors=(person,)
    )
    values = {
        "slug": story.slug,
        "pk": str(story.pk),
        "id": str(story.pk),
        "token": "not-a-token",
        "kind": "tag",
        "section": "articles",
        "path": "x",
        "url": "x",
    }
    found = []
    for route, _name in public_routes():
        found.append(fill(route, values))
        # The same page for a record that does not exist.
        if "<slug" in route or "<int" in route:
            found.append(fill(route, values | {"slug": "no-such-thing", "pk": "999999"}))
    return sorted(set(found))


def test_no_public_address_answers_500_whatever_a_visitor_sends(addresses):
    client = Client(raise_request_exception=False)
    failures, sent = [], 0
    # Each hostile value in every parameter at once, then each parameter alone with each
    # value on the pages that read parameters the most (lists, search, the API).
    requests = [
        (address, dict.fromkeys(PARAMETERS, value)) for address in addresses for value in VALUES
    ]
    listing = [
        a for a in addresses if a in ("/articles/", "/search/", "/api/articles/", "/people/")
    ]
    requests += [
        (address, {parameter: value})
        for address, parameter, value in product(listing, PARAMETERS, VALUES)
    ]
    for address, query in requests:
        response = client.get(address, query)
        sent += 1
        if response.status_code >= 500:
            failures.append(f"GET {address}?{str(query)[:80]}")
    for address, headers in product(addresses, HEADERS):
        for method in ("get", "head", "post", "options"):
            response = getattr(client, method)(address, **headers)
            sent += 1
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {address} {headers}")
    assert sent > 1000
    assert not failures, f"{len(failures)} of {sent} requests answered 5xx: {failures[:20]}"
