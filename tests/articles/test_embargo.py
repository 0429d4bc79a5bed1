"""Embargo: a finished story partners may receive, marked embargoed, that readers never see
before its time and see from that moment on by itself; and the partner feed's tokens."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Partner
from articles.partners import partner_ninjs
from people.models import Mention
from tests.articles.admin_helpers import article_form_data
from tests.articles.test_export_articles import ninjs_validator
from tests.articles.test_leaks import crawl
from tests.factories import (
    make_article,
    make_draft,
    make_in_review,
    make_person,
    make_scheduled,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

SENTINEL = "xylophonic"
START_URLS = [
    "/",
    "/articles/",
    "/search/?q=budget",
    "/articles/?q=budget",
    "/tags/",
    "/people/",
    "/corrections/",
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/news-sitemap.xml",
    "/api/articles/",
    "/api/articles/?q=budget",
    "/sections/world/",
    "/sections/world/feed/",
    "/tags/budget/",
    "/tags/budget/feed/",
    "/people/amani-kibet/",
    "/people/amani-kibet/feed/",
    "/authors/amina-odhiambo/",
]


@pytest.fixture
def embargoed():
    """A budget story embargoed for two hours, published (finished) now."""
    section = make_section(name="World", slug="world")
    author = make_person("Amina Odhiambo")
    person = make_person("Amani Kibet")
    tag = make_tag("Budget", slug="budget")
    make_article(
        headline="Budget week begins", section=section, authors=(author,), tags=(tag,)
    ).mentions.create(person=person, count=1)
    lifts = timezone.now() + timedelta(hours=2)
    story = make_article(
        headline="Xylophonic budget cuts announced",
        slug="xylophonic-budget-cuts",
        dek="Xylophonic cuts to every ministry.",
        section=section,
        authors=(author,),
        tags=(tag,),
        body="<p>The xylophonic budget, said Amani Kibet.</p>",
        published_at=timezone.now() - timedelta(minutes=1),
        embargo_until=lifts,
    )
    Mention.objects.create(article=story, person=person, count=1)
    return story, lifts


def pages_with_the_sentinel(client, story) -> list[str]:
    pages = crawl(client, [*START_URLS, story.get_absolute_url(), f"/api/articles/{story.pk}/"])
    return sorted(path for path, body in pages.items() if SENTINEL in body.lower())


def test_embargoed_story_is_on_no_public_surface_before_its_time(client, embargoed):
    story, lifts = embargoed
    with time_machine.travel(lifts - timedelta(seconds=1), tick=False):
        assert pages_with_the_sentinel(client, story) == []
        assert client.get(story.get_absolute_url()).status_code == 404
        assert client.get(f"/api/articles/{story.pk}/").status_code == 404
        assert not Article.objects.published().filter(pk=story.pk).exists()


def test_embargoed_story_goes_live_by_itself_at_its_time(client, embargoed):
    story, lifts = embargoed
    with time_machine.travel(lifts - timedelta(minutes=1), tick=False):
        assert SENTINEL not in client.get("/articles/").content.decode().lower()  # now cached
    with time_machine.travel(lifts, tick=False):
        found = pages_with_the_sentinel(client, story)
        assert client.get(story.get_absolute_url()).status_code == 200
    for path in (
        "/",
        "/articles/",
        "/feeds/latest/",
        "/sitemap-articles.xml",
        "/api/articles/",
        "/tags/budget/",
        "/people/amani-kibet/",
        story.get_absolute_url(),
    ):
        assert path in found, path


def test_embargo_then_expiry_leaves_the_site_with_410(client, embargoed):
    story, lifts = embargoed
    Article.objects.filter(pk=story.pk).update(expires_at=lifts + timedelta(hours=1))
    with time_machine.travel(lifts + timedelta(hours=1), tick=False):
        assert SENTINEL not in client.get("/articles/").content.decode().lower()
        assert client.get(story.get_absolute_url()).status_code == 410


def test_expiry_before_the_embargo_lifts_is_refused():
    story = make_article(embargo_until=timezone.now() + timedelta(hours=2))
    story.expires_at = timezone.now() + timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert error.value.message_dict["expires_at"] == [
        "The expiry time must be after the embargo time."
    ]


# --- The admin ----------------------------------------------------------------------------


def test_editor_sees_embargoed_until_in_the_list_and_the_form(editor_client, embargoed):
    story, lifts = embargoed
    when = timezone.localtime(lifts).strftime("%d %b %Y %H:%M")
    listing = editor_client.get("/admin/articles/article/?view=embargoed").content.decode()
    assert f"Embargoed until {when}" in listing
    assert "Budget week begins" not in listing
    form = editor_client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()
    assert "Embargoed until" in form and "partners receive it now" in form


def test_editor_sets_an_embargo_in_the_admin(editor_client):
    story = make_article(tags=(make_tag(),))
    when = timezone.localtime(timezone.now() + timedelta(days=1)).replace(microsecond=0)
    data = article_form_data(
        story, embargo_until_0=when.strftime("%Y-%m-%d"), embargo_until_1=when.strftime("%H:%M:%S")
    )
    response = editor_client.post(f"/admin/articles/article/{story.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    story.refresh_from_db()
    assert story.embargo_until == when and story.is_embargoed and not story.is_live


# --- The partner feed -------------------------------------------------------------------


def partner(**fields) -> tuple[Partner, str]:
    fields.setdefault("name", "Wire Partner")
    p = Partner(**fields)
    token = p.issue_token()
    p.save()
    return p, token


def headline(item: dict) -> str:
    return item["headlines"][0]["value"]


def feed(client, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    return client.get("/partners/feed/", **headers)


def test_partner_feed_carries_the_embargoed_story_marked_embargoed(client, embargoed):
    _story, lifts = embargoed
    _, token = partner()
    response = feed(client, token)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    items = {headline(item): item for item in response.json()["items"]}
    item = items["Xylophonic budget cuts announced"]
    assert datetime.fromisoformat(item["embargoed"]) == lifts
    assert item["pubstatus"] == "usable"
    assert items["Budget week begins"]["pubstatus"] == "usable"
    assert "embargoed" not in items["Budget week begins"]


def test_partner_feed_items_validate_against_the_ninjs_2_2_schema(client, embargoed):
    _, token = partner()
    validator = ninjs_validator()
    for item in feed(client, token).json()["items"]:
        validator.validate(item)


def test_partner_feed_never_carries_drafts_review_scheduled_or_expired_stories(client):
    make_draft(headline="Draft story")
    make_in_review(headline="Review story")
    make_scheduled(headline="Scheduled story")
    make_draft(headline="Embargoed draft", embargo_until=timezone.now() + timedelta(hours=1))
    make_article(headline="Expired story", expires_at=timezone.now() - timedelta(minutes=1))
    make_article(headline="Live story")
    _, token = partner()
    assert [headline(item) for item in feed(client, token).json()["items"]] == ["Live story"]


def test_partner_feed_after_the_embargo_drops_the_embargoed_mark(client, embargoed):
    _story, lifts = embargoed
    _, token = partner()
    with time_machine.travel(lifts + timedelta(seconds=1), tick=False):
        items = feed(client, token).json()["items"]
    assert all("embargoed" not in item for item in items)


def test_partner_feed_without_a_token_is_401(client, embargoed):
    response = feed(client, None)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert SENTINEL not in response.content.decode().lower()


def test_partner_feed_with_a_wrong_token_is_401(client, embargoed):
    partner()
    response = feed(client, "not-the-token")
    assert response.status_code == 401
    assert SENTINEL not in response.content.decode().lower()


def test_partner_feed_with_a_revoked_token_is_403(client, embargoed):
    _revoked, token = partner(is_active=False)
    response = feed(client, token)
    assert response.status_code == 403
    assert SENTINEL not in response.content.decode().lower()


def test_editor_revokes_a_partner_in_the_admin_and_its_token_stops_working(
    client, admin_client, embargoed
):
    wire, token = partner()
    assert feed(client, token).status_code == 200
    admin_client.post(
        "/admin/articles/partner/", {"action": "revoke", "_selected_action": [wire.pk]}
    )
    assert feed(client, token).status_code == 403


def test_adding_a_partner_in_the_admin_shows_its_token_once_and_stores_only_a_hash(
    admin_client, client
):
    response = admin_client.post(
        "/admin/articles/partner/add/", {"name": "Agency", "is_active": "on"}, follow=True
    )
    message = next(str(m) for m in response.context["messages"])
    token = message.split("Token for Agency: ")[1].split(" ")[0]
    stored = Partner.objects.get(name="Agency")
    assert token not in stored.token_hash
    assert feed(client, token).status_code == 200


def test_partner_scoped_to_a_section_gets_only_that_section(client, embargoed):
    sport = make_section(name="Sport", slug="sport")
    make_article(headline="Match report", section=sport)
    scoped, token = partner()
    scoped.sections.set([sport])
    assert [headline(item) for item in feed(client, token).json()["items"]] == ["Match report"]


def test_partner_record_of_a_live_story_has_its_public_address(embargoed):
    story, _ = embargoed
    assert partner_ninjs(story)["uri"].endswith("/articles/xylophonic-budget-cuts/")


def test_reporter_cannot_see_a_colleagues_embargoed_story_in_the_admin(reporter_client, embargoed):
    story, _ = embargoed
    listing = reporter_client.get("/admin/articles/article/").content.decode()
    assert "Budget week begins" in listing
    assert SENTINEL not in listing.lower()
    assert reporter_client.get(f"/admin/articles/article/{story.pk}/change/").status_code in (
        302,
        404,
    )
    assert reporter_client.get(f"/admin/articles/article/{story.pk}/preview/").status_code == 404
