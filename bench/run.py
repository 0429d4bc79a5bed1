"""Newsroom at newsroom scale: load a generated archive, serve it with gunicorn, measure it.

What one run does (``make bench`` = ``.venv/bin/python bench/run.py``):

1. generate the data set if it is missing (bench/generate.py; 100,000 stories by default);
2. load it through the real import path into a bench database (bench/load.py: ``migrate``,
   ``import_people``, ``import_articles --status published``), unless that database already
   holds this data set (a marker under bench/data/) or ``--skip-load``;
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

Traffic goes to 127.0.0.1 only, and every wrk run is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BYPASS_COOKIE,
    DATA_DIR,
    PYTHON,
    RAW_DIR,
    RESULTS_DIR,
    ROOT,
    Gunicorn,
    bench_env,
    fetch_many,
    fmt_seconds,
    manage,
    plan_flags,
    run_child,
    sqlite_url,
    vendor,
    write_json,
)
from bench.generate import generate
from bench.load import ensure_data, load, loaded

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
]
LABELS = {
    "floor": "floor (fixed string)",
    "article": "article page",
    "front": "front page",
    "list": "/articles/ page 1",
    "deep": "deep page",
    "section": "section page",
    "tag": "tag page (busiest tag)",
    "tag_rare": "tag page (rarest tag)",
    "person": "person page (most mentioned)",
    "person_rare": "person page (least mentioned)",
    "author": "author page",
    "search": "search",
    "feed": "latest feed",
    "sitemap": "sitemap index",
    "sitemap_articles": "articles sitemap page",
    "article_304": "article, conditional GET (304)",
}


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


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# --- phases -----------------------------------------------------------------------------------


def phase_probe(env: dict, args, raw: Path) -> dict:
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


def phase_wrk(server: Gunicorn, probe: dict, args, raw: Path) -> dict:
    results: dict = {}
    names = [n for n in URL_NAMES if not args.only or n in args.only or n == "floor"]
    # The floor again at the end: the machine may have changed during the run.
    for name in [*names, "floor_end"]:
        path = probe["urls"]["floor" if name == "floor_end" else name]
        url = server.base + path
        for mode in ("uncached", "cached"):
            headers = [f"Cookie: {BYPASS_COOKIE}"] if mode == "uncached" else []
            common = {"connections": args.connections, "threads": args.threads, "headers": headers}
            wrk(url, seconds=args.warmup, **common)
            measured = wrk(url, seconds=args.duration, **common)
            (raw / f"wrk-{name}-{mode}.txt").write_text(measured.pop("raw"))
            results[(name, mode)] = measured
            print(
                f"  {name:17} {mode:8} {measured.get('rps', 0):8.1f} rps  "
                f"p50 {measured.get('p50_ms', float('nan')):7.2f} ms  "
                f"p99 {measured.get('p99_ms', float('nan')):7.2f} ms  "
                f"errors {measured['non_2xx_3xx']}",
                file=sys.stderr,
                flush=True,
            )
    # The floor is the mean of its two measurements (start and end of the run).
    for mode in ("uncached", "cached"):
        start, end = results[("floor", mode)], results.pop(("floor_end", mode))
        results[("floor", mode)] = {
            **start,
            "rps": statistics.mean([start.get("rps", 0), end.get("rps", 0)]),
            "rps_start_end": [start.get("rps"), end.get("rps")],
        }
    # Conditional GET: the ETag an anonymous reader got, sent back.
    etag = probe.get("conditional_get", {}).get("etag")
    if etag and (not args.only or "article" in args.only):
        import urllib.request

        with urllib.request.urlopen(server.base + probe["urls"]["article"]) as response:
            etag = response.headers.get("ETag") or etag
        common = {
            "connections": args.connections,
            "threads": args.threads,
            "headers": [f"If-None-Match: {etag}"],
        }
        wrk(server.base + probe["urls"]["article"], seconds=args.warmup, **common)
        measured = wrk(server.base + probe["urls"]["article"], seconds=args.duration, **common)
        (raw / "wrk-article_304-conditional.txt").write_text(measured.pop("raw"))
        results[("article_304", "conditional")] = measured
    return results


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


def phase_memory(server: Gunicorn, probe: dict, args, raw: Path, snapshots: list) -> dict:
    """RSS of each worker over N more uncached requests across many different pages."""
    paths = probe["mix"]
    cookie = {"Cookie": BYPASS_COOKIE}
    started = time.monotonic()
    counts = fetch_many(
        server.base, paths, requests=args.memory_requests, threads=args.workers, headers=cookie
    )
    seconds = time.monotonic() - started
    snapshots.append(
        memory_snapshot(
            server, f"after {args.memory_requests:,} more uncached requests over {len(paths)} pages"
        )
    )
    return {
        "requests": sum(counts.values()),
        "distinct_paths": len(paths),
        "seconds": round(seconds, 1),
        "non_2xx_3xx": sum(n for k, n in counts.items() if not k.startswith(("2", "3"))),
        "counts": counts,
    }


def phase_importer_memory(args, raw: Path) -> dict:
    """Peak RSS of import_articles over 2,000 and 10,000 one-story files (fresh SQLite each)."""
    results = {}
    work = DATA_DIR / "importer-memory"
    for count in args.importer_files:
        folder = work / f"files-{count}"
        if not (folder / "manifest.json").exists():
            generate(stories=count, out=folder, first=2_000_000, per_file=1, quiet=True)
        with tempfile.TemporaryDirectory(dir=DATA_DIR) as tmp:
            url = f"sqlite:///{Path(tmp) / 'db.sqlite3'}"
            env = bench_env(url)
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
            results[count] = {
                "files": count,
                "seconds": round(done.seconds, 1),
                "stories_per_second": round(count / done.seconds, 1),
                "peak_rss_mb": round(done.peak_rss_kb / 1024, 1),
                "peak_anon_mb": round(done.peak_anon_kb / 1024, 1),
                "peak_file_mb": round(done.peak_file_kb / 1024, 1),
            }
            write_json(raw / "importer-memory.json", results)
            print(
                f"  importer {count:,} files: peak RSS {results[count]['peak_rss_mb']} MB "
                f"in {fmt_seconds(done.seconds)}",
                file=sys.stderr,
                flush=True,
            )
    return results


# --- report -----------------------------------------------------------------------------------


def _f(value, digits=1) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return f"{value:,.{digits}f}"


def report(
    *,
    args,
    url: str,
    probe: dict,
    runs: dict,
    access: dict,
    memory: dict | None,
    importer: dict | None,
    load_info: dict | None,
    phases: dict,
) -> str:
    kind = vendor(url)
    lines = [
        f"# Newsroom bench: {kind}, {args.stories:,} stories",
        "",
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}; gunicorn {args.workers} sync "
        f"workers, DJANGO_DEBUG=0, locmem cache; wrk -t{args.threads} -c{args.connections}, "
        f"{args.warmup:g} s warm-up then {args.duration:g} s per row; 127.0.0.1. "
        f"Machine: {os.cpu_count()} cores, load average at the start "
        f"{phases.get('load_average_start', '–')}.",
        "",
        "UNCACHED: `Cookie: sessionid=bench` (the page cache steps aside; the view runs). "
        "CACHED: anonymous GET, served from the page cache. Ratio: requests per second divided "
        "by the floor's in the same mode. Server p50: gunicorn's own request time (access log "
        "%(D)s) under this load; in-process p50: Django test client, one request at a time, "
        f"{args.samples} samples (the figure the targets are judged on).",
        "",
        "| page | path | uncached rps | p50 ms | p99 ms | × floor | server p50 ms | "
        "cached rps | p50 ms | p99 ms | × floor | in-process p50 ms uncached / cached | "
        "target | queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    floor = {mode: runs.get(("floor", mode), {}).get("rps") for mode in ("uncached", "cached")}
    floor_runs = {
        mode: runs.get(("floor", mode), {}).get("rps_start_end") for mode in ("uncached", "cached")
    }
    if all(floor_runs.values()):
        lines[-2:-2] = [
            "The floor was measured at the start and at the end of the run; its rps is the mean "
            f"(uncached {floor_runs['uncached'][0]:,.0f} then {floor_runs['uncached'][1]:,.0f}, "
            f"cached {floor_runs['cached'][0]:,.0f} then {floor_runs['cached'][1]:,.0f}).",
            "",
        ]
    for name in URL_NAMES:
        if (name, "uncached") not in runs and name not in probe["pages"]:
            continue
        path = probe["urls"][name]
        page = probe["pages"].get(name, {})
        cells = [LABELS[name], f"`{path}`"]
        for mode in ("uncached", "cached"):
            run = runs.get((name, mode), {})
            rps = run.get("rps")
            ratio = rps / floor[mode] if rps and floor[mode] else None
            cells += [
                _f(rps),
                _f(run.get("p50_ms"), 2),
                _f(run.get("p99_ms"), 2),
                _f(ratio, 2)
                + ("" if not run.get("non_2xx_3xx") else f" ({run['non_2xx_3xx']} errors)"),
            ]
            if mode == "uncached":
                cells.append(_f(percentile(access.get((path, "uncached"), []), 0.5), 2))
        status = page.get("uncached", {}).get("status")
        if status not in (None, 200):
            cells[0] += f" (status {status}!)"
        inproc_u = page.get("uncached", {}).get("p50_ms")
        inproc_c = page.get("cached", {}).get("p50_ms")
        cells.append(f"{_f(inproc_u, 2)} / {_f(inproc_c, 2)}")
        target = page.get("target_ms")
        verdict = (
            "–"
            if not target
            else (f"≤ {target} ms {'✅' if inproc_u is not None and inproc_u <= target else '❌'}")
        )
        cells.append(verdict)
        cells.append(str(page.get("queries", {}).get("count", "–")))
        lines.append("| " + " | ".join(cells) + " |")
    conditional = runs.get(("article_304", "conditional"))
    cg = probe.get("conditional_get", {})
    if conditional:
        ratio = conditional.get("rps", 0) / floor["cached"] if floor["cached"] else None
        lines += [
            "",
            f"Conditional GET of the article (`If-None-Match` with its ETag): "
            f"{_f(conditional.get('rps'))} rps, p50 {_f(conditional.get('p50_ms'), 2)} ms, "
            f"p99 {_f(conditional.get('p99_ms'), 2)} ms ({_f(ratio, 2)} × floor); in-process: "
            f"status {cg.get('status')}, templates rendered "
            f"{len(cg.get('templates_rendered', []))} "
            f"(a full render uses {cg.get('templates_when_rendered')}), queries "
            f"{len(cg.get('queries', []))}.",
        ]
    cached_article = runs.get(("article", "cached"), {}).get("rps")
    if cached_article and floor["cached"]:
        ratio = cached_article / floor["cached"]
        lines += [
            "",
            f"Cached article page: {ratio:.2f} × the floor's requests per second "
            f"(target ≥ 0.7: {'✅' if ratio >= 0.7 else '❌'}).",
        ]
    flagged = []
    for name, page in probe["pages"].items():
        for query in page.get("queries", {}).get("queries", []):
            if query.get("flags"):
                flagged.append((name, query))
    lines += ["", "## Query plans that grow with the archive", ""]
    if flagged:
        lines += ["| page | query ms | plan lines flagged | SQL (start) |", "|---|---:|---|---|"]
        for name, query in flagged:
            sql = " ".join(query["sql"].split())[:160].replace("|", "\\|")
            flag_text = "<br>".join(f.replace("|", "\\|") for f in query["flags"][:4])
            lines.append(f"| {name} | {_f(query.get('ms'), 2)} | {flag_text} | `{sql}…` |")
    else:
        lines.append("None.")
    lines += ["", "Slowest query of each page (median of 5 runs):", ""]
    lines += ["| page | queries | slowest ms | slowest SQL (start) |", "|---|---:|---:|---|"]
    for name, page in probe["pages"].items():
        queries = page.get("queries", {}).get("queries", [])
        timed_queries = [q for q in queries if "ms" in q]
        if not timed_queries:
            lines.append(f"| {name} | {len(queries)} | – | |")
            continue
        slowest = max(timed_queries, key=lambda q: q["ms"])
        sql = " ".join(slowest["sql"].split())[:140].replace("|", "\\|")
        lines.append(f"| {name} | {len(queries)} | {_f(slowest['ms'], 2)} | `{sql}…` |")
    if memory and memory.get("snapshots"):
        snapshots = memory["snapshots"]
        pids = sorted({pid for snap in snapshots for pid in snap["rss_kb"]})
        lines += [
            "",
            "## Worker memory",
            "",
            "RSS (MB) of each gunicorn worker, from /proc/<pid>/status (in brackets, when "
            "recorded: RssAnon, the heap, + RssFile, mapped files such as SQLite's "
            "memory-mapped database), with the number of requests both workers had served "
            "(access-log lines) at each reading.",
            "",
            "| reading | requests served | " + " | ".join(f"worker {p}" for p in pids) + " |",
            "|---|---:|" + "---:|" * len(pids),
        ]
        for snap in snapshots:
            cells = [
                f"{snap['rss_kb'].get(p, 0) / 1024:.1f}"
                + (
                    f" ({snap['anon_kb'].get(p, 0) / 1024:.1f} + "
                    f"{snap['file_kb'].get(p, 0) / 1024:.1f})"
                    if "anon_kb" in snap
                    else ""
                )
                for p in pids
            ]
            lines.append(f"| {snap['label']} | {snap['served']:,} | " + " | ".join(cells) + " |")
        first, last = snapshots[0], snapshots[-1]
        growth = [(last["rss_kb"].get(p, 0) - first["rss_kb"].get(p, 0)) / 1024 for p in pids]
        anon = [
            (last.get("anon_kb", {}).get(p, 0) - first.get("anon_kb", {}).get(p, 0)) / 1024
            for p in pids
        ]
        lines += [
            "",
            f"Growth from the first to the last reading over "
            f"{last['served'] - first['served']:,} requests: "
            + ", ".join(f"{g:+.1f} MB" for g in growth)
            + (
                " (heap, RssAnon: " + ", ".join(f"{a:+.1f} MB" for a in anon) + ")"
                if "anon_kb" in first
                else ""
            )
            + ".",
        ]
        if memory.get("requests"):
            lines.append(
                f"The last {memory['requests']:,} requests (uncached, "
                f"{memory['distinct_paths']} different pages) took {memory['seconds']} s, "
                f"{memory['non_2xx_3xx']} errors."
            )
    if importer:
        lines += [
            "",
            "## Importer memory",
            "",
            "| files (one story each) | seconds | stories/s | peak RSS (MB) | "
            "peak RssAnon: heap (MB) | peak RssFile: mapped database (MB) |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        for count, row in importer.items():
            lines.append(
                f"| {int(count):,} | {row['seconds']} | {row['stories_per_second']} | "
                f"{row['peak_rss_mb']} | {row.get('peak_anon_mb', '–')} | "
                f"{row.get('peak_file_mb', '–')} |"
            )
    if load_info:
        lines += ["", "## Load", ""]
        source = load_info.get("source_import", load_info)
        secs = source["seconds"]
        if "copied_from" in load_info:
            lines.append(
                f"Rows copied from the SQLite bench database (COPY, then ANALYZE) in "
                f"{fmt_seconds(load_info['seconds']['copy_from_sqlite'])}; PostgreSQL computed "
                "its generated search_vector for every article as it arrived. That SQLite "
                "database was loaded through the importer:"
            )
        lines.append(
            f"{source['stories']:,} stories through `import_articles --status published`: "
            f"{fmt_seconds(secs['import_articles'])} ({source['stories_per_second']} stories/s, "
            f"peak RSS {source['import_peak_rss_mb']} MB per run of up to 10,000 stories); "
            f"import_people {fmt_seconds(secs['import_people'])}; migrate "
            f"{fmt_seconds(secs['migrate'])}."
        )
    lines += ["", "## Phases", "", "| phase | time |", "|---|---:|"]
    for phase, seconds in phases.items():
        if phase != "load_average_start":
            lines.append(f"| {phase} | {fmt_seconds(seconds)} |")
    lines += ["", "Raw outputs: bench/results/raw/ (git-ignored).", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
        return memory_again(args=args, env=bench_env(url), raw=raw)
    if args.report_only:
        return report_again(args=args, url=url, kind=kind, raw=raw, suffix=suffix)
    if args.importer_memory_only:
        print(json.dumps(phase_importer_memory(args, raw), indent=2))
        return 0
    env = bench_env(url)

    load_info = None
    if not args.skip_load:
        started = time.monotonic()
        ensure_data(args.stories)
        phases["generate (if missing)"] = time.monotonic() - started
        load_info = loaded(url)
        if args.reload or not load_info or load_info.get("stories") != args.stories:
            print(f"Loading {args.stories:,} stories into {kind}...", file=sys.stderr)
            started = time.monotonic()
            load_info = load(stories=args.stories, database_url=url)
            phases["load (import)"] = time.monotonic() - started
    else:
        load_info = loaded(url)

    print("migrate (other work may have added migrations) and collectstatic...", file=sys.stderr)
    started = time.monotonic()
    manage("migrate", "--noinput", env=env, log=raw / "migrate.log")
    manage("collectstatic", "--noinput", env=env, log=raw / "collectstatic.log")
    phases["migrate + collectstatic"] = time.monotonic() - started

    if args.analyze:
        snippet = "from django.db import connection; connection.cursor().execute('ANALYZE')"
        started = time.monotonic()
        manage("shell", "-c", snippet, env=env, log=raw / "analyze.log")
        phases["ANALYZE"] = time.monotonic() - started

    print("In-process probe (server time, queries, plans, 304)...", file=sys.stderr)
    started = time.monotonic()
    probe = phase_probe(env, args, raw)
    phases["in-process probe"] = time.monotonic() - started

    memory, runs, access, errors = None, {}, {}, ""
    if args.probe_only:
        args.memory_requests, args.importer_files = 0, []
    else:
        memory, runs, access, errors = phase_server(env, probe, args, raw, phases)
    locked = errors.count("database is locked")
    tracebacks = errors.count("Traceback")

    importer = None
    if (raw / "importer-memory.json").exists():
        importer = json.loads((raw / "importer-memory.json").read_text())  # an earlier run's
    if args.importer_files and kind == "sqlite":
        print("Importer memory...", file=sys.stderr)
        started = time.monotonic()
        importer = phase_importer_memory(args, raw)
        phases["importer memory"] = time.monotonic() - started

    text = report(
        args=args,
        url=url,
        probe=probe,
        runs=runs,
        access=access,
        memory=memory,
        importer=importer,
        load_info=load_info,
        phases=phases,
    )
    if not args.probe_only:
        text += f'\ngunicorn error log: {tracebacks} tracebacks, {locked} "database is locked".\n'
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"latest-{kind}{suffix}.md"
    out.write_text(text)
    write_json(raw / "runs.json", {f"{k[0]}:{k[1]}": v for k, v in runs.items()})
    write_json(
        raw / "summary.json",
        {
            "memory": memory,
            "importer": importer,
            "load": load_info,
            "phases": phases,
            "server_p50_ms": {f"{p}:{m}": statistics.median(v) for (p, m), v in access.items()},
        },
    )
    print(text)
    print(f"Written to {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


def memory_again(*, args, env: dict, raw: Path) -> int:
    """The worker-memory phase alone, on a fresh gunicorn; stored in the last run's summary."""
    probe = json.loads((raw / "probe.json").read_text())
    snapshots: list[dict] = []
    with Gunicorn(env=env, workers=args.workers, log_dir=raw, name="gunicorn-memory") as server:
        fetch_many(
            server.base,
            probe["mix"],
            requests=len(probe["mix"]),
            threads=args.workers,
            headers={"Cookie": BYPASS_COOKIE},
        )
        snapshots.append(memory_snapshot(server, f"after a warm-up over {len(probe['mix'])} pages"))
        memory = phase_memory(server, probe, args, raw, snapshots)
        memory["snapshots"] = snapshots
    summary_path = raw / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    summary["memory"] = memory
    write_json(summary_path, summary)
    print(json.dumps(memory, indent=2, default=str))
    return 0


