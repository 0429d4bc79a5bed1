"""The markdown report of a ``bench/run.py`` run: one function per section of the page.

``report()`` puts the sections together; each section function takes the figures it shows and
returns its lines. ``saved_run()`` reads a finished run's raw files back for ``--report-only``.
"""

from __future__ import annotations

import json
import os
import re
import statistics
from datetime import UTC, datetime
from pathlib import Path

from bench.common import RESULTS_DIR, fmt_seconds, plan_flags, vendor, write_json
from bench.measure import CONDITIONAL, MODES, URL_NAMES, access_log_times, conditional_gets

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
    "storyline": "storyline (500 entries)",
    "live": "live story (1,000 updates)",
    "live_poll": "live story's poll (changed)",
    "article_304": "article, conditional GET (304)",
    "live_poll_304": "live story's poll, unchanged (304)",
}
# What each conditional GET asks again, in the notes under the table.
CONDITIONAL_OF = {"article_304": "the article", "live_poll_304": "the live story's poll"}
CACHED_ARTICLE_TARGET = 0.7  # × the floor's requests per second


def number(value, digits=1) -> str:
    """A figure with thousands separators, or an en dash when it is missing."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    return f"{value:,.{digits}f}"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


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
    floor = {mode: runs.get(("floor", mode), {}).get("rps") for mode in MODES}
    lines = [
        *heading(args, vendor(url), phases),
        *floor_note(runs),
        *page_table(probe, runs, access, floor),
        *conditional_get_note(probe, runs, floor),
        *cached_article_note(runs, floor),
        *growing_plans(probe),
        *slowest_queries(probe),
        *worker_memory(memory),
        *importer_memory(importer),
        *load_note(load_info),
        *phase_table(phases),
        "",
        "Raw outputs: bench/results/raw/ (git-ignored).",
        "",
    ]
    return "\n".join(lines)


def error_log_note(errors: str) -> str:
    return (
        f"\ngunicorn error log: {errors.count('Traceback')} tracebacks, "
        f'{errors.count("database is locked")} "database is locked".\n'
    )


# --- sections -----------------------------------------------------------------------------------


def heading(args, kind: str, phases: dict) -> list[str]:
    return [
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
    ]


def floor_note(runs: dict) -> list[str]:
    """The floor's two measurements, when both were made."""
    floor_runs = {mode: runs.get(("floor", mode), {}).get("rps_start_end") for mode in MODES}
    if not all(floor_runs.values()):
        return []
    uncached, cached = floor_runs["uncached"], floor_runs["cached"]
    return [
        "The floor was measured at the start and at the end of the run; its rps is the mean "
        f"(uncached {uncached[0]:,.0f} then {uncached[1]:,.0f}, "
        f"cached {cached[0]:,.0f} then {cached[1]:,.0f}).",
        "",
    ]


