"""Benchmark alerts: one story to 100,000 followers, and a crash in the middle of sending.

1. **Send**: 100,000 confirmed subscribers follow one section; a story in it goes live; one
   ``run_due`` (the worker's every-minute run, with ``ALERTS_PER_MINUTE`` lifted) queues the
   job, fans out 100,000 deliveries and sends them through the locmem mail backend. Reports
   the time of each step and the peak memory (RSS) of the process; the locmem outbox keeps
   every message in memory, so the peak includes 100,000 messages.
2. **Crash**: the same in a child process that records each message it hands to the "mail
   server" (bench/bench_alerts.py's RecordingBackend: one line per message, flushed), killed
   with SIGKILL after ``--kill-after`` seconds; then a second child sends the rest. Checks that
   every address got exactly one message (a kill between handing a message over and recording
   it loses that one message, never doubles it: see alerts/sending.py).

    .venv/bin/python bench/bench_alerts.py [--followers 100000] [--kill-after 20]
"""

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class RecordingBackend:
    """A mail backend that appends each recipient to ``BENCH_MAIL_LOG`` (the mail server's
    log of what it accepted), flushed per message so a SIGKILL loses nothing it accepted."""

    def __init__(self, fail_silently=False, **kwargs):
        self.log = open(os.environ["BENCH_MAIL_LOG"], "a", buffering=1)  # noqa: SIM115

    def open(self):
        return False

    def close(self):
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def send_messages(self, messages):
        for message in messages:
            message.message()  # build the MIME message, as a real backend would
            self.log.write(message.to[0] + "\n")
        return len(messages)


def setup(database: Path, backend: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{database}",
        ALERTS_PER_MINUTE="10000000",
        EMAIL_URL="locmem:",
    )
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = backend


def build(followers: int) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from alerts.models import Follow, Subscriber
    from articles.models import Article, Section

    call_command("migrate", verbosity=0)
    section = Section.objects.create(name="World", slug="world")
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (Subscriber(email=f"reader{n}@example.org", confirmed_at=now) for n in range(followers)),
        batch_size=5000,
    )
    Follow.objects.bulk_create(
        (
            Follow(subscriber_id=pk, kind="section", target_id=section.pk)
            for pk in Subscriber.objects.values_list("pk", flat=True)
        ),
        batch_size=5000,
    )
    Article.objects.create(
        headline="One story for everyone",
        slug="one-story",
        dek="A standfirst.",
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=now,
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def send_phase(followers: int) -> None:
    from django.core import mail
    from django.utils import timezone

    from alerts import sending
    from alerts.models import AlertJob

    mail.outbox = []
    before = peak_rss_mb()
    start = time.perf_counter()
    now = timezone.now()
    sending.queue_new_stories(now=now)
    queued = time.perf_counter()
    for job in AlertJob.objects.filter(fanned_out_at__isnull=True):
        sending.fan_out(job, now=now)
    fanned = time.perf_counter()
    counts = sending.send_due(now=now)
    sent = time.perf_counter()
    addresses = Counter(m.to[0] for m in mail.outbox)
    print(f"followers: {followers:,}")
    print(f"queue the story: {queued - start:.2f} s")
    print(f"fan-out (Delivery rows): {fanned - queued:.2f} s")
    print(f"send through locmem: {sent - fanned:.2f} s ({followers / (sent - fanned):,.0f}/s)")
    print(f"total: {sent - start:.2f} s; statuses {counts}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB (before sending: {before:.0f} MB)")
    assert len(addresses) == followers and set(addresses.values()) == {1}, "not exactly once"
    print("each address exactly once: yes")


def child(database: str) -> None:
    """One worker run (crash phase): everything due, then exit."""
    setup(Path(database), "bench.bench_alerts.RecordingBackend")
    from alerts import sending

    print(sending.run_due(), flush=True)


def crash_phase(database: Path, followers: int, kill_after: float, log: Path) -> None:
    env = {**os.environ, "BENCH_MAIL_LOG": str(log)}
    command = [sys.executable, __file__, "--child", str(database)]
    first = subprocess.Popen(command, env=env, cwd=ROOT)
    time.sleep(kill_after)
    first.send_signal(signal.SIGKILL)
    first.wait()
    before_restart = len(log.read_text().splitlines())
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    restart = time.perf_counter() - start
    lines = log.read_text().splitlines()
    counts = Counter(lines)
    from alerts.models import Delivery

    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    print(f"killed after {kill_after:.0f} s with {before_restart:,} messages accepted")
    print(f"restart sent the rest in {restart:.2f} s; delivery statuses: {dict(statuses)}")
    print(
        f"messages accepted: {len(lines):,} for {len(counts):,} addresses; "
        f"doubled: {sum(1 for n in counts.values() if n > 1)}; "
        f"missing: {followers - len(counts)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--followers", type=int, default=100_000)
    parser.add_argument("--kill-after", type=float, default=20)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "alerts-bench.sqlite3"
        setup(database, "django.core.mail.backends.locmem.EmailBackend")
        start = time.perf_counter()
        build(args.followers)
        print(f"built {args.followers:,} followers in {time.perf_counter() - start:.1f} s")
        send_phase(args.followers)
        # The crash phase starts again from the same story: forget what phase 1 recorded.
        from alerts.models import AlertJob, Delivery

        Delivery.objects.all().delete()
        AlertJob.objects.all().delete()
        crash_phase(database, args.followers, args.kill_after, Path(folder) / "mail.log")


if __name__ == "__main__":
    main()