def report_again(*, args, url: str, kind: str, raw: Path, suffix: str) -> int:
    """The report from a finished run's raw files, with the plan flags computed again."""
    probe = json.loads((raw / "probe.json").read_text())
    for page in probe["pages"].values():
        for query in page.get("queries", {}).get("queries", []):
            if "plan" in query:
                query["flags"] = plan_flags(kind, query["plan"], query.get("ms", 0))
    (raw / "probe.json").write_text(json.dumps(probe, indent=2, default=str))
    runs = {
        tuple(key.split(":", 1)): value
        for key, value in json.loads((raw / "runs.json").read_text()).items()
    }
    summary = json.loads((raw / "summary.json").read_text())
    access = access_log_times(raw / "gunicorn-access.log")
    error_log = raw / "gunicorn-error.log"
    errors = error_log.read_text(errors="replace") if error_log.exists() else ""
    memory = summary.get("memory")
    if memory and memory.get("snapshots"):
        for snap in memory["snapshots"]:
            for key in ("rss_kb", "anon_kb", "file_kb"):
                if key in snap:
                    snap[key] = {int(pid): kb for pid, kb in snap[key].items()}
    phases = summary.get("phases", {})
    args.samples = probe.get("samples", args.samples)
    text = report(
        args=args,
        url=url,
        probe=probe,
        runs=runs,
        access=access,
        memory=memory,
        importer=summary.get("importer"),
        load_info=summary.get("load"),
        phases=phases,
    )
    # The run's own time, not this re-rendering's.
    ran = datetime.fromtimestamp((raw / "runs.json").stat().st_mtime, UTC)
    text = re.sub(
        r"^Run \S+ \S+ UTC", f"Run {ran.strftime('%Y-%m-%d %H:%M')} UTC", text, flags=re.M
    )
    text += (
        f"\ngunicorn error log: {errors.count('Traceback')} tracebacks, "
        f'{errors.count("database is locked")} "database is locked".\n'
    )
    out = RESULTS_DIR / f"latest-{kind}{suffix}.md"
    out.write_text(text)
    print(text)
    return 0


