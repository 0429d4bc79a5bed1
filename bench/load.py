"""Load a generated data set into a bench database through the real import path.

Steps (each a ``manage.py`` child, so its time and peak RSS are the command's own):
a fresh database, ``migrate``, the 8 sections (the importer matches sections by slug and never
creates them), ``import_people people.jsonl``, then ``import_articles --status published`` over
the story files, in slices of ``--files-per-run`` files so a crash loses little. A marker file
beside the data records what was loaded; ``run.py`` reloads only when it is missing or differs.

    .venv/bin/python bench/load.py --stories 2000 [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    DATA_DIR,
    RAW_DIR,
    bench_env,
    manage,
    postgres_recreate,
    sqlite_url,
    vendor,
    write_json,
)
from bench.generate import STORIES_PER_FILE, default_dir, generate

CREATE_SECTIONS = """
import json
from articles.models import Section
for row in json.load(open({path!r})):
    Section.objects.update_or_create(
        slug=row["slug"], defaults={{"name": row["name"], "order": row["order"]}}
    )
print(Section.objects.count(), "sections")
"""


def marker_path(database_url: str) -> Path:
    safe = database_url.split("://", 1)[1].replace("/", "_").replace(":", "_").replace("@", "_")
    return DATA_DIR / f"loaded-{vendor(database_url)}-{safe[-80:]}.json"


def loaded(database_url: str) -> dict | None:
    path = marker_path(database_url)
    if not path.exists():
        return None
    if vendor(database_url) == "sqlite" and not Path(database_url[len("sqlite:///") :]).exists():
        return None
    return json.loads(path.read_text())


def record_in_marker(database_url: str, **facts) -> dict | None:
    """Add ``facts`` to what the marker says the database holds; None when there is no marker
    (a database this script did not load, used with ``--skip-load``)."""
    held = loaded(database_url)
    if held is None:
        return None
    held.update(facts)
    write_json(marker_path(database_url), held)
    return held


def ensure_data(stories: int) -> Path:
    folder = default_dir(stories)
    if not (folder / "manifest.json").exists():
        generate(stories=stories, out=folder)
    return folder


def load(
    *, stories: int, database_url: str, files_per_run: int = 40, log: Path | None = None
) -> dict:
    """Recreate the database and import the data set; returns timings (seconds) and counts."""
    folder = ensure_data(stories)
    log = log or RAW_DIR / f"load-{vendor(database_url)}-{stories}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    marker_path(database_url).unlink(missing_ok=True)
    env = bench_env(database_url)
    timings: dict[str, float] = {}
    started = time.monotonic()
    if vendor(database_url) == "sqlite":
        path = Path(database_url[len("sqlite:///") :])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        postgres_recreate(database_url)
    timings["migrate"] = manage("migrate", "--noinput", env=env, log=log).seconds
    snippet = CREATE_SECTIONS.format(path=str(folder / "sections.json"))
    manage("shell", "-c", snippet, env=env, log=log)
    timings["import_people"] = manage(
        "import_people", str(folder / "people.jsonl"), env=env, log=log
    ).seconds
    files = sorted((folder / "stories").glob("part-*.jsonl"))
    import_seconds, peak = 0.0, 0
    for start in range(0, len(files), files_per_run):
        chunk = files[start : start + files_per_run]
        done = manage(
            "import_articles",
            "--status",
            "published",
            "--verbosity",
            "0",
            *map(str, chunk),
            env=env,
            log=log,
        )
        import_seconds += done.seconds
        peak = max(peak, done.peak_rss_kb)
        so_far = min(start + files_per_run, len(files)) * STORIES_PER_FILE
        print(
            f"  imported {min(so_far, stories):,}/{stories:,} stories "
            f"({import_seconds:.0f} s, {min(so_far, stories) / import_seconds:.0f}/s)",
            file=sys.stderr,
            flush=True,
        )
    timings["import_articles"] = import_seconds
    timings["total"] = time.monotonic() - started
    result = {
        "stories": stories,
        "database_url": database_url,
        "seconds": {k: round(v, 1) for k, v in timings.items()},
        "stories_per_second": round(stories / import_seconds, 1),
        "import_peak_rss_mb": round(peak / 1024, 1),
    }
    write_json(marker_path(database_url), result)
    return result


def reset_sequences(pg) -> None:
    """Move every serial or identity sequence past the largest value copied into its column
    (``id``, and ``history_id`` of the history tables)."""
    owned = pg.execute(
        "SELECT c.relname, a.attname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "WHERE c.relkind = 'r' "
        "AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL"
    ).fetchall()
    for table, column in owned:
        pg.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
            f'COALESCE((SELECT max("{column}") FROM "{table}"), 0) + 1, false)'
        )


def copy_from_sqlite(
    *, stories: int, database_url: str, source_url: str, log: Path | None = None, jobs: int = 2
) -> dict:
    """Fill a PostgreSQL bench database with the rows of a SQLite bench database.

    For when the import path is too slow to run twice in the time at hand: the SQLite database
    was loaded through ``import_articles``, so the rows (articles, people, mentions, quotes,
    tags, history) are exactly what the importer wrote. PostgreSQL computes its own search
    column (a generated ``search_vector``) as the rows arrive. Every table both databases have
    is copied with COPY; sequences are moved past the copied ids; then ANALYZE.
    """
    import sqlite3

    import psycopg

    source = loaded(source_url)
    if not source or source.get("stories") != stories:
        raise SystemExit(f"{source_url} does not hold {stories:,} imported stories; load it first")
    log = log or RAW_DIR / f"load-postgresql-{stories}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    marker_path(database_url).unlink(missing_ok=True)
    started = time.monotonic()
    postgres_recreate(database_url)
    env = bench_env(database_url)
    migrate_seconds = manage("migrate", "--noinput", env=env, log=log).seconds
    copy_started = time.monotonic()
    lite = sqlite3.connect(source_url[len("sqlite:///") :])
    lite_tables = {
        row[0] for row in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    pg_url = database_url.replace("postgres://", "postgresql://", 1)
    lite_path = source_url[len("sqlite:///") :]
    with psycopg.connect(pg_url, autocommit=True) as pg:
        tables = [
            row[0]
            for row in pg.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'django_migrations' ORDER BY tablename"
            )
        ]
        tables = [t for t in tables if t in lite_tables]
        pg.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        work = []
        for table in tables:
            pg_columns = [
                row[0]
                for row in pg.execute(
                    "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass "
                    "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
                    [f'"{table}"'],
                )
            ]
            lite_columns = {row[1] for row in lite.execute(f'PRAGMA table_info("{table}")')}
            columns = [c for c in pg_columns if c in lite_columns]
            # Articles cost PostgreSQL most (their generated search_vector): split them so
            # both cores compute it.
            parts = jobs if table == "articles_article" else 1
            work += [
                (table, columns, f"id % {parts} = {k}" if parts > 1 else "1=1")
                for k in range(parts)
            ]
    lite.close()

    def copy_part(table: str, columns: list[str], where: str) -> tuple[str, int, float]:
        part_started = time.monotonic()
        names = ", ".join(f'"{c}"' for c in columns)
        count = 0
        source = sqlite3.connect(lite_path)
        with psycopg.connect(pg_url) as pg:
            pg.execute("SET TimeZone = 'UTC'")
            pg.execute("SET session_replication_role = replica")  # no FK checks while copying
            with pg.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in source.execute(f'SELECT {names} FROM "{table}" WHERE {where}'):
                    copy.write_row(row)
                    count += 1
        source.close()
        return table, count, time.monotonic() - part_started

    rows_copied: dict[str, dict] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for table, count, seconds in pool.map(lambda item: copy_part(*item), work):
            entry = rows_copied.setdefault(table, {"rows": 0, "seconds": 0.0})
            entry["rows"] += count
            entry["seconds"] = round(max(entry["seconds"], seconds), 1)
    with psycopg.connect(pg_url, autocommit=True) as pg:
        reset_sequences(pg)
        pg.execute("ANALYZE")
    copy_seconds = time.monotonic() - copy_started
    result = {
        "stories": stories,
        "database_url": database_url,
        "copied_from": source_url,
        "rows": rows_copied,
        "seconds": {
            "migrate": round(migrate_seconds, 1),
            "copy_from_sqlite": round(copy_seconds, 1),
            "total": round(time.monotonic() - started, 1),
        },
        "source_import": source,
    }
    write_json(marker_path(database_url), result)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--database-url", help="Default: a SQLite file under bench/data/.")
    parser.add_argument("--files-per-run", type=int, default=40)
    parser.add_argument(
        "--copy-from-sqlite",
        action="store_true",
        help="PostgreSQL only: copy the rows of the SQLite bench database of the same size "
        "(loaded through the importer) instead of importing again.",
    )
    args = parser.parse_args(argv)
    url = args.database_url or sqlite_url(args.stories)
    if args.copy_from_sqlite:
        if vendor(url) != "postgresql":
            parser.error("--copy-from-sqlite needs a postgres:// --database-url")
        result = copy_from_sqlite(
            stories=args.stories, database_url=url, source_url=sqlite_url(args.stories)
        )
        print(json.dumps(result, indent=2))
        return 0
    print(
        json.dumps(
            load(stories=args.stories, database_url=url, files_per_run=args.files_per_run), indent=2
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
