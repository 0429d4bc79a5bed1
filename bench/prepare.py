"""Getting the bench database ready before ``bench/run.py`` measures it.

The data set is generated if missing and loaded through the real import path unless the
database already holds it (bench/load.py); then ``migrate`` and ``collectstatic`` run (other
work may have added migrations since the load) and, with ``--analyze``, ``ANALYZE``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.common import manage, phase_timer, vendor
from bench.load import ensure_data, load, loaded

ANALYZE = "from django.db import connection; connection.cursor().execute('ANALYZE')"


def prepare_data(args, url: str, phases: dict) -> dict | None:
    """Generate and load the data set when needed; returns what the database holds."""
    if args.skip_load:
        return loaded(url)
    with phase_timer(phases, "generate (if missing)"):
        ensure_data(args.stories)
    load_info = loaded(url)
    if args.reload or not load_info or load_info.get("stories") != args.stories:
        print(f"Loading {args.stories:,} stories into {vendor(url)}...", file=sys.stderr)
        with phase_timer(phases, "load (import)"):
            load_info = load(stories=args.stories, database_url=url)
    return load_info


def prepare_server(env: dict, args, raw: Path, phases: dict) -> None:
    """``migrate`` and ``collectstatic``, then ``ANALYZE`` when ``--analyze`` asks for it."""
    print("migrate (other work may have added migrations) and collectstatic...", file=sys.stderr)
    with phase_timer(phases, "migrate + collectstatic"):
        manage("migrate", "--noinput", env=env, log=raw / "migrate.log")
        manage("collectstatic", "--noinput", env=env, log=raw / "collectstatic.log")
    if args.analyze:
        with phase_timer(phases, "ANALYZE"):
            manage("shell", "-c", ANALYZE, env=env, log=raw / "analyze.log")
