"""Newsroom at newsroom scale: load a generated archive, serve it with gunicorn, measure it.

What one run does (``make bench`` = ``.venv/bin/python bench/run.py``):

1. generate the data set if it is missing (bench/generate.py; 100,000 stories by default);
2. load it through the real import path into a bench database (bench/load.py: ``migrate``,
   ``import_people``, ``import_articles --status published``), unless that database already
   holds this data set (a marker under bench/data/) or ``--skip-load``; then, if the database
   lacks them, a storyline of 500 entries and a live story of 1,000 updates (bench/story_pages.py);
3. in-process (bench/probe.py, Django's test client): server time per URL uncached and cached,
   each page's queries with their plans (EXPLAIN QUERY PLAN / EXPLAIN ANALYZE), the 304 check;
4. ``collectstatic`` into bench/data/static, then gunicorn (2 sync workers, DJANGO_DEBUG=0) on
   127.0.0.1 and, per URL, wrk for ``--warmup`` seconds (discarded) and ``--duration`` seconds,
   UNCACHED (``Cookie: sessionid=bench`` makes the page cache step aside) and CACHED (plain
   anonymous GET), plus the framework floor (bench/urls.py) in the same server;
5. memory: RSS of each worker before and after ``--memory-requests`` requests over many pages;
6. importer memory (SQLite only): peak RSS of import_articles over 2,000 and 10,000 files;
7. writes bench/results/latest-<sqlite|postgresql>.md (and raw JSON under
   bench/results/raw/) and prints the table.

Steps 1-2 and the migrate/collectstatic/story pages/ANALYZE before step 3 are
bench/prepare.py, steps 3-6 bench/measure.py, step 7 bench/report.py; this file holds the
options and the order of the steps.

Traffic goes to 127.0.0.1 only, and every wrk run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    RAW_DIR,
    RESULTS_DIR,
    ROOT,
    Gunicorn,
    bench_env,
    phase_timer,
    sqlite_url,
    vendor,
    write_json,
)
from bench.measure import (
    URL_NAMES,
    ensure_wrk,
    measure_importer_memory,
    measure_in_process,
    measure_server,
    measure_worker_memory,
    warm_up,
)
from bench.prepare import prepare_data, prepare_server
from bench.report import dated, error_log_note, report, report_path, save_run, saved_run


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.database_url and not args.database_url.startswith(("postgres", "sqlite")):
        parser.error("--database-url must be sqlite:///... or postgres://...")
    url = args.database_url or sqlite_url(args.stories)
    kind = vendor(url)
    ensure_wrk()
    suffix = ("-analyzed" if args.analyze else "") + ("-probe" if args.probe_only else "")
    raw = RAW_DIR / f"{kind}-{args.stories}{suffix}"
    raw.mkdir(parents=True, exist_ok=True)
    phases: dict[str, float] = {"load_average_start": round(os.getloadavg()[0], 2)}
    if args.memory_only:
        return memory_only(args=args, env=bench_env(url), raw=raw)
    if args.report_only:
        return report_only(args=args, url=url, kind=kind, raw=raw, suffix=suffix)
    if args.importer_memory_only:
        print(json.dumps(measure_importer_memory(args, raw), indent=2))
        return 0
    return full_run(args=args, url=url, raw=raw, suffix=suffix, phases=phases)


# --- options ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_what_options(parser)
    add_mode_options(parser)
    add_load_options(parser)
    return parser


def add_what_options(parser: argparse.ArgumentParser) -> None:
    """Which data set, which database, which pages, for how long."""
    parser.add_argument(
        "--stories", type=int, default=100_000, help="Size of the archive (default 100,000)."
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="postgres://user@127.0.0.1:5432/NAME to bench PostgreSQL (the name "
        "must contain 'bench': it is dropped and recreated when loading). "
        "Default: DATABASE_URL, else bench/data/bench-N.sqlite3.",
    )
    parser.add_argument(
        "--duration", type=float, default=10, help="Seconds of wrk per URL and mode (default 10)."
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=2,
        help="Seconds of wrk before each measurement, discarded (default 2).",
    )
    parser.add_argument(
        "--skip-load",
        action="store_true",
        help="Use the bench database as it is (no generate, no import).",
    )
    parser.add_argument(
        "--reload",
        action="store_true",
        help="Load again even if the database already holds this data set.",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="URLNAME",
        choices=URL_NAMES,
        help="Measure only these pages (the floor is always measured): "
        + ", ".join(URL_NAMES)
        + ".",
    )


def add_mode_options(parser: argparse.ArgumentParser) -> None:
    """Runs of one part only."""
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="Run ANALYZE on the bench database first (the importer leaves SQLite without "
        "statistics); results go to latest-<db>-analyzed.md.",
    )
    parser.add_argument(
        "--probe-only",
        action="store_true",
        help="Only the in-process measurements (server time, queries, plans): no gunicorn, "
        "wrk or memory; results go to latest-<db>[-analyzed]-probe.md.",
    )
    parser.add_argument(
        "--memory-only",
        action="store_true",
        help="Only the worker-memory phase (gunicorn, warm-up, --memory-requests requests); "
        "saved with the last run's raw files: --report-only writes the table again.",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="Write the table again from the last run's raw files (bench/results/raw/).",
    )
    parser.add_argument(
        "--importer-memory-only",
        action="store_true",
        help="Only the importer peak-RSS runs (saved for the next report of this database).",
    )


def add_load_options(parser: argparse.ArgumentParser) -> None:
    """How hard the server is driven and how many samples are taken."""
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2).")
    parser.add_argument(
        "--connections",
        type=int,
        default=2,
        help="wrk connections (default 2: one per worker, so latency is close to server time).",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
    parser.add_argument(
        "--samples", type=int, default=50, help="In-process requests timed per URL and mode (50)."
    )
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=10_000,
        help="Requests between the two RSS readings of each worker (10,000); "
        "0 skips the memory phase.",
    )
    parser.add_argument(
        "--importer-files",
        type=int,
        nargs="*",
        default=[2000, 10000],
        help="Importer peak-RSS runs, in files (2000 10000); SQLite only; give no value to skip.",
    )


# --- runs ---------------------------------------------------------------------------------------


def full_run(*, args, url: str, raw: Path, suffix: str, phases: dict) -> int:
    """Prepare, measure, report: steps 1-7 of the module docstring."""
    kind = vendor(url)
    env = bench_env(url)
    load_info = prepare_data(args, url, phases)
    load_info = prepare_server(env, args, url, load_info, raw, phases)

    print("In-process probe (server time, queries, plans, 304)...", file=sys.stderr)
    with phase_timer(phases, "in-process probe"):
        probe = measure_in_process(env, args, raw)

    memory, runs, access, errors = None, {}, {}, ""
    if args.probe_only:
        args.memory_requests, args.importer_files = 0, []
    else:
        memory, runs, access, errors = measure_server(env, probe, args, raw, phases)

    importer = None
    if (raw / "importer-memory.json").exists():
        importer = json.loads((raw / "importer-memory.json").read_text())  # an earlier run's
    if args.importer_files and kind == "sqlite":
        print("Importer memory...", file=sys.stderr)
        with phase_timer(phases, "importer memory"):
            importer = measure_importer_memory(args, raw)

    figures = {
        "runs": runs,
        "memory": memory,
        "importer": importer,
        "load_info": load_info,
        "phases": phases,
        "access": access,
    }
    text = report(args=args, url=url, probe=probe, **figures)
    if not args.probe_only:
        text += error_log_note(errors)
    out = write_report(text, kind=kind, suffix=suffix)
    save_run(raw=raw, **figures)
    print(text)
    print(f"Written to {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


def write_report(text: str, *, kind: str, suffix: str) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = report_path(kind, suffix)
    out.write_text(text)
    return out


def memory_only(*, args, env: dict, raw: Path) -> int:
    """The worker-memory phase alone, on a fresh gunicorn; stored in the last run's summary."""
    probe = json.loads((raw / "probe.json").read_text())
    with Gunicorn(env=env, workers=args.workers, log_dir=raw, name="gunicorn-memory") as server:
        snapshots = [warm_up(server, probe, args)]
        memory, snapshot = measure_worker_memory(server, probe, args)
        memory["snapshots"] = [*snapshots, snapshot]
    summary_path = raw / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    summary["memory"] = memory
    write_json(summary_path, summary)
    print(json.dumps(memory, indent=2, default=str))
    return 0


def report_only(*, args, url: str, kind: str, raw: Path, suffix: str) -> int:
    """The report from a finished run's raw files, with the plan flags computed again."""
    saved = saved_run(raw, kind)
    errors, ran = saved.pop("errors"), saved.pop("ran")
    args.samples = saved["probe"].get("samples", args.samples)
    text = dated(report(args=args, url=url, **saved), ran) + error_log_note(errors)
    write_report(text, kind=kind, suffix=suffix)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
