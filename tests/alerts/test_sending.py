from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from alerts import sending
from alerts.models import AlertJob, Delivery, Subscriber
from articles.models import Article
from people.models import Mention
from tests.alerts.helpers import make_follower, mention, send_alerts
from tests.factories import (
    make_article,
    make_draft,
    make_person,
    make_scheduled,
    make_section,
    make_storyline,
    make_tag,
)

pytestmark = pytest.mark.django_db


def alerts_to(email):
    return [m for m in mail.outbox if m.to == [email]]


def test_a_follower_gets_exactly_one_alert_when_a_story_mentioning_the_person_is_published():
    ruto = make_person("William Ruto")
    make_follower("reader@example.org", "person", ruto)
    story = make_draft(headline="Ruto opens the new road", dek="The road links two towns.")
    mention(story, ruto)
    send_alerts()
    assert mail.outbox == []
    story.publish()
    story.save()
    send_alerts()
    send_alerts()
    sent = alerts_to("reader@example.org")
    assert len(sent) == 1
    assert sent[0].subject == "Ruto opens the new road"
    assert "The road links two towns." in sent[0].body
    assert AlertJob.objects.filter(article=story).count() == 1


def test_no_alert_for_a_draft_mentioning_the_person():
    ruto = make_person("William Ruto")
    make_follower("reader@example.org", "person", ruto)
    mention(make_draft(), ruto)
    send_alerts()
    assert mail.outbox == []


def test_no_alert_for_a_scheduled_story_before_its_time_and_one_after():
    ruto = make_person("William Ruto")
    make_follower("reader@example.org", "person", ruto)
    story = make_scheduled(hours_ahead=2)
    mention(story, ruto)
    send_alerts()
    assert mail.outbox == []
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=3)):
        send_alerts()
    assert len(alerts_to("reader@example.org")) == 1


def test_an_embargoed_story_is_alerted_once_its_embargo_lifts():
    section = make_section()
    make_follower("reader@example.org", "section", section)
    make_article(section=section, embargo_until=timezone.now() + timedelta(hours=1))
    send_alerts()
    assert mail.outbox == []
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=2)):
        send_alerts()
    assert len(alerts_to("reader@example.org")) == 1


def test_no_alert_for_a_story_that_only_names_a_different_person_of_the_same_name():
    ruto = make_person("William Ruto", slug="william-ruto")
    other = make_person("William Ruto", slug="william-ruto-2")
    make_follower("reader@example.org", "person", ruto)
    mention(make_article(), other)
    send_alerts()
    assert mail.outbox == []


def test_no_alert_for_a_mention_an_editor_rejected():
    ruto = make_person("William Ruto")
    make_follower("reader@example.org", "person", ruto)
    mention(make_article(), ruto, status=Mention.Status.REJECTED)
    send_alerts()
    assert mail.outbox == []


def test_followers_of_a_tag_a_section_and_an_author_each_get_the_story_once():
    tag, section, author = make_tag(), make_section(), make_person()
    make_follower("tag@example.org", "tag", tag)
    make_follower("section@example.org", "section", section)
    make_follower("author@example.org", "author", author)
    both = make_follower("both@example.org", "tag", tag)
    make_follower("both@example.org", "section", section)
    make_article(tags=(tag,), section=section, authors=(author,))
    send_alerts()
    for email in ["tag@example.org", "section@example.org", "author@example.org", both.email]:
        assert len(alerts_to(email)) == 1, email


def test_stories_that_went_live_before_the_lookback_are_not_alerted():
    section = make_section()
    make_follower("reader@example.org", "section", section)
    make_article(section=section, published_at=timezone.now() - timedelta(days=3))
    send_alerts()
    assert mail.outbox == []


def test_digest_subscribers_get_no_instant_alert():
    section = make_section()
    make_follower("daily@example.org", "section", section, frequency="daily")
    make_article(section=section)
    send_alerts()
    assert Delivery.objects.filter(article__isnull=False).count() == 0


