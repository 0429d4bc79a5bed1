"""Getting the bench database ready before ``bench/run.py`` measures it.

The data set is generated if missing and loaded through the real import path unless the
database already holds it (bench/load.py); then ``migrate`` and ``collectstatic`` run (other
work may have added migrations since the load), the storyline and live story the import does
not bring are added if missing (bench/story_pages.py) and, with ``--analyze``, ``ANALYZE``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.common import PYTHON, ROOT, manage, phase_timer, run_child, vendor
from bench.load import ensure_data, load, loaded, record_in_marker

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


def prepare_server(
    env: dict, args, url: str, load_info: dict | None, raw: Path, phases: dict
) -> dict | None:
    """``migrate`` and ``collectstatic``, the storyline and live story, then ``ANALYZE`` when
    ``--analyze`` asks for it; returns what the database holds (``load_info`` with them)."""
    print("migrate (other work may have added migrations) and collectstatic...", file=sys.stderr)
    with phase_timer(phases, "migrate + collectstatic"):
        manage("migrate", "--noinput", env=env, log=raw / "migrate.log")
        manage("collectstatic", "--noinput", env=env, log=raw / "collectstatic.log")
    load_info = prepare_story_pages(env, url, load_info, raw, phases)
    if args.analyze:
        with phase_timer(phases, "ANALYZE"):
            manage("shell", "-c", ANALYZE, env=env, log=raw / "analyze.log")
    return load_info


def prepare_story_pages(
    env: dict, url: str, load_info: dict | None, raw: Path, phases: dict
) -> dict | None:
    """Add the storyline and the live story if the database lacks them (bench/story_pages.py:
    a few queries when it has them) and record what it holds in the load marker. Runs with
    ``--skip-load`` too: a database loaded before them gets them without a new import."""
    print("The storyline (500 entries) and the live story (1,000 updates)...", file=sys.stderr)
    out = raw / "story-pages.json"
    with phase_timer(phases, "storyline + live story"):
        run_child(
            [PYTHON, str(ROOT / "bench" / "story_pages.py"), "--out", str(out)],
            env=env,
            log=raw / "story-pages.log",
        )
    pages = json.loads(out.read_text())
    return record_in_marker(url, story_pages=pages) or load_info
