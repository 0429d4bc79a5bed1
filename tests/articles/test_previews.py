import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from articles.preview import SALT, make_preview_token
from tests.factories import make_draft, make_scheduled

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def shared_path(token: str) -> str:
    return f"/preview/{token}/"


def test_editor_previews_an_unpublished_story_as_readers_will_see_it(editor_client):
    article = make_draft(headline="Draft under embargo")
    response = editor_client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert response.status_code == 200
    assert "Draft under embargo" in response.content.decode()
    assert {"private", "no-store"} <= cache_directives(response)
    assert "noindex" in response["X-Robots-Tag"]


def test_anonymous_user_cannot_use_the_admin_preview(client):
    article = make_draft()
    response = client.get(f"/admin/articles/article/{article.pk}/preview/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_share_link_shows_the_story_without_an_account(client):
    article = make_scheduled(headline="Embargoed budget story")
    response = client.get(shared_path(make_preview_token(article)))
    assert response.status_code == 200
    assert "Embargoed budget story" in response.content.decode()
    assert {"private", "no-store"} <= cache_directives(response)
    assert "noindex" in response["X-Robots-Tag"]


def test_tampered_share_link_is_refused(client):
    article = make_draft()
    token = make_preview_token(article)
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert client.get(shared_path(tampered)).status_code == 404


def test_share_link_cannot_be_pointed_at_another_article(client):
    article, other = make_draft(), make_draft(headline="The other secret")
    token = make_preview_token(article)
    payload = signing.loads(token, salt=SALT)
    forged = signing.dumps({**payload, "article": other.pk}, salt="not-our-salt", compress=True)
    response = client.get(shared_path(forged))
    assert response.status_code == 404
    assert b"The other secret" not in response.content


def test_share_link_stops_working_when_it_expires(client, settings):
    settings.PREVIEW_LINK_MAX_AGE_SECONDS = 3600
    article = make_draft(headline="Short-lived preview")
    token = make_preview_token(article)
    assert client.get(shared_path(token)).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=3601)):
        response = client.get(shared_path(token))
    assert response.status_code == 410
    assert b"Short-lived preview" not in response.content


def test_editor_creates_a_share_link_from_the_change_form(editor_client):
    article = make_draft()
    response = editor_client.post(f"/admin/articles/article/{article.pk}/share/", follow=True)
    html = response.content.decode()
    assert "/preview/" in html
    assert "Share this preview link" in html
