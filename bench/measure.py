"""What ``bench/run.py`` measures: the in-process probe, wrk against gunicorn, worker memory and
the importer's peak RSS.

Each ``measure_*`` function runs one phase and returns its figures; it writes the raw outputs
(wrk text, logs, JSON) under the run's raw folder so ``--report-only`` can render them again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import (
    BYPASS_COOKIE,
    DATA_DIR,
    PYTHON,
    ROOT,
    Gunicorn,
    bench_env,
    fetch_many,
    fmt_seconds,
    manage,
    phase_timer,
    run_child,
    write_json,
)
from bench.generate import generate

# The pages measured, in the order of the report's table (probe.py picks their paths).
URL_NAMES = [
    "floor",
    "article",
    "front",
    "list",
    "deep",
    "section",
    "tag",
    "tag_rare",
    "person",
    "person_rare",
    "author",
    "search",
    "feed",
    "sitemap",
    "sitemap_articles",
    "storyline",
    "live",
    "live_poll",
]
# Conditional GETs, measured after the pages: row name -> the page whose ETag an anonymous
# reader sends back. The live story's open page polls its updates this way: unchanged, the
# poll must cost a 304 (issue 18).
CONDITIONAL = {"article_304": "article", "live_poll_304": "live_poll"}
MODES = ("uncached", "cached")


# --- wrk and the access log -------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is required (Debian: apt-get install -y wrk)")
    return found


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def parse_wrk(output: str) -> dict:
    result: dict = {"non_2xx_3xx": 0, "socket_errors": 0}
    for line in output.splitlines():
        line = line.strip()
        if match := re.match(r"(50|75|90|99)%\s+(\S+)", line):
            result[f"p{match.group(1)}_ms"] = _duration_ms(match.group(2))
        elif match := re.match(r"Requests/sec:\s+([\d.]+)", line):
            result["rps"] = float(match.group(1))
        elif match := re.match(r"(\d+) requests in ([\d.]+\w+)", line):
            result["requests"] = int(match.group(1))
        elif match := re.match(r"Non-2xx or 3xx responses:\s+(\d+)", line):
            result["non_2xx_3xx"] = int(match.group(1))
        elif line.startswith("Socket errors:"):
            result["socket_errors"] = sum(int(n) for n in re.findall(r"\d+", line))
    return result


def wrk(
    url: str,
    *,
    seconds: float,
    connections: int,
    threads: int,
    headers: list[str],
    script: Path | None = None,
    timeout: str = "10s",
) -> dict:
    args = [
        "wrk",
        "--latency",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        f"--timeout={timeout}",
    ]
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", str(script)]
    args.append(url)
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 120)
    result = parse_wrk(done.stdout)
    result["load_average"] = round(os.getloadavg()[0], 2)
    result["raw"] = done.stdout + done.stderr
    return result


def access_log_times(log: Path) -> dict[tuple[str, str], list[float]]:
    """(path, mode) -> request times in ms, from gunicorn's access log (%(D)s µs)."""
    times: dict[tuple[str, str], list[float]] = {}
    pattern = re.compile(r'^<?\d+>? (\d+) (\d+) \S+ "GET (\S+) [^"]*" "([^"]*)" "([^"]*)"')
    if not log.exists():
        return times
    for line in log.read_text(errors="replace").splitlines():
        match = pattern.match(line)
        if not match:
            continue
        _status, micros, path, cookie, if_none_match = match.groups()
        mode = "uncached" if "sessionid" in cookie else "cached"
        if if_none_match not in ("", "-"):
            mode = "conditional"
        times.setdefault((path, mode), []).append(int(micros) / 1000)
    return times


# --- in-process ---------------------------------------------------------------------------------


def measure_in_process(env: dict, args, raw: Path) -> dict:
    """bench/probe.py in a child process: server time, queries and plans per page, the 304."""
    out = raw / "probe.json"
    only = ["--only", *args.only] if args.only else []
    run_child(
        [
            PYTHON,
            str(ROOT / "bench" / "probe.py"),
            "--out",
            str(out),
            "--samples",
            str(args.samples),
            "--profile-dir",
            str(raw / "profiles"),
            *only,
        ],
        env=env,
        log=raw / "probe.log",
    )
    return json.loads(out.read_text())


