"""Benchmark ``import_articles`` on generated raw-text and ninjs stories, on SQLite.

Builds a throwaway SQLite database (``--db``, default /tmp/bench-import.sqlite3) with a
directory of 2,000 generated people (via ``import_people``), writes seeded wire-style stories
(dateline, subheads, quotes, 4-8 people named per story, 1.5-3.5 KB each) into a temporary
folder, then runs ``manage.py import_articles FOLDER`` in a child process for each size and
format, starting every run from the same people-only database. Reports articles per second
(wall clock of the whole command, start-up and linker build included), articles per CPU
second of the child (steadier on a shared machine), its peak RSS and its peak anonymous RSS
(the heap, without the database pages SQLite maps), so memory for 2,000 and 10,000 files can
be compared.

    .venv/bin/python bench/bench_import.py [--sizes 2000,10000] [--people 2000] [--seed 11]
    .venv/bin/python bench/bench_import.py --sizes 1000 --profile   # cProfile, top 25 twice
    .venv/bin/python bench/bench_import.py --debug   # with DJANGO_DEBUG=1 (query logging on)
"""

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """
William Rachel Antony Joe Donald Kamala Ursula Emmanuel Olaf Giorgia Justin Cyril Bola Abiy Paul
Yoweri Samia Felix Mohamed Fatima Aisha Amina Grace Mary Peter John James David Daniel Samuel
Joseph Sarah Elizabeth Margaret Catherine Alice Ruth Esther Naomi Lucy Wanjiru Akinyi Achieng
Kipchoge Musalia Kithure Raila Martha Kalonzo Aden Alix Garry Ariel Claude Jean Pierre Marie Luis
Carlos Gabriel Claudia Javier Ana Sofia Lucia Elena Olena Dmytro Andriy Hakan Mehmet Yasmin Omar
Hassan Khalid Tamim Abdullah Ibrahim Yusuf Isaac Yair Fumio Anthony Marco Lloyd Janet Gina Linda
"""
)
SURNAMES = _words(
    """
Ruto Kenyatta Odinga Musyoka Mudavadi Kindiki Koome Murkomen Duale Wetangula Gachagua Ngugi Kamau
Otieno Ochieng Wanjala Njoroge Mwangi Kariuki Mutua Kiprop Chebet Wambua Kiplagat Blinken Harris
Tusk Macron Scholz Meloni Trudeau Ramaphosa Tinubu Kagame Museveni Tshisekedi Hichilema Conille
Etienne Dupont Lefebvre Moreau Laurent Garcia Rodriguez Martinez Lopez Gonzalez Perez Sanchez
Ramirez Torres Flores Sheinbaum Petro Bukele Castro Rousseff Zelenskyy Kuleba Yermak Lavrov Peskov
Erdogan Fidan Gantz Lapid Herzog Kishida Ishiba Austin Rubio Yellen Raimondo Sullivan Kirby Okafor
Adeyemi Balogun Chukwu Eze Mensah Boateng Asante Owusu Banda Phiri Mwale Zulu Dlamini Nkosi Moyo
"""
)
HONORIFICS = ["President", "Prime Minister", "Foreign Minister", "Senator", "Governor", ""]
PLACES = [
    "Nairobi, Kenya",
    "PORT-AU-PRINCE, Haiti",
    "Addis Ababa, Ethiopia",
    "Kampala, Uganda",
    "Lagos, Nigeria",
    "Accra, Ghana",
    "Geneva, Switzerland",
    "Brussels, Belgium",
]
TOPICS = ["Security", "Trade", "Health", "Elections", "Energy", "Climate", "Haiti", "Budget"]
SUBHEADS = ["What comes next", "A long negotiation", "Money and staff", "The view from abroad"]
FILLER = _words(
    """
officials said the talks would continue next week as both sides weighed the cost of the
programme and the number of officers needed to secure the main roads before the rainy season
while donors asked for clearer reports on spending and regional leaders pressed for a timetable
"""
)
REPORTERS = [f"{a} {b}" for a, b in zip(FIRST_NAMES[:30], SURNAMES[-30:], strict=True)]


def make_people(count: int, rng: random.Random) -> list[dict]:
    """Unique names with honorifics, as an editor would have typed them."""
    names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    rng.shuffle(names)
    people = []
    for name in names[:count]:
        people.append({"name": name, "honorific": rng.choice(HONORIFICS), "role": "", "bio": ""})
    return people


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(words))


def story_paragraphs(number: int, people: list[dict], rng: random.Random) -> list[str]:
    """About 3 KB of wire copy naming several directory people in the forms editors use."""
    cast = rng.sample(people, rng.randint(4, 8))
    lead = cast[0]
    title = f"{lead['honorific']} {lead['name']}".strip()
    surname = lead["name"].split()[-1]
    paragraphs = [
        f"{title} met {cast[1]['name']} on Tuesday to discuss story {number}, and "
        f"{sentence(rng, 24)}.",
        f"{surname.capitalize()} has said for months that {sentence(rng, 30)}.",
        f"“We agreed that {sentence(rng, 12)},” {title} said.",
    ]
    for index, person in enumerate(cast[2:], start=2):
        if index % 3 == 0:
            paragraphs.append(rng.choice(SUBHEADS))
        paragraphs.append(
            f"{person['name']} told reporters that {sentence(rng, 30)}, and {sentence(rng, 18)}."
        )
        paragraphs.append(f"“{sentence(rng, 10).capitalize()},” {person['name']} said.")
    paragraphs.append(f"Officials said {sentence(rng, 40)}.")
    return paragraphs


