"""What the benchmark scripts share: paths, the environment of a bench server, child processes.

No Django import at module level: ``run.py`` and ``load_with_writes.py`` drive the project
through ``manage.py`` and gunicorn in child processes, so each figure comes from a real process.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = BENCH_DIR / "data"
RESULTS_DIR = BENCH_DIR / "results"
RAW_DIR = RESULTS_DIR / "raw"
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").is_dir() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
MANAGE = str(ROOT / "manage.py")
# The cookie that makes PublicPageCacheMiddleware bypass the page cache (any session cookie).
BYPASS_COOKIE = "sessionid=bench"


# Tables whose full scan or large sort grows with the archive.
BIG_TABLES = (
    "articles_article",
    "articles_taggedarticle",
    "articles_byline",
    "people_mention",
    "people_quote",
    "articles_historicalarticle",
)
_SQLITE_SCAN = re.compile(r"^SCAN (\w+)(.*)$")
_PG_ROWS = re.compile(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)")


def plan_flags(vendor: str, plan: list[str], ms: float) -> list[str]:
    """What in a plan grows with the archive.

    SQLite (EXPLAIN QUERY PLAN): a full SCAN of a big table; a temporary B-tree sort when the
    query is slow enough (2 ms) for the sorted set to be large (the 20 rows of a page are
    sorted in a temporary B-tree too). PostgreSQL (EXPLAIN ANALYZE): a sequential scan of a big
    table, a sort that spilled to disk, and any sort, scan or aggregate over 5,000 rows or more.
    """
    found = []
    if vendor == "sqlite":
        for line in plan:
            match = _SQLITE_SCAN.match(line.strip())
            if match and match.group(1) in BIG_TABLES:
                found.append(line.strip())
            if "TEMP B-TREE" in line and ms >= 2:
                found.append(line.strip())
        return found
    for line in plan:
        text = line.strip().lstrip("-> ").strip()
        if "never executed" in text:
            continue
        rows = _PG_ROWS.search(text)
        many = rows is not None and int(rows.group(1)) * int(rows.group(2)) >= 5000
        node = text.removeprefix("Parallel ")
        if (
            (node.startswith("Seq Scan on") and any(t in node for t in BIG_TABLES))
            or "external merge" in node
            or (node.startswith(("Sort", "Incremental Sort", "Aggregate")) and many)
            or (node.startswith(("Index Only Scan", "Index Scan", "Bitmap Heap Scan")) and many)
        ):
            found.append(text)
    return found


def sqlite_url(stories: int) -> str:
    return f"sqlite:///{DATA_DIR / f'bench-{stories}.sqlite3'}"


def vendor(database_url: str) -> str:
    return "sqlite" if database_url.startswith("sqlite") else "postgresql"


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of every bench child: production settings plus the floor view."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DJANGO_DEBUG", "PYTEST_XDIST_WORKER")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="bench-only-secret-key-not-used-anywhere-else-0123456789",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(DATA_DIR / "media"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@dataclass
class Finished:
    returncode: int
    seconds: float
    peak_rss_kb: int  # the child's own peak resident set (ru_maxrss), not its children's
    peak_anon_kb: int = 0  # peak RssAnon seen by polling /proc (heap, without mapped files)
    peak_file_kb: int = 0  # peak RssFile (mapped files: SQLite's mmap of the database)


def run_child(
    args: list[str],
    *,
    env: dict,
    log: Path | None = None,
    check: bool = True,
    timeout: float | None = None,
) -> Finished:
    """Run a child to completion; wall time and peak RSS come from wait4()."""
    started = time.monotonic()
    out = log.open("ab") if log else subprocess.DEVNULL
    try:
        child = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        deadline = None if timeout is None else started + timeout
        peak_anon = peak_file = 0
        while True:
            parts = memory_kb(child.pid)
            peak_anon = max(peak_anon, parts.get("RssAnon", 0))
            peak_file = max(peak_file, parts.get("RssFile", 0))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.monotonic() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()
    finished = Finished(
        child.returncode, time.monotonic() - started, usage.ru_maxrss, peak_anon, peak_file
    )
    if check and finished.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:] if log else ""
        raise SystemExit(f"failed ({finished.returncode}): {' '.join(args)}\n{tail}")
    return finished


def manage(*args: str, env: dict, log: Path | None = None, check: bool = True) -> Finished:
    return run_child([PYTHON, MANAGE, *args], env=env, log=log, check=check)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ACCESS_LOG_FORMAT = '%(p)s %(s)s %(D)s %(b)s "%(r)s" "%({cookie}i)s" "%({if-none-match}i)s"'


class Gunicorn:
    """gunicorn with N sync workers on 127.0.0.1, an access log with per-request time (µs)."""

    def __init__(self, *, env: dict, workers: int = 2, log_dir: Path, name: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log = log_dir / f"{name}-access.log"
        self.error_log = log_dir / f"{name}-error.log"
        for path in (self.access_log, self.error_log):
            path.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "newsroom.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--timeout",
                "120",
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                ACCESS_LOG_FORMAT,
                "--error-logfile",
                str(self.error_log),
            ],
            env=env,
            cwd=ROOT,
            stdout=self.error_log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        self._wait_ready(workers)

    def _wait_ready(self, workers: int, timeout: float = 60) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited: {self.error_log.read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.base + "/bench/floor/", timeout=5).read()
                if len(self.worker_pids()) == workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not start: {self.error_log.read_text()[-3000:]}")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return sorted(int(pid) for pid in children.read_text().split())
        except OSError:
            return []

    def worker_rss_kb(self) -> dict[int, int]:
        return {pid: rss_kb(pid) for pid in self.worker_pids()}

    def worker_memory_kb(self) -> dict[int, dict[str, int]]:
        return {pid: memory_kb(pid) for pid in self.worker_pids()}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Gunicorn:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def fetch_many(
    base: str,
    paths: list[str],
    *,
    requests: int,
    threads: int = 2,
    headers: dict | None = None,
    deadline_seconds: float = 1800,
) -> dict:
    """Exactly ``requests`` GETs (fewer if the deadline passes), cycling through ``paths`` on
    ``threads`` threads, one connection per request. Returns counts by status class."""
    import http.client
    import threading
    from collections import Counter
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    counts: Counter = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + deadline_seconds
    sent = iter(range(requests))

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                number = next(sent, None)
            if number is None:
                return
            path = paths[number % len(paths)]
            try:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                connection.close()
                outcome = f"{response.status // 100}xx"
            except OSError as error:
                outcome = f"error: {type(error).__name__}"
            with lock:
                counts[outcome] += 1

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return dict(counts)


def rss_kb(pid: int) -> int:
    """VmRSS of a process in kB, from /proc/<pid>/status (0 when it is gone)."""
    return memory_kb(pid).get("VmRSS", 0)


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and its parts, in kB: RssAnon (the heap: what a leak grows) and RssFile (file
    pages mapped in, such as SQLite's memory-mapped database: shared and reclaimable)."""
    found = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                found[name] = int(value.split()[0])
    except (OSError, ValueError, IndexError):
        pass
    return found


def postgres_recreate(database_url: str) -> None:
    """Drop and create the bench database named in ``database_url`` (never any other)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name or "bench" not in name:
        raise SystemExit(
            f"refusing to drop {name!r}: the bench database's name must contain 'bench'"
        )
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")


def fmt_seconds(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    return f"{seconds / 60:.1f} min"


@contextmanager
def phase_timer(phases: dict[str, float], name: str) -> Iterator[None]:
    """Record in ``phases[name]`` how long the block took (nothing if it raised)."""
    started = time.monotonic()
    yield
    phases[name] = time.monotonic() - started
