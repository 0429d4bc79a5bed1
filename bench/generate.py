"""Generate a deterministic newsroom archive for the benchmarks: people, sections and stories.

Writes, under ``bench/data/stories-<N>/`` (git-ignored):

* ``people.jsonl``: about 2,000 people for ``import_people`` (1,950 newsmakers, some with
  honorifics and nicknames, and 50 staff writers who get the bylines);
* ``sections.json``: the 8 sections (the importer matches sections by slug, never creates them);
* ``stories/part-NNNN.jsonl``: N ninjs 2.x items, 250 per file, for ``import_articles``.
  Each story has 6-14 paragraphs (about 600 words), a dateline, 2-5 of 300 tags, a section, one
  or two authors, quotes in the “…,” said X form and 3-8 directory people named in varied forms
  (full name, honorific + surname, surname, possessive, nickname). Publication times are spread
  evenly over the three years before ``END`` (oldest first, as an archive import would run);
* ``manifest.json``: what was generated, with the seed.

The same ``--seed`` and ``--stories`` always give byte-identical files. Popularity is skewed
(a few people and tags appear in many stories), so "the busiest tag" is a realistic worst case.

    .venv/bin/python bench/generate.py --stories 100000
    .venv/bin/python bench/generate.py --stories 2000 --first 1000000 --recent --out DIR
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.archive import SEED, Archive
from bench.vocabulary import SECTIONS

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
STORIES_PER_FILE = 250  # about 1.1 MB a file, under import_articles --max-bytes (2 MB)
# The archive ends here (fixed, so the files are deterministic) and spans three years.
END = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)


def publication_time(index: int, total: int, *, first: int, recent: bool) -> datetime:
    """Evenly spread over SPAN before END (oldest first), or over the last week with --recent."""
    position = index - first
    if recent:
        end = min(END, datetime.now(UTC) - timedelta(hours=1))
        return end - timedelta(days=7) + timedelta(days=7) * position / max(total, 1)
    return END - SPAN + SPAN * position / max(total, 1)


def generate(
    *,
    stories: int,
    out: Path,
    seed: int = SEED,
    first: int = 0,
    recent: bool = False,
    per_file: int = STORIES_PER_FILE,
    quiet: bool = False,
) -> Path:
    """Write the data set into ``out`` and return it; files are replaced, not appended."""
    started = time.monotonic()
    archive = Archive(seed)
    write_directory(archive, out)
    words = write_stories(
        archive, out, stories=stories, first=first, recent=recent, per_file=per_file, quiet=quiet
    )
    manifest = {
        "stories": stories,
        "first_index": first,
        "recent": recent,
        "seed": seed,
        "people": len(archive.people),
        "authors": len(archive.authors),
        "tags": len(archive.tags),
        "sections": len(SECTIONS),
        "average_words_first_50": round(words / min(50, stories)),
        "seconds": round(time.monotonic() - started, 1),
    }
    # Written last: a directory without a manifest is an interrupted run and is regenerated.
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    if not quiet:
        print(
            f"\rGenerated {stories:,} stories in {out} in {manifest['seconds']} s", file=sys.stderr
        )
    return out


def write_directory(archive: Archive, out: Path) -> None:
    """people.jsonl (newsmakers, then staff writers) and sections.json; empties stories/."""
    (out / "stories").mkdir(parents=True, exist_ok=True)
    for old in (out / "stories").glob("*.json*"):
        old.unlink()
    with (out / "people.jsonl").open("w", encoding="utf-8") as file:
        for person in archive.people + archive.authors:
            file.write(json.dumps(person, ensure_ascii=False) + "\n")
    (out / "sections.json").write_text(
        json.dumps([{"slug": s, "name": n, "order": i} for i, (s, n) in enumerate(SECTIONS)])
    )


def write_stories(
    archive: Archive,
    out: Path,
    *,
    stories: int,
    first: int,
    recent: bool,
    per_file: int,
    quiet: bool,
) -> int:
    """stories/part-NNNN.jsonl, ``per_file`` stories each; returns the words of the first 50."""
    words = 0
    for part_start in range(first, first + stories, per_file):
        part_end = min(part_start + per_file, first + stories)
        name = f"part-{(part_start - first) // per_file:04d}.jsonl"
        with (out / "stories" / name).open("w", encoding="utf-8") as file:
            for index in range(part_start, part_end):
                item = archive.story(
                    index, publication_time(index, stories, first=first, recent=recent)
                )
                if index - first < 50:
                    words += len(item["bodies"][0]["value"].split())
                file.write(json.dumps(item, ensure_ascii=False) + "\n")
        if not quiet and sys.stderr.isatty():
            print(f"\r{part_end - first:,}/{stories:,} stories", end="", file=sys.stderr)
    return words


def default_dir(stories: int) -> Path:
    return DATA_DIR / f"stories-{stories}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000, help="How many (100,000).")
    parser.add_argument("--out", type=Path, help="Folder (default bench/data/stories-N).")
    parser.add_argument("--seed", type=int, default=SEED, help=f"Random seed ({SEED}).")
    parser.add_argument(
        "--first", type=int, default=0, help="Index of the first story (disjoint sets, same seed)."
    )
    parser.add_argument(
        "--recent", action="store_true", help="Date the stories over the last week instead."
    )
    parser.add_argument("--per-file", type=int, default=STORIES_PER_FILE, help="Stories per file.")
    args = parser.parse_args(argv)
    generate(
        stories=args.stories,
        out=args.out or default_dir(args.stories),
        seed=args.seed,
        first=args.first,
        recent=args.recent,
        per_file=args.per_file,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