def phase_server(env: dict, probe: dict, args, raw: Path, phases: dict):
    """gunicorn, wrk over every URL, worker memory; returns (memory, runs, access, error log)."""
    memory = None
    print("gunicorn + wrk...", file=sys.stderr)
    snapshots: list[dict] = []
    with Gunicorn(env=env, workers=args.workers, log_dir=raw, name="gunicorn") as server:
        started = time.monotonic()
        # Every worker has served each kind of page before the first reading.
        fetch_many(
            server.base,
            probe["mix"],
            requests=len(probe["mix"]),
            threads=args.workers,
            headers={"Cookie": BYPASS_COOKIE},
        )
        snapshots.append(memory_snapshot(server, f"after a warm-up over {len(probe['mix'])} pages"))
        phases["warm-up"] = time.monotonic() - started
        started = time.monotonic()
        runs = phase_wrk(server, probe, args, raw)
        phases["wrk (all URLs, both modes)"] = time.monotonic() - started
        snapshots.append(memory_snapshot(server, "after the wrk runs"))
        if args.memory_requests:
            print(f"Worker memory over {args.memory_requests:,} requests...", file=sys.stderr)
            started = time.monotonic()
            memory = phase_memory(server, probe, args, raw, snapshots)
            phases["worker memory"] = time.monotonic() - started
        memory = {**(memory or {}), "snapshots": snapshots}
        access = access_log_times(server.access_log)
        errors = server.error_log.read_text(errors="replace")
    return memory, runs, access, errors


if __name__ == "__main__":
    sys.exit(main())
