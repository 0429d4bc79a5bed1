"""Background work, through Django's tasks API (the django-tasks backport until Django 6).

The database backend runs it (``manage.py db_worker``; ``--batch`` runs what is queued and
exits). ``send_due_alerts`` runs every minute: it queues its own next run, and
``WorkerSchedule`` keeps that a single chain however many times it is started.
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django_tasks import task

from alerts import sending
from alerts.models import WorkerSchedule

EVERY = timedelta(minutes=1)
# A queued run this late means the worker that should have run it is gone: queue another.
STALE_AFTER = timedelta(minutes=5)


@task()
def send_due_alerts() -> dict[str, int]:
    """One run of ``alerts.sending.run_due``, then the next one queued a minute later."""
    WorkerSchedule.objects.update_or_create(pk=1, defaults={"next_run_at": None})
    counts = sending.run_due()
    schedule_next_run()
    return counts


def schedule_next_run() -> bool:
    """Queue the next run in a minute unless one is already queued (or running)."""
    if not send_due_alerts.get_backend().supports_defer:
        return False  # the immediate backend (tests) would run it now, and again, forever
    now = timezone.now()
    WorkerSchedule.objects.get_or_create(pk=1)
    free = models.Q(next_run_at__isnull=True) | models.Q(next_run_at__lt=now - STALE_AFTER)
    if not WorkerSchedule.objects.filter(free, pk=1).update(next_run_at=now + EVERY):
        return False
    send_due_alerts.using(run_after=now + EVERY).enqueue()
    return True