# --- gunicorn + wrk -----------------------------------------------------------------------------


def wrk_measured(url: str, args, headers: list[str]) -> dict:
    """wrk for ``--warmup`` seconds (discarded), then for ``--duration`` seconds (returned)."""
    common = {"connections": args.connections, "threads": args.threads, "headers": headers}
    wrk(url, seconds=args.warmup, **common)
    return wrk(url, seconds=args.duration, **common)


def print_wrk_row(name: str, mode: str, measured: dict) -> None:
    print(
        f"  {name:17} {mode:8} {measured.get('rps', 0):8.1f} rps  "
        f"p50 {measured.get('p50_ms', float('nan')):7.2f} ms  "
        f"p99 {measured.get('p99_ms', float('nan')):7.2f} ms  "
        f"errors {measured['non_2xx_3xx']}",
        file=sys.stderr,
        flush=True,
    )


def measure_pages(server: Gunicorn, probe: dict, args, raw: Path) -> dict:
    """wrk over every page, uncached and cached: {(name, mode): figures}."""
    results: dict = {}
    names = [
        n
        for n in URL_NAMES
        if n in probe["urls"] and (not args.only or n in args.only or n == "floor")
    ]
    # The floor again at the end: the machine may have changed during the run.
    for name in [*names, "floor_end"]:
        url = server.base + probe["urls"]["floor" if name == "floor_end" else name]
        for mode in MODES:
            headers = [f"Cookie: {BYPASS_COOKIE}"] if mode == "uncached" else []
            measured = wrk_measured(url, args, headers)
            (raw / f"wrk-{name}-{mode}.txt").write_text(measured.pop("raw"))
            results[(name, mode)] = measured
            print_wrk_row(name, mode, measured)
    average_floor(results)
    for name, page in CONDITIONAL.items():
        if conditional_gets(probe).get(name, {}).get("etag"):
            results[(name, "conditional")] = measure_conditional_get(
                name, probe["urls"][page], conditional_gets(probe)[name]["etag"], server, args, raw
            )
    return results


def conditional_gets(probe: dict) -> dict:
    """The probe's 304 checks by row name (a run before issue 18 had the article's only)."""
    if "conditional_gets" in probe:
        return probe["conditional_gets"]
    return {"article_304": probe["conditional_get"]} if "conditional_get" in probe else {}


def average_floor(results: dict) -> None:
    """The floor is the mean of its two measurements (start and end of the run)."""
    for mode in MODES:
        start, end = results[("floor", mode)], results.pop(("floor_end", mode))
        results[("floor", mode)] = {
            **start,
            "rps": statistics.mean([start.get("rps", 0), end.get("rps", 0)]),
            "rps_start_end": [start.get("rps"), end.get("rps")],
        }


def measure_conditional_get(
    name: str, path: str, probe_etag: str, server: Gunicorn, args, raw: Path
) -> dict:
    """wrk on ``path`` with the ETag an anonymous reader got sent back (If-None-Match)."""
    url = server.base + path
    with urllib.request.urlopen(url) as response:
        etag = response.headers.get("ETag") or probe_etag
    measured = wrk_measured(url, args, [f"If-None-Match: {etag}"])
    (raw / f"wrk-{name}-conditional.txt").write_text(measured.pop("raw"))
    return measured


# --- worker memory ------------------------------------------------------------------------------


def served(server: Gunicorn) -> int:
    """Requests the workers have answered so far (lines in the access log)."""
    try:
        with server.access_log.open("rb") as log:
            return sum(1 for _ in log)
    except OSError:
        return 0


def memory_snapshot(server: Gunicorn, label: str) -> dict:
    parts = server.worker_memory_kb()
    return {
        "label": label,
        "served": served(server),
        "rss_kb": {pid: m.get("VmRSS", 0) for pid, m in parts.items()},
        "anon_kb": {pid: m.get("RssAnon", 0) for pid, m in parts.items()},
        "file_kb": {pid: m.get("RssFile", 0) for pid, m in parts.items()},
    }


