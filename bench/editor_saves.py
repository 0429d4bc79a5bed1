"""A stream of editor saves for bench/load_with_writes.py: edit a headline, save, every 50 ms.

Each save is what the admin does for a minor edit: in one transaction, read the article, change
its headline, increment ``version`` (the optimistic lock), ``full_clean()`` and ``save()`` (the
post_save signal bumps the content version, so every cached page goes stale). Runs until
``--seconds`` pass or ``--stop-file`` appears; prints a JSON summary (saves, errors by kind).
Run with the bench environment (DJANGO_SETTINGS_MODULE=bench.settings, DATABASE_URL).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.db import transaction  # noqa: E402

from articles.models import Article  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=0.05)
    parser.add_argument("--stop-file", type=Path)
    parser.add_argument("--seed", type=int, default=50)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    top = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = list(
        Article.objects.filter(pk__lte=top).values_list("pk", flat=True)[:: max(1, top // 2000)]
    )
    saves, errors, slowest = 0, Counter(), 0.0
    started = time.monotonic()
    while time.monotonic() - started < args.seconds:
        if args.stop_file and args.stop_file.exists():
            break
        began = time.monotonic()
        try:
            with transaction.atomic():
                article = Article.objects.get(pk=rng.choice(ids))
                base = article.headline.removesuffix(" (updated)")
                article.headline = (
                    base if article.headline.endswith(" (updated)") else (base + " (updated)")
                )
                article.bump_version()
                article.full_clean(validate_unique=False, validate_constraints=False)
                article.save()
            saves += 1
        except Exception as error:  # counted and reported: the bench must not stop on one
            errors[f"{type(error).__name__}: {str(error)[:80]}"] += 1
        elapsed = time.monotonic() - began
        slowest = max(slowest, elapsed)
        time.sleep(max(0.0, args.interval - elapsed))
    print(
        json.dumps(
            {
                "saves": saves,
                "errors": dict(errors),
                "seconds": round(time.monotonic() - started, 1),
                "slowest_save_ms": round(slowest * 1000, 1),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
