from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alerts.models import Delivery, Newsletter
from tests.alerts.helpers import make_follower, mention, send_alerts
from tests.factories import make_article, make_draft, make_person, make_section

pytestmark = pytest.mark.django_db


def at_local(hour: int, minute: int = 0, day_offset: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def make_newsletter(**fields) -> Newsletter:
    fields.setdefault("name", "Morning briefing")
    fields.setdefault("slug", "morning-briefing")
    fields.setdefault("send_time", time(6, 30))
    return Newsletter.objects.create(**fields)


def test_a_newsletter_goes_out_once_at_its_time_with_the_stories_its_rule_selects():
    section, other = make_section(), make_section()
    ruto = make_person("William Ruto")
    newsletter = make_newsletter()
    newsletter.sections.add(section)
    newsletter.people.add(ruto)
    make_follower("reader@example.org", "newsletter", newsletter)
    evening = at_local(19, day_offset=-1)  # computed before the clock is moved
    with mock.patch("django.utils.timezone.now", return_value=at_local(20, day_offset=-1)):
        make_article(section=section, headline="In the section", published_at=evening)
        mention(
            make_article(section=other, headline="Mentions Ruto", published_at=evening),
            ruto,
        )
        make_article(section=other, headline="Not selected", published_at=evening)
        mention(make_draft(section=section, headline="A draft"), ruto)
        send_alerts()
    with mock.patch("django.utils.timezone.now", return_value=at_local(6, 0)):
        send_alerts()
    assert mail.outbox == []  # not yet 06:30
    for moment in (at_local(6, 30), at_local(6, 45)):
        with mock.patch("django.utils.timezone.now", return_value=moment):
            send_alerts()
    (edition,) = mail.outbox
    assert edition.to == ["reader@example.org"]
    assert "In the section" in edition.body and "Mentions Ruto" in edition.body
    assert "Not selected" not in edition.body and "A draft" not in edition.body
    assert edition.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sent = Delivery.objects.filter(issue__isnull=False, status=Delivery.Status.SENT)
    assert sent.count() == 1


def test_a_newsletter_follower_gets_no_story_alerts():
    section = make_section()
    newsletter = make_newsletter()
    newsletter.sections.add(section)
    make_follower("reader@example.org", "newsletter", newsletter)
    make_article(section=section)
    with mock.patch("django.utils.timezone.now", return_value=at_local(5)):
        send_alerts()
    assert mail.outbox == []


def test_readers_subscribe_from_the_newsletters_page(client):
    newsletter = make_newsletter()
    make_newsletter(name="Old one", slug="old-one", is_active=False)
    page = client.get(reverse("alerts:newsletters"))
    follow = reverse("alerts:follow", args=["newsletter", newsletter.slug])
    assert follow.encode() in page.content
    assert b"Old one" not in page.content
    assert page["Cache-Control"].startswith("public")
    client.post(follow, {"email": "reader@example.org"})
    assert "Morning briefing" in mail.outbox[0].subject
    assert client.get(reverse("alerts:follow", args=["newsletter", "old-one"])).status_code == 404


def test_an_editor_previews_and_sends_a_test_to_themselves(editor_client, editor):
    section = make_section()
    newsletter = make_newsletter()
    newsletter.sections.add(section)
    make_article(section=section, headline="Harbour reopens")
    send_alerts()  # the story is seen going live
    mail.outbox = []
    preview = editor_client.get(f"/admin/alerts/newsletter/{newsletter.pk}/preview/")
    assert b"Harbour reopens" in preview.content
    editor.email = "editor@example.org"
    editor.save()
    editor_client.post(f"/admin/alerts/newsletter/{newsletter.pk}/send-test/")
    (test,) = mail.outbox
    assert test.to == ["editor@example.org"]
    assert "Harbour reopens" in test.body
    assert not Delivery.objects.exists()


def test_a_reporter_cannot_preview_or_send_a_newsletter(reporter_client):
    newsletter = make_newsletter()
    assert (
        reporter_client.get(f"/admin/alerts/newsletter/{newsletter.pk}/preview/").status_code == 403
    )
    assert (
        reporter_client.post(f"/admin/alerts/newsletter/{newsletter.pk}/send-test/").status_code
        == 403
    )
    assert mail.outbox == []
