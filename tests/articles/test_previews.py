import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.utils import timezone

from articles.models import PreviewLink
from articles.preview import SALT, create_preview_link, make_preview_token
from tests.factories import (
    make_archived,
    make_article,
    make_draft,
    make_editor,
    make_reporter,
    make_scheduled,
)

pytestmark = pytest.mark.django_db


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def shared_path(token: str) -> str:
    return f"/preview/{token}/"


def link_path(article, **fields) -> str:
    """The share-link path of a new link to ``article``."""
    return shared_path(make_preview_token(create_preview_link(article=article, **fields)))


@pytest.fixture
def reader():
    """Anonymous, apart from editor_client and reporter_client (which sign ``client`` in)."""
    return Client()


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


def test_share_link_shows_the_story_without_an_account(reader):
    article = make_scheduled(headline="Embargoed budget story")
    response = reader.get(link_path(article))
    assert response.status_code == 200
    assert "Embargoed budget story" in response.content.decode()
    assert {"private", "no-store"} <= cache_directives(response)
    assert "noindex" in response["X-Robots-Tag"]


def test_tampered_share_link_is_refused(reader):
    token = make_preview_token(create_preview_link(article=make_draft()))
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert reader.get(shared_path(tampered)).status_code == 404


def test_share_link_cannot_be_pointed_at_another_link(reader):
    link = create_preview_link(article=make_draft())
    other = create_preview_link(article=make_draft(headline="The other secret"))
    payload = signing.loads(make_preview_token(link), salt=SALT)
    forged = signing.dumps({**payload, "link": other.pk}, salt="not-our-salt", compress=True)
    response = reader.get(shared_path(forged))
    assert response.status_code == 404
    assert b"The other secret" not in response.content


def test_share_link_in_the_old_format_naming_an_article_is_refused(reader):
    article = make_draft(headline="Old-style link")
    token = signing.dumps({"article": article.pk}, salt=SALT, compress=True)
    response = reader.get(shared_path(token))
    assert response.status_code == 404
    assert b"Old-style link" not in response.content


def test_share_link_stops_working_when_it_expires(reader, settings):
    settings.PREVIEW_LINK_MAX_AGE_SECONDS = 3600
    path = link_path(make_draft(headline="Short-lived preview"))
    assert reader.get(path).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=3601)):
        response = reader.get(path)
    assert response.status_code == 410
    assert b"Short-lived preview" not in response.content


def test_revoked_share_link_stops_working(reader, editor):
    link = create_preview_link(article=make_draft(headline="Leaked too soon"))
    path = shared_path(make_preview_token(link))
    assert reader.get(path).status_code == 200
    link.revoke(by=editor)
    response = reader.get(path)
    assert response.status_code == 404
    assert b"Leaked too soon" not in response.content
    assert b"withdrawn" in response.content


def test_share_link_stops_working_when_the_story_is_archived(reader):
    article = make_draft(headline="Spiked story")
    path = link_path(article)
    article.publish()
    article.unpublish()
    article.save()
    response = reader.get(path)
    assert response.status_code == 404
    assert b"Spiked story" not in response.content


def test_share_link_to_a_published_story_sends_readers_to_its_public_address(reader):
    article = make_draft(headline="Out now")
    path = link_path(article)
    article.publish()
    article.save()
    response = reader.get(path)
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()


def test_editor_creates_a_share_link_from_the_change_form(editor_client, editor):
    article = make_draft()
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/share/",
        {"preview_note": "For the legal desk"},
        follow=True,
    )
    html = response.content.decode()
    assert "/preview/" in html
    assert "Share this preview link" in html
    link = PreviewLink.objects.get(article=article)
    assert (link.created_by, link.note) == (editor, "For the legal desk")


def test_no_share_link_for_an_archived_story(editor_client):
    article = make_archived()
    editor_client.post(f"/admin/articles/article/{article.pk}/share/")
    assert not PreviewLink.objects.filter(article=article).exists()


def test_editor_sees_the_live_links_of_a_story_and_revokes_one(editor_client, reader):
    article = make_draft()
    kept = create_preview_link(article=article, note="For the subject")
    doomed = create_preview_link(article=article, note="Sent to the wrong person")
    create_preview_link(article=article, note="Already withdrawn").revoke(by=None)
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "For the subject" in html and "Sent to the wrong person" in html
    assert "Already withdrawn" not in html
    response = editor_client.post(
        f"/admin/articles/article/{article.pk}/share/{doomed.pk}/revoke/", follow=True
    )
    listed = response.content.decode().split("Live share-preview links")[1]
    assert "For the subject" in listed and "Sent to the wrong person" not in listed
    doomed.refresh_from_db()
    assert doomed.revoked_at is not None
    assert reader.get(shared_path(make_preview_token(doomed))).status_code == 404
    assert reader.get(shared_path(make_preview_token(kept))).status_code == 200


def test_reporter_revokes_a_link_to_their_own_draft(reporter_client, reporter):
    link = create_preview_link(article=make_draft(created_by=reporter), created_by=reporter)
    reporter_client.post(f"/admin/articles/article/{link.article_id}/share/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_reporter_cannot_see_or_revoke_links_to_a_colleagues_story(reporter_client, reader):
    colleague = make_reporter("colleague")
    article = make_article(created_by=colleague)  # published: the reporter can open it
    link = create_preview_link(article=make_draft(created_by=colleague), note="Private note")
    own_view = create_preview_link(article=article, note="Another private note")
    html = reporter_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Another private note" not in html
    for target in (link, own_view):
        reporter_client.post(
            f"/admin/articles/article/{target.article_id}/share/{target.pk}/revoke/"
        )
        target.refresh_from_db()
        assert target.revoked_at is None


def test_a_link_cannot_be_revoked_through_another_storys_address(editor_client):
    link = create_preview_link(article=make_draft())
    other = make_draft()
    response = editor_client.post(f"/admin/articles/article/{other.pk}/share/{link.pk}/revoke/")
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_revocation_records_who_and_when(editor):
    link = create_preview_link(article=make_draft(), created_by=make_editor("author"))
    link.revoke(by=editor)
    link.refresh_from_db()
    assert link.revoked_by == editor
    assert link.revoked_at <= timezone.now()