def test_an_alert_carries_one_click_unsubscribe_headers_and_both_parts():
    section = make_section()
    make_follower("reader@example.org", "section", section)
    make_article(section=section, headline="A <b> headline")
    send_alerts()
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "A &lt;b&gt; headline" in html
    assert "<img" not in html  # no tracking pixel


def test_a_crash_mid_send_then_a_restart_delivers_each_address_exactly_once():
    section = make_section()
    for n in range(30):
        make_follower(f"reader{n}@example.org", "section", section)
    make_article(section=section)
    real_send = sending.send_one
    calls = {"n": 0}

    def crash_after_ten(delivery, connection, cards, *, now):
        calls["n"] += 1
        if calls["n"] == 11:
            raise KeyboardInterrupt("worker killed")
        return real_send(delivery, connection, cards, now=now)

    with mock.patch.object(sending, "send_one", crash_after_ten), pytest.raises(KeyboardInterrupt):
        send_alerts()
    assert len(mail.outbox) == 10
    send_alerts()
    send_alerts()
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 30
    assert len(set(recipients)) == 30


def test_a_delivery_interrupted_after_it_was_claimed_is_never_sent_again():
    section = make_section()
    subscriber = make_follower("reader@example.org", "section", section)
    article = make_article(section=section)
    long_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.create(
        article=article, subscriber=subscriber, status=Delivery.Status.SENDING, claimed_at=long_ago
    )
    send_alerts()
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.UNKNOWN


def test_sending_stops_at_the_per_minute_limit_and_resumes_later(settings):
    settings.ALERTS_PER_MINUTE = 5
    section = make_section()
    for n in range(8):
        make_follower(f"reader{n}@example.org", "section", section)
    make_article(section=section)
    send_alerts()
    assert len(mail.outbox) == 5
    send_alerts()
    assert len(mail.outbox) == 5
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=2)
    ):
        send_alerts()
    assert len(mail.outbox) == 8


def test_a_temporary_failure_is_retried_later_and_a_hard_bounce_disables_the_address():
    import smtplib

    section = make_section()
    make_follower("flaky@example.org", "section", section)
    make_article(section=section)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPServerDisconnected("gone"),
    ):
        send_alerts()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now()

    refused = smtplib.SMTPRecipientsRefused({"flaky@example.org": (550, b"no such user")})
    subscriber = Subscriber.objects.get()
    for _ in range(3):
        with mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", side_effect=refused
        ):
            Delivery.objects.update(status=Delivery.Status.PENDING, next_attempt_at=timezone.now())
            send_alerts()
    subscriber.refresh_from_db()
    assert subscriber.hard_bounces == 3
    assert subscriber.disabled_at is not None


def test_a_story_unpublished_before_sending_is_not_sent():
    section = make_section()
    make_follower("reader@example.org", "section", section)
    article = make_article(section=section)
    sending.queue_new_stories(now=timezone.now())
    for job in AlertJob.objects.all():
        sending.fan_out(job, now=timezone.now())
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    send_alerts()
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_a_storyline_follower_gets_one_alert_when_a_story_in_it_goes_live_and_none_for_drafts():
    storyline = make_storyline(title="Kenya-led mission in Haiti")
    make_follower("haiti@example.org", "storyline", storyline)
    draft = make_draft(headline="Officers train before deploying")
    storyline.add_article(draft)
    send_alerts()
    assert alerts_to("haiti@example.org") == []
    draft.publish()
    draft.save()
    send_alerts()
    send_alerts()
    sent = alerts_to("haiti@example.org")
    assert [m.subject for m in sent] == ["Officers train before deploying"]


def test_a_draft_storyline_cannot_be_followed(client):
    storyline = make_storyline(status="draft")
    assert client.get(f"/follow/storyline/{storyline.slug}/").status_code == 404
    published = make_storyline()
    assert client.get(f"/follow/storyline/{published.slug}/").status_code == 200
