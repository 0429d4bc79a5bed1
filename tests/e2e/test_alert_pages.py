"""The alert pages reached by signed links (confirm, manage, unsubscribe) and the alert email's
HTML: valid HTML (vnu.jar) and no serious accessibility violation (axe). They carry tokens,
so they cannot sit in the static PUBLIC_PAGES list."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from alerts import tokens
from alerts.models import Follow, Newsletter, Subscriber
from articles.models import Article
from tests.e2e.test_accessibility import blocking_violations
from tests.e2e.test_html_validity import check_html

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def token_pages(newsroom) -> dict[str, str]:
    story = Article.objects.published().first()
    subscriber = Subscriber.objects.create(
        email="reader@example.org", confirmed_at=story.published_at
    )
    Follow.objects.create(subscriber=subscriber, kind="section", target_id=story.section_id)
    token = tokens.subscriber_token(subscriber)
    confirm = tokens.confirmation_token(
        email="new@example.org", kind="section", target_id=story.section_id
    )
    Newsletter.objects.create(
        name="Morning briefing", slug="morning", description="The day ahead.", send_time="06:30"
    )
    return {
        "newsletters": reverse("alerts:newsletters"),
        "follow a newsletter": reverse("alerts:follow", args=["newsletter", "morning"]),
        "confirm": reverse("alerts:confirm", args=[confirm]),
        "manage": reverse("alerts:manage", args=[token]),
        "unsubscribe": reverse("alerts:unsubscribe", args=[token]),
    }


def test_alert_pages_and_the_alert_email_are_valid_html(client, newsroom, vnu, tmp_path):
    files = []
    for name, path in token_pages(newsroom).items():
        response = client.get(path)
        assert response.status_code == 200, path
        files.append(tmp_path / f"{name.replace(' ', '-')}.html")
        files[-1].write_bytes(response.content)
    call_command("send_alerts", verbosity=0)
    html, _type = mail.outbox[0].alternatives[0]
    files.append(tmp_path / "alert-email.html")
    files[-1].write_text(html)
    assert check_html(vnu, files) == []


def test_alert_pages_have_no_serious_or_critical_accessibility_violations(browsing, newsroom):
    page = browsing.page()
    problems = []
    for name, path in token_pages(newsroom).items():
        assert page.goto(path).status == 200, path
        problems += blocking_violations(page, name)
    assert not problems, "\n".join(problems)