def warm_up(server: Gunicorn, probe: dict, args) -> dict:
    """Every worker serves each kind of page once; returns the memory reading after it."""
    fetch_many(
        server.base,
        probe["mix"],
        requests=len(probe["mix"]),
        threads=args.workers,
        headers={"Cookie": BYPASS_COOKIE},
    )
    return memory_snapshot(server, f"after a warm-up over {len(probe['mix'])} pages")


def measure_worker_memory(server: Gunicorn, probe: dict, args) -> tuple[dict, dict]:
    """N more uncached requests across many different pages: (their figures, the RSS after)."""
    paths = probe["mix"]
    started = time.monotonic()
    counts = fetch_many(
        server.base,
        paths,
        requests=args.memory_requests,
        threads=args.workers,
        headers={"Cookie": BYPASS_COOKIE},
    )
    seconds = time.monotonic() - started
    snapshot = memory_snapshot(
        server, f"after {args.memory_requests:,} more uncached requests over {len(paths)} pages"
    )
    memory = {
        "requests": sum(counts.values()),
        "distinct_paths": len(paths),
        "seconds": round(seconds, 1),
        "non_2xx_3xx": sum(n for k, n in counts.items() if not k.startswith(("2", "3"))),
        "counts": counts,
    }
    return memory, snapshot


def measure_server(env: dict, probe: dict, args, raw: Path, phases: dict):
    """gunicorn, wrk over every URL, worker memory; returns (memory, runs, access, error log)."""
    memory = None
    print("gunicorn + wrk...", file=sys.stderr)
    with Gunicorn(env=env, workers=args.workers, log_dir=raw, name="gunicorn") as server:
        with phase_timer(phases, "warm-up"):
            snapshots = [warm_up(server, probe, args)]
        with phase_timer(phases, "wrk (all URLs, both modes)"):
            runs = measure_pages(server, probe, args, raw)
        snapshots.append(memory_snapshot(server, "after the wrk runs"))
        if args.memory_requests:
            print(f"Worker memory over {args.memory_requests:,} requests...", file=sys.stderr)
            with phase_timer(phases, "worker memory"):
                memory, snapshot = measure_worker_memory(server, probe, args)
                snapshots.append(snapshot)
        memory = {**(memory or {}), "snapshots": snapshots}
        access = access_log_times(server.access_log)
        errors = server.error_log.read_text(errors="replace")
    return memory, runs, access, errors


# --- importer memory ----------------------------------------------------------------------------


def measure_importer_memory(args, raw: Path) -> dict:
    """Peak RSS of import_articles over 2,000 and 10,000 one-story files (fresh SQLite each)."""
    results = {}
    for count in args.importer_files:
        results[count] = import_one_story_files(count, raw)
        write_json(raw / "importer-memory.json", results)
    return results


def import_one_story_files(count: int, raw: Path) -> dict:
    """``import_articles`` over ``count`` one-story files into a fresh SQLite database."""
    folder = DATA_DIR / "importer-memory" / f"files-{count}"
    if not (folder / "manifest.json").exists():
        generate(stories=count, out=folder, first=2_000_000, per_file=1, quiet=True)
    with tempfile.TemporaryDirectory(dir=DATA_DIR) as tmp:
        env = bench_env(f"sqlite:///{Path(tmp) / 'db.sqlite3'}")
        log = raw / f"importer-memory-{count}.log"
        log.write_text("")
        manage("migrate", "--noinput", env=env, log=log)
        manage("import_people", str(folder / "people.jsonl"), env=env, log=log)
        done = manage(
            "import_articles",
            "--status",
            "published",
            "--verbosity",
            "0",
            str(folder / "stories"),
            env=env,
            log=log,
        )
    print(
        f"  importer {count:,} files: peak RSS {round(done.peak_rss_kb / 1024, 1)} MB "
        f"in {fmt_seconds(done.seconds)}",
        file=sys.stderr,
        flush=True,
    )
    return {
        "files": count,
        "seconds": round(done.seconds, 1),
        "stories_per_second": round(count / done.seconds, 1),
        "peak_rss_mb": round(done.peak_rss_kb / 1024, 1),
        "peak_anon_mb": round(done.peak_anon_kb / 1024, 1),
        "peak_file_mb": round(done.peak_file_kb / 1024, 1),
    }