def page_table(probe: dict, runs: dict, access: dict, floor: dict) -> list[str]:
    lines = [
        "| page | path | uncached rps | p50 ms | p99 ms | × floor | server p50 ms | "
        "cached rps | p50 ms | p99 ms | × floor | in-process p50 ms uncached / cached | "
        "target | queries |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name in URL_NAMES:
        if (name, "uncached") in runs or name in probe["pages"]:
            lines.append(page_row(name, probe, runs, access, floor))
    checks = conditional_gets(probe)
    rows = [conditional_row(name, probe, checks[name], runs, floor) for name in checks]
    if rows:
        lines += [
            *rows,
            "",
            "Rows ending (304): an anonymous GET sending back the ETag the page gave; their wrk "
            "figures are in the cached columns, the target is a 304 that renders no template.",
        ]
    return lines


def page_row(name: str, probe: dict, runs: dict, access: dict, floor: dict) -> str:
    path = probe["urls"][name]
    page = probe["pages"].get(name, {})
    cells = [LABELS[name], f"`{path}`"]
    for mode in MODES:
        cells += wrk_cells(runs.get((name, mode), {}), floor[mode])
        if mode == "uncached":
            cells.append(number(percentile(access.get((path, "uncached"), []), 0.5), 2))
    status = page.get("uncached", {}).get("status")
    if status not in (None, 200):
        cells[0] += f" (status {status}!)"
    in_process = page.get("uncached", {}).get("p50_ms")
    cells.append(f"{number(in_process, 2)} / {number(page.get('cached', {}).get('p50_ms'), 2)}")
    cells.append(target_verdict(page.get("target_ms"), in_process))
    cells.append(str(page.get("queries", {}).get("count", "–")))
    return "| " + " | ".join(cells) + " |"


def conditional_row(name: str, probe: dict, check: dict, runs: dict, floor: dict) -> str:
    """A conditional GET as a row of the table: its wrk run in the cached columns."""
    path = probe["urls"][CONDITIONAL[name]]
    met = check.get("status") == 304 and not check.get("templates_rendered")
    cells = [
        LABELS[name],
        f"`{path}`",
        *["–"] * 5,
        *wrk_cells(runs.get((name, "conditional"), {}), floor["cached"]),
        f"– / {number(check.get('p50_ms'), 2)}",
        f"304, no template {'✅' if met else '❌'}",
        str(len(check.get("queries", []))),
    ]
    return "| " + " | ".join(cells) + " |"


def wrk_cells(run: dict, floor_rps: float | None) -> list[str]:
    """rps, p50, p99 and × floor (with the errors, if any) of one wrk run."""
    rps = run.get("rps")
    ratio = rps / floor_rps if rps and floor_rps else None
    errors = "" if not run.get("non_2xx_3xx") else f" ({run['non_2xx_3xx']} errors)"
    return [
        number(rps),
        number(run.get("p50_ms"), 2),
        number(run.get("p99_ms"), 2),
        number(ratio, 2) + errors,
    ]


def target_verdict(target: int | None, in_process_ms: float | None) -> str:
    if not target:
        return "–"
    met = in_process_ms is not None and in_process_ms <= target
    return f"≤ {target} ms {'✅' if met else '❌'}"


def conditional_get_note(probe: dict, runs: dict, floor: dict) -> list[str]:
    lines = []
    for name, cg in conditional_gets(probe).items():
        conditional = runs.get((name, "conditional"))
        if not conditional:
            continue
        ratio = conditional.get("rps", 0) / floor["cached"] if floor["cached"] else None
        lines += [
            "",
            f"Conditional GET of {CONDITIONAL_OF[name]} (`If-None-Match` with its ETag): "
            f"{number(conditional.get('rps'))} rps, "
            f"p50 {number(conditional.get('p50_ms'), 2)} ms, "
            f"p99 {number(conditional.get('p99_ms'), 2)} ms ({number(ratio, 2)} × floor); "
            f"in-process: status {cg.get('status')}, templates rendered "
            f"{len(cg.get('templates_rendered', []))} "
            f"(a full render uses {cg.get('templates_when_rendered')}), queries "
            f"{len(cg.get('queries', []))}.",
        ]
    return lines


def cached_article_note(runs: dict, floor: dict) -> list[str]:
    cached_article = runs.get(("article", "cached"), {}).get("rps")
    if not (cached_article and floor["cached"]):
        return []
    ratio = cached_article / floor["cached"]
    met = "✅" if ratio >= CACHED_ARTICLE_TARGET else "❌"
    return [
        "",
        f"Cached article page: {ratio:.2f} × the floor's requests per second "
        f"(target ≥ {CACHED_ARTICLE_TARGET}: {met}).",
    ]


def page_queries(page: dict) -> list[dict]:
    return page.get("queries", {}).get("queries", [])


def sql_start(sql: str, length: int) -> str:
    """The first characters of a query on one line, safe inside a markdown table cell."""
    return " ".join(sql.split())[:length].replace("|", "\\|")


def growing_plans(probe: dict) -> list[str]:
    """The queries whose plan flags something that grows with the archive."""
    flagged = [
        (name, query)
        for name, page in probe["pages"].items()
        for query in page_queries(page)
        if query.get("flags")
    ]
    lines = ["", "## Query plans that grow with the archive", ""]
    if not flagged:
        return [*lines, "None."]
    lines += ["| page | query ms | plan lines flagged | SQL (start) |", "|---|---:|---|---|"]
    for name, query in flagged:
        flag_text = "<br>".join(f.replace("|", "\\|") for f in query["flags"][:4])
        lines.append(
            f"| {name} | {number(query.get('ms'), 2)} | {flag_text} | "
            f"`{sql_start(query['sql'], 160)}…` |"
        )
    return lines


def slowest_queries(probe: dict) -> list[str]:
    lines = [
        "",
        "Slowest query of each page (median of 5 runs):",
        "",
        "| page | queries | slowest ms | slowest SQL (start) |",
        "|---|---:|---:|---|",
    ]
    for name, page in probe["pages"].items():
        queries = page_queries(page)
        timed_queries = [q for q in queries if "ms" in q]
        if not timed_queries:
            lines.append(f"| {name} | {len(queries)} | – | |")
            continue
        slowest = max(timed_queries, key=lambda q: q["ms"])
        lines.append(
            f"| {name} | {len(queries)} | {number(slowest['ms'], 2)} | "
            f"`{sql_start(slowest['sql'], 140)}…` |"
        )
    return lines


def worker_memory(memory: dict | None) -> list[str]:
    if not (memory and memory.get("snapshots")):
        return []
    snapshots = memory["snapshots"]
    pids = sorted({pid for snap in snapshots for pid in snap["rss_kb"]})
    lines = [
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
        cells = [memory_cell(snap, pid) for pid in pids]
        lines.append(f"| {snap['label']} | {snap['served']:,} | " + " | ".join(cells) + " |")
    lines += ["", memory_growth(snapshots[0], snapshots[-1], pids)]
    if memory.get("requests"):
        lines.append(
            f"The last {memory['requests']:,} requests (uncached, "
            f"{memory['distinct_paths']} different pages) took {memory['seconds']} s, "
            f"{memory['non_2xx_3xx']} errors."
        )
    return lines


def memory_cell(snap: dict, pid: int) -> str:
    """RSS in MB, with (RssAnon + RssFile) when the reading has them."""
    rss = f"{snap['rss_kb'].get(pid, 0) / 1024:.1f}"
    if "anon_kb" not in snap:
        return rss
    return (
        f"{rss} ({snap['anon_kb'].get(pid, 0) / 1024:.1f} + "
        f"{snap['file_kb'].get(pid, 0) / 1024:.1f})"
    )


def memory_growth(first: dict, last: dict, pids: list[int]) -> str:
    growth = [(last["rss_kb"].get(p, 0) - first["rss_kb"].get(p, 0)) / 1024 for p in pids]
    anon = [
        (last.get("anon_kb", {}).get(p, 0) - first.get("anon_kb", {}).get(p, 0)) / 1024
        for p in pids
    ]
    heap = (
        " (heap, RssAnon: " + ", ".join(f"{a:+.1f} MB" for a in anon) + ")"
        if "anon_kb" in first
        else ""
    )
    return (
        f"Growth from the first to the last reading over "
        f"{last['served'] - first['served']:,} requests: "
        + ", ".join(f"{g:+.1f} MB" for g in growth)
        + heap
        + "."
    )


def importer_memory(importer: dict | None) -> list[str]:
    if not importer:
        return []
    lines = [
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
    return lines


def load_note(load_info: dict | None) -> list[str]:
    """How the bench database was loaded (from the marker the load left)."""
    if not load_info:
        return []
    lines = ["", "## Load", ""]
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
    if pages := load_info.get("story_pages"):
        storyline, live = pages["storyline"], pages["live"]
        lines.append(
            f"Added after the import (bench/story_pages.py): the storyline `{storyline['slug']}`, "
            f"{storyline['entries']:,} entries of which {storyline['milestones']:,} milestones, "
            f"and the live story `{live['slug']}`, {live['updates']:,} updates "
            f"({live['pinned']} pinned)."
        )
    return lines


def phase_table(phases: dict) -> list[str]:
    lines = ["", "## Phases", "", "| phase | time |", "|---|---:|"]
    for phase, seconds in phases.items():
        if phase != "load_average_start":
            lines.append(f"| {phase} | {fmt_seconds(seconds)} |")
    return lines


# --- files --------------------------------------------------------------------------------------


def report_path(kind: str, suffix: str) -> Path:
    return RESULTS_DIR / f"latest-{kind}{suffix}.md"


def save_run(
    *,
    raw: Path,
    runs: dict,
    memory: dict | None,
    importer: dict | None,
    load_info: dict | None,
    phases: dict,
    access: dict,
) -> None:
    """The raw figures ``--report-only`` reads back (runs.json, summary.json)."""
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


def saved_run(raw: Path, kind: str) -> dict:
    """A finished run's figures from its raw files, with the plan flags computed again.

    Returns the keyword arguments of ``report()`` but ``args`` and ``url``, plus ``errors``
    (the gunicorn error log) and ``ran`` (when the run finished).
    """
    probe = json.loads((raw / "probe.json").read_text())
    for page in probe["pages"].values():
        for query in page_queries(page):
            if "plan" in query:
                query["flags"] = plan_flags(kind, query["plan"], query.get("ms", 0))
    (raw / "probe.json").write_text(json.dumps(probe, indent=2, default=str))
    runs = {
        tuple(key.split(":", 1)): value
        for key, value in json.loads((raw / "runs.json").read_text()).items()
    }
    summary = json.loads((raw / "summary.json").read_text())
    error_log = raw / "gunicorn-error.log"
    return {
        "probe": probe,
        "runs": runs,
        "access": access_log_times(raw / "gunicorn-access.log"),
        "memory": memory_with_int_pids(summary.get("memory")),
        "importer": summary.get("importer"),
        "load_info": summary.get("load"),
        "phases": summary.get("phases", {}),
        "errors": error_log.read_text(errors="replace") if error_log.exists() else "",
        "ran": datetime.fromtimestamp((raw / "runs.json").stat().st_mtime, UTC),
    }


def memory_with_int_pids(memory: dict | None) -> dict | None:
    """JSON made the worker pids strings; the report sorts them as numbers."""
    if memory and memory.get("snapshots"):
        for snap in memory["snapshots"]:
            for key in ("rss_kb", "anon_kb", "file_kb"):
                if key in snap:
                    snap[key] = {int(pid): kb for pid, kb in snap[key].items()}
    return memory


def dated(text: str, ran: datetime) -> str:
    """The report with the run's own time, not this re-rendering's."""
    return re.sub(
        r"^Run \S+ \S+ UTC", f"Run {ran.strftime('%Y-%m-%d %H:%M')} UTC", text, flags=re.M
    )
