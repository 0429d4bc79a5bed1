import io
import json
import signal
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import timezone

from alerts.models import AlertJob, Delivery, Follow, Subscriber
from newsroom.env import email_settings
from tests.alerts.helpers import make_follower, send_alerts
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def at_local(day_offset: int, hour: int) -> datetime:
    today = timezone.localdate()
    naive = datetime.combine(today + timedelta(days=day_offset), datetime.min.time())
    return timezone.make_aware(naive + timedelta(hours=hour))


def test_a_daily_digest_collects_the_days_stories_once_per_subscriber(settings):
    settings.ALERTS_DIGEST_HOUR = 7
    section, other = make_section(), make_section()
    make_follower("daily@example.org", "section", section, frequency="daily")
    yesterday_evening = at_local(-1, 18)
    with mock.patch("django.utils.timezone.now", return_value=yesterday_evening):
        make_article(section=section, headline="Evening story", published_at=yesterday_evening)
        make_article(section=other, headline="Not followed", published_at=yesterday_evening)
        send_alerts()  # the stories are seen (AlertJob); no digest before the hour
    assert mail.outbox == []
    with mock.patch("django.utils.timezone.now", return_value=at_local(0, 6)):
        send_alerts()
    assert mail.outbox == []
    for hour in (7, 8, 12):
        with mock.patch("django.utils.timezone.now", return_value=at_local(0, hour)):
            send_alerts()
    (digest,) = mail.outbox
    assert digest.to == ["daily@example.org"]
    assert "Evening story" in digest.body
    assert "Not followed" not in digest.body
    sent = Delivery.objects.filter(digest_day__isnull=False, status=Delivery.Status.SENT)
    assert sent.count() == 1


def test_a_digest_with_no_followed_story_is_not_sent(settings):
    settings.ALERTS_DIGEST_HOUR = 7
    make_follower("daily@example.org", "section", make_section(), frequency="daily")
    with mock.patch("django.utils.timezone.now", return_value=at_local(0, 9)):
        send_alerts()
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_the_operator_can_export_and_delete_a_subscriber(capsys):
    make_follower("reader@example.org", "section", make_section())
    call_command("export_subscriber", "Reader@example.org")
    assert json.loads(capsys.readouterr().out)["email"] == "reader@example.org"
    call_command("delete_subscriber", "reader@example.org", "--dry-run")
    assert Subscriber.objects.exists()
    call_command("delete_subscriber", "reader@example.org")
    assert not Subscriber.objects.exists()
    with pytest.raises(CommandError):
        call_command("delete_subscriber", "reader@example.org")


def test_delete_subscriber_dry_run_reports_and_deletes_nothing():
    subscriber = make_follower("reader@example.org", "section", make_section())
    out = io.StringIO()
    call_command("delete_subscriber", "Reader@example.org", "--dry-run", stdout=out)
    assert out.getvalue() == (
        "Dry run, nothing written: would delete the subscriber, 1 follow(s), "
        "0 delivery record(s).\n"
    )
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert Follow.objects.filter(subscriber=subscriber).count() == 1


def test_send_alerts_dry_run_reports_what_would_go_and_writes_and_sends_nothing():
    section = make_section()
    make_follower("reader@example.org", "section", section)
    make_article(section=section, headline="Road opens")
    out = io.StringIO()
    call_command("send_alerts", "--dry-run", stdout=out)
    assert out.getvalue().startswith(
        "Dry run, nothing written or sent: 1 new stories, 0 interrupted, 1 alerts queued, "
    )
    assert "1 sent" in out.getvalue()
    assert mail.outbox == []
    assert not AlertJob.objects.exists()
    assert not Delivery.objects.exists()
    send_alerts()  # still due: the dry run left nothing behind
    assert [m.subject for m in mail.outbox] == ["Road opens"]


def test_send_alerts_dry_run_with_schedule_queues_nothing(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = io.StringIO()
    call_command("send_alerts", "--schedule", "--dry-run", stdout=out)
    assert out.getvalue() == "Dry run, nothing written or sent: Worker run queued.\n"
    assert DBTaskResult.objects.count() == 0


def test_schedule_queues_the_worker_run_only_once(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("send_alerts", "--schedule", verbosity=0)
    call_command("send_alerts", "--schedule", verbosity=0)
    assert DBTaskResult.objects.count() == 1


def test_with_the_immediate_backend_of_the_tests_schedule_queues_nothing():
    from django_tasks_db.models import DBTaskResult

    call_command("send_alerts", "--schedule", verbosity=0)
    assert DBTaskResult.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://user%40site:p%3Ass@mail.example.org:587",
            {
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "user@site",
                "EMAIL_HOST_PASSWORD": "p:ss",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtps://mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True}),
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("file:///tmp/mail", {"EMAIL_FILE_PATH": "/tmp/mail"}),
    ],
)
def test_email_url_sets_the_mail_backend(monkeypatch, url, expected):
    monkeypatch.setenv("EMAIL_URL", url)
    found = email_settings("EMAIL_URL", "console:")
    assert {key: found[key] for key in expected} == expected


@pytest.mark.parametrize("url", ["smtp://", "ftp://host", "file://", "smtp://host:port"])
def test_a_malformed_email_url_stops_start_up_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("EMAIL_URL", url)
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings("EMAIL_URL", "console:")


def test_the_database_worker_in_batch_mode_sends_the_alert_and_exits(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    section = make_section()
    make_follower("reader@example.org", "section", section)
    make_article(section=section)
    call_command("send_alerts", "--schedule", verbosity=0)
    with mock.patch(
        "alerts.tasks.timezone.now", return_value=timezone.now() - timedelta(minutes=2)
    ):
        call_command("send_alerts", "--schedule", verbosity=0)  # already queued: no second run
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now())  # its minute has come
    # db_worker installs its own SIGTERM and SIGINT handlers: give the test process its own
    # back, or processes forked later in this run (the importer's readers) inherit them.
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        # The worker closes "old" connections between tasks; on PostgreSQL that is the test's
        # own connection, inside its transaction.
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--interval", "0", verbosity=0)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert [m.to for m in mail.outbox] == [["reader@example.org"]]
    # It queued its next run for a minute later, which the batch run leaves for later.
    assert DBTaskResult.objects.filter(status="READY").count() == 1