def write_raw(folder: Path, count: int, people: list[dict], seed: int) -> None:
    rng = random.Random(seed)
    for number in range(count):
        paragraphs = story_paragraphs(number, people, rng)
        text = f"{rng.choice(PLACES)} – " + "\n".join(paragraphs) + "\n"
        (folder / f"{number // 1000:03d}").mkdir(exist_ok=True)
        (folder / f"{number // 1000:03d}" / f"story-{number:05d}.txt").write_text(text)


def write_ninjs(folder: Path, count: int, people: list[dict], seed: int) -> None:
    rng = random.Random(seed)
    for number in range(count):
        paragraphs = story_paragraphs(number, people, rng)
        item = {
            "uri": f"urn:bench:ninjs:{number}",
            "type": "text",
            "headlines": [{"role": "main", "value": f"Story {number}: {paragraphs[0][:60]}"}],
            "bodies": [
                {
                    "role": "main",
                    "contenttype": "text/html",
                    "value": "".join(
                        f"<h2>{p}</h2>" if p in SUBHEADS else f"<p>{p}</p>" for p in paragraphs
                    ),
                }
            ],
            "by": rng.choice(REPORTERS),
            "located": rng.choice(PLACES),
            "firstcreated": f"2024-11-{1 + number % 28:02d}T09:{number % 60:02d}:00Z",
            "subjects": [{"name": topic} for topic in rng.sample(TOPICS, 2)],
        }
        (folder / f"{number // 1000:03d}").mkdir(exist_ok=True)
        (folder / f"{number // 1000:03d}" / f"item-{number:05d}.json").write_text(json.dumps(item))


def _anonymous_kb(pid: int) -> int:
    """RssAnon: the process's own memory, without the mmap'ed database file pages."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("RssAnon:"):
            return int(line.split()[1])
    return 0


def manage(*args: str, env: dict, profile: Path | None = None) -> tuple[float, float, int, int]:
    """Run manage.py in a child: (wall seconds, CPU seconds, peak RSS KB, peak anonymous KB).

    Peak RSS includes the SQLite file pages the connection maps (PRAGMA mmap_size), which
    grow with the database; peak anonymous RSS is the process's heap, sampled every 50 ms.
    """
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += [str(ROOT / "manage.py"), *args]
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        peak_anonymous = 0
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            peak_anonymous = max(peak_anonymous, _anonymous_kb(child.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-3000:]
            raise SystemExit(f"manage.py {' '.join(args)} failed:\n{tail}")
    # CPU time too: on a shared machine the wall clock also measures everyone else's work.
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, peak_anonymous


def remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """SQLite in WAL mode: the main file with its -wal and -shm companions."""
    remove_database(target)
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,10000", help="Comma list of article counts.")
    parser.add_argument("--formats", default="raw,ninjs")
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--db", default="/tmp/bench-import.sqlite3")
    parser.add_argument("--profile", action="store_true", help="cProfile the first run.")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="Run with DJANGO_DEBUG=1 (every query is logged and its parameters quoted by an "
        "extra SQLite call: slower). Default: DEBUG off, as in production.",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    database = Path(args.db)
    template = database.with_name(database.stem + "-people.sqlite3")
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1" if args.debug else "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-never-used-for-anything-else",
        "MEDIA_ROOT": str(work / "media"),
    }
    try:
        rng = random.Random(args.seed)
        people = make_people(args.people, rng)
        people_csv = work / "people.csv"
        with people_csv.open("w", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=["name", "honorific", "role", "bio"])
            writer.writeheader()
            writer.writerows(people)
        remove_database(database)
        manage("migrate", "--noinput", "-v0", env=env)
        seconds, _, _, _ = manage("import_people", str(people_csv), env=env)
        print(f"directory: {args.people:,} people imported in {seconds:.1f} s")
        copy_database(database, template)

        print(
            f"{'format':<6} {'files':>7} {'wall s':>7} {'articles/s':>10} {'CPU s':>7} "
            f"{'per CPU s':>10} {'peak RSS':>9} {'peak heap':>10}"
        )
        for format in args.formats.split(","):
            for size in sizes:
                folder = work / f"{format}-{size}"
                folder.mkdir()
                writer = write_raw if format == "raw" else write_ninjs
                writer(folder, size, people, args.seed + size)
                copy_database(template, database)
                profile = work / "import.prof" if args.profile else None
                seconds, cpu, rss_kb, heap_kb = manage(
                    "import_articles", str(folder), "-v0", env=env, profile=profile
                )
                print(
                    f"{format:<6} {size:>7,} {seconds:>7.1f} {size / seconds:>10,.0f} "
                    f"{cpu:>7.1f} {size / cpu:>10,.0f} {rss_kb / 1024:>6.0f} MB "
                    f"{heap_kb / 1024:>7.0f} MB",
                    flush=True,
                )
                if profile:
                    import pstats

                    stats = pstats.Stats(str(profile))
                    stats.sort_stats("cumulative").print_stats(25)
                    stats.sort_stats("tottime").print_stats(25)
                    args.profile = False
                shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        remove_database(database)
        remove_database(template)


if __name__ == "__main__":
    main()
