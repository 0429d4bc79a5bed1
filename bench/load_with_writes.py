"""Readers while the newsroom writes: 64 readers, an import of 2,000 stories and editor saves.

On a copy of the bench database (so the measured archive stays as loaded):

* gunicorn, 2 sync workers, DJANGO_DEBUG=0, on 127.0.0.1;
* readers: wrk with 64 connections for ``--duration`` seconds (30), anonymous GETs cycling
  through article pages, list pages, searches and the latest feed (every write bumps the content
  version, so most reads render);
* at the same moment: ``import_articles --status published`` of 2,000 new stories (generated
  with bench/generate.py, dated over the last week) and bench/editor_saves.py (an editor's
  headline edit and save every 50 ms) until the import ends;
* afterwards: server errors (wrk's non-2xx/3xx count and 5xx in gunicorn's access log),
  "database is locked" in gunicorn's log, and the number of the 2,000 stories present.

    .venv/bin/python bench/load_with_writes.py                       # SQLite, 100,000 base
    .venv/bin/python bench/load_with_writes.py --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench

Writes bench/results/load-with-writes-<sqlite|postgresql>.md and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    DATA_DIR,
    PYTHON,
    RAW_DIR,
    RESULTS_DIR,
    ROOT,
    Gunicorn,
    bench_env,
    fmt_seconds,
    manage,
    run_child,
    sqlite_url,
    vendor,
    write_json,
)
from bench.generate import generate
from bench.measure import access_log_times, parse_wrk

EXTRA_FIRST_INDEX = 1_000_000  # the extra stories' ninjs uris never collide with the archive's
READER_SCRIPT = """
local paths = {%(paths)s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n - 1) %% #paths + 1])
end
"""


def copy_database(url: str, raw: Path) -> str:
    """A throwaway copy of the bench database; returns its URL."""
    if vendor(url) == "sqlite":
        source = Path(url[len("sqlite:///") :])
        if not source.exists():
            raise SystemExit(f"{source} does not exist: run bench/run.py first")
        with sqlite3.connect(source) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        target = DATA_DIR / f"writes-{source.name}"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    copy = f"{name}_writes"
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        connection.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return parts._replace(path=f"/{copy}").geturl()


def reader_paths(env: dict, raw: Path) -> list[str]:
    out = raw / "urls.json"
    run_child(
        [PYTHON, str(ROOT / "bench" / "probe.py"), "--out", str(out), "--urls-only"],
        env=env,
        log=raw / "probe.log",
    )
    probe = json.loads(out.read_text())
    articles = [p for p in probe["mix"] if p.startswith("/articles/") and "?" not in p][:200]
    lists = [f"/articles/?page={n}" for n in range(1, 11)] + ["/articles/"]
    searches = [p for p in probe["mix"] if p.startswith("/search/")]
    return articles + lists * 5 + searches * 5 + ["/feeds/latest/"] * 20


def count_imported(env: dict, raw: Path) -> int:
    snippet = (
        "from articles.models import Article;"
        "print(Article.objects.published().filter("
        f"source_key__gte='urn:newsroom-bench:story:{EXTRA_FIRST_INDEX:07d}',"
        f"source_key__lte='urn:newsroom-bench:story:{EXTRA_FIRST_INDEX + 999_999:07d}'"
        ").count())"
    )
    done = subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "shell", "-c", snippet],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--stories",
        type=int,
        default=100_000,
        help="Size of the bench database to copy (100,000; run.py loads it).",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL"),
        help="The bench database to copy (default: bench/data/bench-N.sqlite3).",
    )
    parser.add_argument("--duration", type=float, default=30, help="Seconds of reading (30).")
    parser.add_argument("--readers", type=int, default=64, help="Concurrent readers (64).")
    parser.add_argument(
        "--import-stories", type=int, default=2000, help="Stories imported (2,000)."
    )
    parser.add_argument(
        "--save-interval", type=float, default=0.05, help="Seconds between editor saves (0.05)."
    )
    parser.add_argument(
        "--max-import-seconds",
        type=float,
        default=1200,
        help="Give up on the import after this long (1,200).",
    )
    args = parser.parse_args(argv)
    url = args.database_url or sqlite_url(args.stories)
    kind = vendor(url)
    raw = RAW_DIR / f"writes-{kind}-{args.stories}"
    raw.mkdir(parents=True, exist_ok=True)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is required (Debian: apt-get install -y wrk)")
    phases: dict[str, float] = {}

    started = time.monotonic()
    extra = DATA_DIR / f"extra-{args.import_stories}"
    if not (extra / "manifest.json").exists():
        generate(
            stories=args.import_stories, out=extra, first=EXTRA_FIRST_INDEX, recent=True, quiet=True
        )
    work_url = copy_database(url, raw)
    env = bench_env(work_url)
    manage("migrate", "--noinput", env=env, log=raw / "migrate.log")
    manage("collectstatic", "--noinput", env=env, log=raw / "collectstatic.log")
    paths = reader_paths(env, raw)
    script = raw / "readers.lua"
    script.write_text(READER_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths)})
    before = count_imported(env, raw)
    phases["prepare (copy database, generate)"] = time.monotonic() - started

    with Gunicorn(env=env, workers=2, log_dir=raw, name="gunicorn") as server:
        stop_file = raw / "stop-editors"
        stop_file.unlink(missing_ok=True)
        import_log = raw / "import.log"
        importer = subprocess.Popen(
            [
                PYTHON,
                str(ROOT / "manage.py"),
                "import_articles",
                "--status",
                "published",
                str(extra / "stories"),
            ],
            env=env,
            cwd=ROOT,
            stdout=import_log.open("w"),
            stderr=subprocess.STDOUT,
        )
        editors = subprocess.Popen(
            [
                PYTHON,
                str(ROOT / "bench" / "editor_saves.py"),
                "--seconds",
                str(args.max_import_seconds),
                "--interval",
                str(args.save_interval),
                "--stop-file",
                str(stop_file),
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=(raw / "editors.log").open("w"),
            text=True,
        )
        began = time.monotonic()
        readers = subprocess.run(
            [
                "wrk",
                "--latency",
                "-t2",
                f"-c{args.readers}",
                f"-d{args.duration:g}s",
                "--timeout=30s",
                "-s",
                str(script),
                server.base + "/",
            ],
            capture_output=True,
            text=True,
            timeout=args.duration + 120,
        )
        read_seconds = time.monotonic() - began
        (raw / "wrk-readers.txt").write_text(readers.stdout + readers.stderr)
        try:
            importer.wait(timeout=max(1.0, args.max_import_seconds - read_seconds))
        except subprocess.TimeoutExpired:
            importer.kill()
            importer.wait()
        import_seconds = time.monotonic() - began
        stop_file.touch()
        editor_out, _ = editors.communicate(timeout=120)
        stop_file.unlink(missing_ok=True)

    wrk_result = parse_wrk(readers.stdout)
    access = access_log_times(server.access_log)
    statuses: dict[str, int] = {}
    for line in server.access_log.read_text(errors="replace").splitlines():
        parts = line.split(" ", 2)
        if len(parts) > 1 and parts[1].isdigit():
            statuses[parts[1][0] + "xx"] = statuses.get(parts[1][0] + "xx", 0) + 1
    error_log = server.error_log.read_text(errors="replace")
    import_text = import_log.read_text(errors="replace")
    editors_result = json.loads(editor_out.strip().splitlines()[-1]) if editor_out.strip() else {}
    after = count_imported(env, raw)
    server_p50 = sorted(t for times in access.values() for t in times)
    summary = {
        "database": kind,
        "base_stories": args.stories,
        "readers": {**wrk_result, "connections": args.readers, "seconds": round(read_seconds, 1)},
        "access_log_statuses": statuses,
        "server_p50_ms": server_p50[len(server_p50) // 2] if server_p50 else None,
        "database_is_locked": error_log.count("database is locked")
        + import_text.count("database is locked"),
        "tracebacks": error_log.count("Traceback"),
        "import": {
            "exit_code": importer.returncode,
            "seconds": round(import_seconds, 1),
            "summary": import_text.strip().splitlines()[-1] if import_text.strip() else "",
        },
        "editor_saves": editors_result,
        "imported_present": {"before": before, "after": after, "expected": args.import_stories},
    }
    write_json(raw / "summary.json", summary)
    server_errors = wrk_result.get("non_2xx_3xx", 0)
    lines = [
        f"# Reads while writing: {kind}, {args.stories:,}-story archive",
        "",
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; gunicorn 2 sync workers; "
        f"wrk -c{args.readers} for {args.duration:g} s over {len(set(paths))} pages (anonymous "
        f"readers); meanwhile `import_articles --status published` of {args.import_stories:,} "
        f"stories and an editor save every {args.save_interval * 1000:.0f} ms until the import "
        "ended. 127.0.0.1 only.",
        "",
        "| measure | result |",
        "|---|---|",
        f"| reads | {wrk_result.get('requests', 0):,} in {read_seconds:.0f} s "
        f"({wrk_result.get('rps', 0):.1f}/s), p50 {wrk_result.get('p50_ms', 0):.0f} ms, "
        f"p99 {wrk_result.get('p99_ms', 0):.0f} ms |",
        f"| server errors (non-2xx/3xx seen by wrk) | {server_errors} "
        f"{'✅' if server_errors == 0 else '❌'} |",
        f"| socket errors / timeouts (client side) | {wrk_result.get('socket_errors', 0)} |",
        f"| gunicorn access log by status | {statuses} |",
        f"| \"database is locked\" in gunicorn's and the importer's logs | "
        f"{summary['database_is_locked']} {'✅' if not summary['database_is_locked'] else '❌'} |",
        f"| tracebacks in gunicorn's log | {summary['tracebacks']} |",
        f"| import | {summary['import']['summary']} (exit {importer.returncode}) in "
        f"{fmt_seconds(import_seconds)} |",
        f"| imported stories present afterwards | {after:,} of {args.import_stories:,} "
        f"{'✅' if after == args.import_stories else '❌'} |",
        f"| editor saves | {editors_result.get('saves', 0):,} saves, errors "
        f"{editors_result.get('errors', {}) or 0}, slowest "
        f"{editors_result.get('slowest_save_ms', '–')} ms |",
        "",
        "| phase | time |",
        "|---|---:|",
        *[f"| {name} | {fmt_seconds(seconds)} |" for name, seconds in phases.items()],
        f"| reads + import + saves | {fmt_seconds(import_seconds)} |",
        "",
    ]
    text = "\n".join(lines)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"load-with-writes-{kind}.md"
    out.write_text(text)
    print(text)
    return 0 if server_errors == 0 and after == args.import_stories else 1


if __name__ == "__main__":
    sys.exit(main())
