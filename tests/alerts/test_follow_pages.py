import re

import pytest
from django.core import mail
from django.urls import reverse

from alerts import tokens
from alerts.models import Follow, Subscriber
from tests.alerts.helpers import make_follower, mention
from tests.factories import make_article, make_draft, make_person, make_section

pytestmark = pytest.mark.django_db


def follow_url(kind, target):
    return reverse("alerts:follow", args=[kind, target.slug])


def confirm_link(message) -> str:
    return re.search(r"http://[^\s]+/alerts/confirm/[^\s]+/", message.body).group(0)


def test_following_a_person_takes_a_confirmation_click_before_anything_is_stored(client):
    ruto = make_person("William Ruto")
    mention(make_article(), ruto)
    response = client.post(follow_url("person", ruto), {"email": "Reader@Example.org"})
    assert response.status_code == 200
    assert Subscriber.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    path = confirm_link(message).removeprefix("http://127.0.0.1:8000")
    assert client.get(path).status_code == 200
    assert Subscriber.objects.count() == 0  # opening the link (a mail scanner) confirms nothing
    response = client.post(path)
    assert response.status_code == 302
    follow = Follow.objects.get()
    assert (follow.kind, follow.target_id, follow.subscriber.email) == (
        "person",
        ruto.pk,
        "reader@example.org",
    )
    assert follow.subscriber.confirmed_at is not None


def test_a_person_known_only_from_a_draft_cannot_be_followed(client):
    secret = make_person("Secret Minister")
    mention(make_draft(), secret)
    assert client.get(follow_url("person", secret)).status_code == 404
    assert client.post(follow_url("person", secret), {"email": "a@example.org"}).status_code == 404
    assert mail.outbox == []


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client):
    section = make_section()
    make_follower("known@example.org", "section", section)
    known = client.post(follow_url("section", section), {"email": "known@example.org"})
    unknown = client.post(follow_url("section", section), {"email": "new@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.content.replace(b"known", b"new") == unknown.content
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["new@example.org"]]
    assert mail.outbox[0].subject == mail.outbox[1].subject


def test_an_expired_or_forged_confirmation_link_confirms_nothing(client, settings):
    section = make_section()
    token = tokens.confirmation_token(email="a@example.org", kind="section", target_id=section.pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(reverse("alerts:confirm", args=[forged])).status_code == 404
    settings.ALERTS_CONFIRM_MAX_AGE_SECONDS = -1
    assert client.post(reverse("alerts:confirm", args=[token])).status_code == 404
    assert Subscriber.objects.count() == 0


def test_sign_ups_are_limited_per_address_and_per_ip(client, settings):
    settings.ALERTS_SIGNUPS_PER_ADDRESS = 2
    settings.ALERTS_SIGNUPS_PER_IP = 3
    section = make_section()
    url = follow_url("section", section)
    assert client.post(url, {"email": "a@example.org"}).status_code == 200
    assert client.post(url, {"email": "a@example.org"}).status_code == 200
    assert client.post(url, {"email": "a@example.org"}).status_code == 429
    assert client.post(url, {"email": "b@example.org"}).status_code == 429  # 4th from this IP
    other_ip = client.post(url, {"email": "b@example.org"}, REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200
    assert len(mail.outbox) == 3


def test_the_follow_form_needs_a_csrf_token(db):
    from django.test import Client

    section = make_section()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(follow_url("section", section), {"email": "a@example.org"})
    assert response.status_code == 403
    assert mail.outbox == []


def test_public_pages_link_to_the_follow_page_and_stay_cacheable(client):
    section = make_section()
    make_article(section=section)
    response = client.get(section.get_absolute_url())
    assert follow_url("section", section).encode() in response.content
    assert response["Cache-Control"].startswith("public")
    assert "csrftoken" not in response.cookies


def test_one_click_unsubscribe_post_deletes_the_subscriber_without_a_csrf_token(db):
    from django.test import Client

    subscriber = make_follower("reader@example.org", "section", make_section())
    url = reverse("alerts:unsubscribe", args=[tokens.subscriber_token(subscriber)])
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert not Follow.objects.exists()


def test_the_manage_page_changes_frequency_and_unfollows(client):
    section, other = make_section(), make_section()
    subscriber = make_follower("reader@example.org", "section", section)
    make_follower("reader@example.org", "section", other)
    keep = subscriber.follows.get(target_id=section.pk)
    url = reverse("alerts:manage", args=[tokens.subscriber_token(subscriber)])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    client.post(url, {"frequency": "daily", "keep": [keep.pk]})
    subscriber.refresh_from_db()
    assert subscriber.frequency == "daily"
    assert list(subscriber.follows.values_list("target_id", flat=True)) == [section.pk]


def test_a_manage_link_stops_working_once_the_subscriber_is_deleted(client):
    subscriber = make_follower("reader@example.org", "section", make_section())
    token = tokens.subscriber_token(subscriber)
    subscriber.delete()
    assert client.get(reverse("alerts:manage", args=[token])).status_code == 404


def test_a_subscriber_can_download_their_data(client):
    subscriber = make_follower("reader@example.org", "section", make_section())
    response = client.post(reverse("alerts:export", args=[tokens.subscriber_token(subscriber)]))
    assert response.json()["email"] == "reader@example.org"
    assert response.json()["follows"][0]["kind"] == "section"
