import pytest

from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def some_news():
    make_section(name="World", slug="world")
    for n in range(3):
        make_article(headline=f"Story {n}")


@pytest.mark.parametrize(
    "path",
    [
        "/articles/?page=abc",
        "/articles/?page=-1",
        "/articles/?page=1.5",
        "/articles/?page=" + "9" * 40,
        "/articles/?date_from=garbage",
        "/articles/?date_to=2024-13-45",
        "/articles/?section=does-not-exist",
        "/articles/?tag=%00",
        "/articles/?person=../../etc/passwd",
        "/articles/?author=<script>",
        "/articles/?q=" + "x" * 5000,
        "/articles/?q=%22%22%22",
        "/articles/?q=AND+OR+NOT",
        "/articles/?q=NEAR(a+b)",
        "/articles/?q=headline:x",
        "/articles/?q=*",
        "/articles/?q=%F0%9F%98%80",
        "/articles/?q=a%00b",
        "/search/?q=",
        "/search/?q=" + "ü" * 3000,
        "/search/?q=%27;+DROP+TABLE+articles_article;--",
        "/people/?letter=%C3%BC&page=zz",
        "/people/?q=" + "y" * 5000,
        "/api/articles/?page=abc&date_from=nope",
        "/api/articles/?q=" + "z" * 5000,
    ],
)
def test_bad_parameters_give_a_normal_page_never_a_500(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/articles/?page=999999",
        "/articles/no-such-story/",
        "/sections/no-such-section/",
        "/tags/no-such-tag/",
        "/people/no-such-person/",
        "/authors/no-such-author/",
        "/sections/no-such-section/feed/",
        "/tags/no-such-tag/feed/",
        "/people/no-such-person/feed/",
        "/authors/no-such-author/feed/",
        "/api/articles/999999/",
        "/preview/not-a-token/",
        "/sitemap-nothing.xml",
    ],
)
def test_unknown_things_are_404(client, path):
    assert client.get(path).status_code == 404


def test_404_page_is_styled_and_helpful(client):
    html = client.get("/articles/gone/").content.decode()
    assert "Page not found" in html and 'href="/"' in html and '<main id="main"' in html


def test_malformed_date_is_reported_not_applied(client):
    html = client.get("/articles/?date_from=garbage").content.decode()
    assert "Enter a valid date" in html
    assert "Story 0" in html


@pytest.mark.parametrize("path", ["/articles/?", "/search/?q=story&", "/api/articles/?"])
def test_last_possible_date_to_is_an_open_end_not_a_500(client, path):
    response = client.get(path + "date_to=9999-12-31")
    assert response.status_code == 200
    assert "Story 0" in response.content.decode()


@pytest.mark.parametrize("path", ["/articles/?", "/search/?q=story&", "/api/articles/?"])
def test_first_possible_date_from_east_of_utc_is_an_open_start_not_a_500(client, settings, path):
    settings.TIME_ZONE = "Asia/Tokyo"
    response = client.get(path + "date_from=0001-01-01")
    assert response.status_code == 200
    assert "Story 0" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["date_from=9999-12-31", "date_to=0001-01-01", "date_from=0001-01-01&date_to=9999-12-31"],
)
def test_extreme_dates_in_any_time_zone_never_give_a_500(client, settings, query):
    for zone in ("Asia/Tokyo", "America/Los_Angeles", "UTC"):
        settings.TIME_ZONE = zone
        for path in ("/articles/", "/search/?q=story&", "/api/articles/"):
            separator = "" if path.endswith("&") else "?"
            assert client.get(f"{path}{separator}{query}").status_code == 200, (zone, path)
