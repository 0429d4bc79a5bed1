"""Nothing unpublished leaks: a crawl of every public URL, as a reader and as a feed reader,
never reveals a draft, an article in review, a scheduled or an archived story."""

import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest

from articles.models import LiveUpdate, Partner, Pin, RelatedStory
from people.models import Mention, Quote
from storylines.models import Storyline
from tests.factories import (
    make_archived,
    make_article,
    make_correction,
    make_draft,
    make_in_review,
    make_person,
    make_scheduled,
    make_section,
    make_storyline,
    make_tag,
)

pytestmark = pytest.mark.django_db

SECRET_MAKERS = {
    "draft": make_draft,
    "in-review": make_in_review,
    "scheduled": make_scheduled,
    "archived": make_archived,
}
# In every story's source notes, which are for the desk: no public page, feed or API shows them.
DESK_ONLY = "Deskonlysentinel"
LINK = re.compile(
    r"""(?:href|src)=["']([^"'#]+)["']|<loc>([^<]+)</loc>|"(?:next|url)":\s*"([^"]+)\""""
)


@pytest.fixture
def newsroom():
    section = make_section(name="World", slug="world")
    author = make_person("Amina Odhiambo")
    person = make_person("Amani Kibet", honorific="President")
    tag = make_tag("Haiti", slug="haiti")
    public = make_article(
        headline="Public story about Haiti",
        section=section,
        authors=(author,),
        tags=(tag,),
        body="<p>President Amani Kibet spoke.</p>",
        source_notes=f"Contact: {DESK_ONLY}, 202-555-0100",
    )
    Mention.objects.create(article=public, person=person, count=1)
    make_correction(public, text="A public correction.")
    public.start_live_coverage()
    public.save()
    LiveUpdate.objects.create(article=public, text="<p>A public live update.</p>")
    secrets = []
    for state, make in SECRET_MAKERS.items():
        secret = make(
            headline=f"SECRET {state} headline",
            slug=f"secret-{state}",
            dek=f"SECRET {state} dek",
            section=section,
            authors=(author, make_person(f"Secretauthor {state}")),
            tags=(tag, make_tag(f"Secrettag {state}", slug=f"secrettag-{state}")),
            body=f"<p>SECRET {state} body with President Amani Kibet.</p>",
            source_notes=f"Sign-off: {DESK_ONLY} {state}",
        )
        Mention.objects.create(article=secret, person=person, count=1)
        Quote.objects.create(article=secret, speaker=person, text=f"SECRET {state} quote")
        make_correction(secret, text=f"SECRET {state} correction")
        secret.start_live_coverage()
        secret.save()
        LiveUpdate.objects.create(article=secret, text=f"<p>SECRET {state} live update</p>")
        secrets.append(secret)
    # A published storyline holding the public story, a milestone and every secret story;
    # a draft storyline; pins and hand-picked related stories naming the secret stories.
    storyline = make_storyline(title="Haiti mission", slug="haiti-mission")
    storyline.add_article(public)
    storyline.entries.create(title="Court ruling", date=public.published_at.date())
    draft_storyline = make_storyline(
        title="SECRET storyline", slug="secret-storyline", status=Storyline.Status.DRAFT
    )
    draft_storyline.add_article(public)
    for position, secret in enumerate(secrets):
        storyline.add_article(secret)
        Pin.objects.create(article=secret, position=position)
        Pin.objects.create(article=secret, section=section, position=position)
        RelatedStory.objects.create(article=public, related=secret, order=position)
    return public, secrets


