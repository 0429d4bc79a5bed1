"""``check_schedule``: the watchdog cron and monitoring run; non-zero when a time was missed."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article
from newsroom import content_version
from tests.factories import make_article, make_draft, make_in_review, make_scheduled

pytestmark = pytest.mark.django_db


def run(*args) -> int:
    """The command as cron runs it; its exit status."""
    try:
        execute_from_command_line(["manage.py", "check_schedule", *args])
    except SystemExit as exit:
        return exit.code
    return 0


def test_check_schedule_exits_1_when_a_scheduled_story_missed_its_time(capsys):
    make_in_review(headline="Budget speech", published_at=timezone.now() - timedelta(minutes=10))
    assert run() == 1
    output = capsys.readouterr()
    assert "missed_schedule: “Budget speech”" in output.out
    assert "1 schedule problem" in output.err


def test_check_schedule_exits_0_when_everything_is_on_time(capsys):
    make_article(headline="Live now")
    make_scheduled(headline="Tomorrow")
    make_draft(headline="No time yet")
    make_article(headline="Expires later", expires_at=timezone.now() + timedelta(days=1))
    assert run() == 0
    assert "Schedule OK" in capsys.readouterr().out


def test_check_schedule_json_lists_each_problem_for_monitoring(capsys):
    missed = make_draft(
        headline="Missed story",
        slug="missed-story",
        published_at=timezone.now() - timedelta(hours=2),
    )
    with pytest.raises(CommandError):
        call_command("check_schedule", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    assert report["count"] == 1
    assert set(report) == {"ok", "checked_at", "count", "problems"}
    [problem] = report["problems"]
    assert problem == {
        "kind": "missed_schedule",
        "article_id": missed.pk,
        "slug": "missed-story",
        "headline": "Missed story",
        "status": "draft",
        "due_at": missed.published_at.isoformat(),
        "message": problem["message"],
        "admin_path": f"/admin/articles/article/{missed.pk}/change/",
    }
    assert "readers cannot see it" in problem["message"]


def test_check_schedule_json_says_ok_with_exit_0_when_nothing_is_wrong(capsys):
    assert run("--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["problems"] == []


def test_check_schedule_reports_an_expiry_cached_pages_never_noticed(capsys):
    story = make_article(headline="Competition")
    content_version.changed(story)
    # Written behind the cache's back: no bump, so the stored next change misses it.
    expires = timezone.now() + timedelta(minutes=5)
    Article.objects.filter(pk=story.pk).update(expires_at=expires)
    with time_machine.travel(expires + timedelta(minutes=1), tick=False):
        assert run() == 1
    assert "expired_but_cached: “Competition”" in capsys.readouterr().out


def test_check_schedule_is_quiet_about_an_expiry_the_cache_will_notice(capsys):
    expires = timezone.now() + timedelta(minutes=5)
    story = make_article(headline="Competition", expires_at=expires)
    content_version.changed(story)  # as every save does: the next change is the expiry
    with time_machine.travel(expires + timedelta(minutes=1), tick=False):
        assert run() == 0


def test_check_schedule_reports_an_embargo_lifted_on_a_story_nobody_published(capsys):
    make_in_review(headline="Budget", embargo_until=timezone.now() - timedelta(minutes=1))
    assert run() == 1
    assert "embargo_inconsistent: “Budget”" in capsys.readouterr().out


def test_check_schedule_reports_a_story_that_expires_before_its_embargo_lifts(capsys):
    story = make_article(headline="Never seen", embargo_until=timezone.now() + timedelta(hours=2))
    Article.objects.filter(pk=story.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    assert run() == 1
    assert "expires before its embargo lifts" in capsys.readouterr().out


def test_check_schedule_accepts_a_running_embargo(capsys):
    make_article(headline="Embargoed", embargo_until=timezone.now() + timedelta(hours=2))
    make_draft(headline="Planned", embargo_until=timezone.now() + timedelta(hours=2))
    assert run() == 0