def crawl(client, start_urls, limit=400):
    seen, queue, pages = set(), deque(start_urls), {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        if (
            path in seen
            or not path.startswith("/")
            or path.startswith(("/admin/", "/static/", "/media/"))
        ):
            continue
        seen.add(path)
        response = client.get(path)
        assert response.status_code in (200, 301, 302, 404), (path, response.status_code)
        body = response.content.decode("utf-8", errors="replace")
        pages[path] = body
        for groups in LINK.findall(body):
            found = next(g for g in groups if g)
            absolute = urljoin("http://127.0.0.1:8000" + path, found.replace("&amp;", "&"))
            if urlsplit(absolute).netloc in ("127.0.0.1:8000", "testserver", ""):
                queue.append(absolute)
    return pages


def test_crawl_of_every_public_url_never_reveals_unpublished_work(client, newsroom):
    public, secrets = newsroom
    starts = [
        "/",
        "/articles/",
        "/search/?q=SECRET",
        "/search/?q=Haiti",
        "/articles/?q=SECRET",
        "/tags/",
        "/people/",
        "/corrections/",
        "/feeds/latest/",
        "/feeds/latest/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/robots.txt",
        "/api/articles/",
        "/api/articles/?q=SECRET",
        "/api/people/",
        "/api/tags/",
        "/sections/world/feed/",
        "/tags/haiti/feed/",
        "/people/amani-kibet/feed/",
        "/authors/amina-odhiambo/feed/",
        "/sections/world/",
        "/storylines/",
        "/storylines/haiti-mission/",
        "/storylines/haiti-mission/?order=oldest",
        "/storylines/haiti-mission/feed/",
        "/storylines/secret-storyline/",
        "/storylines/secret-storyline/feed/",
    ]
    for secret in secrets:
        starts += [
            secret.get_absolute_url(),
            f"/api/articles/{secret.pk}/",
            f"{secret.get_absolute_url()}updates/",
            f"/articles/?tag=secrettag-{secret.slug.removeprefix('secret-')}",
        ]
    pages = crawl(client, starts)
    assert "/articles/" + public.slug + "/" in pages
    assert "Public story about Haiti" in pages["/"]
    assert "A public live update." in pages["/articles/" + public.slug + "/"]
    assert "Court ruling" in pages["/storylines/haiti-mission/"]
    assert "Previously in this story" in pages["/articles/" + public.slug + "/"]
    # The search pages echo the reader's own query ("SECRET") back; nothing else may.
    leaks = {
        path: body
        for path, body in pages.items()
        if re.search(
            rf"SECRET \w|Secretauthor|Secrettag|secret-|{DESK_ONLY}", body.replace("“SECRET”", "")
        )
    }
    assert not leaks, sorted(leaks)
    for secret in secrets:
        assert client.get(secret.get_absolute_url()).status_code == 404
        assert client.get(f"/api/articles/{secret.pk}/").status_code == 404
        assert client.get(f"{secret.get_absolute_url()}updates/").status_code == 404


def test_source_notes_are_in_no_search_result_nor_partner_item(client, newsroom):
    public, _secrets = newsroom
    assert client.get(f"/api/articles/?q={DESK_ONLY}").json()["results"] == []
    assert public.headline not in client.get(f"/search/?q={DESK_ONLY}").content.decode()
    _partner, token = partner()
    response = client.get("/partners/feed/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert public.headline in response.content.decode()
    assert DESK_ONLY not in response.content.decode()


def partner():
    found = Partner(name="Wire Partner")
    token = found.issue_token()
    found.save()
    return found, token


@pytest.mark.parametrize("state", list(SECRET_MAKERS))
def test_no_filter_parameter_widens_a_list_to_unpublished_articles(client, newsroom, state):
    for params in (
        f"?tag=secrettag-{state}",
        "?section=world&status=draft",
        "?status=published&published_at__gt=2000-01-01",
        "?date_from=1970-01-01&date_to=2999-12-31",
        f"?q=SECRET+{state}",
        "?person=amani-kibet",
    ):
        for base in ("/articles/", "/search/", "/api/articles/"):
            body = client.get(base + params).content.decode()
            assert f"SECRET {state} headline" not in body, base + params


def test_sitemap_pages_count_published_stories_only_not_drafts(client, monkeypatch):
    from articles import sitemaps

    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 3)
    published = [make_article(slug=f"out-{n}") for n in range(2)]
    for n in range(7):
        make_draft(slug=f"unseen-{n}")
    published += [make_article(slug=f"later-{n}") for n in range(2)]
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-articles.xml?p=2" in index
    assert "sitemap-articles.xml?p=3" not in index
    assert client.get("/sitemap-articles.xml?p=3").status_code == 404
    pages = [client.get(f"/sitemap-articles.xml?p={p}").content.decode() for p in (1, 2)]
    assert [page.count("<url>") for page in pages] == [3, 1]
    for article in published:
        assert sum(article.get_absolute_url() in page for page in pages) == 1


def test_sitemap_index_counts_public_people_and_tags_only(client, monkeypatch):
    from articles import sitemaps

    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 2)
    tag, person = make_tag("Public tag"), make_person("Public Person")
    make_article(tags=(tag,), authors=(person,))
    for n in range(5):
        make_draft(tags=(make_tag(f"Draft tag {n}"),), authors=(make_person(f"Draft Person {n}"),))
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-tags.xml?p=2" not in index
    assert "sitemap-people.xml?p=2" not in index
