"""Benchmark the mention linker and quote extraction on a generated newsroom.

Builds a directory of 20,000 generated people, generates 2,000 wire-style articles of 600-900
words that mention them in every form the linker supports, then reports how long the
automaton takes to build, articles per second for linking and for linking + quotes, and peak
memory. Everything is seeded, so two runs see the same data. Times are this process's CPU
time (``time.process_time``), best of ``--repeat`` passes, so other work on a shared machine
does not distort them; the wall-clock rate is printed alongside.

    .venv/bin/python bench/bench_linking.py [--people 20000] [--articles 2000] [--repeat 3]
"""

import argparse
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

# Run as a plain script from anywhere: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from people.linking import DirectoryEntry, MentionLinker, count_mentions
from people.quotes import extract_quotes

T = TypeVar("T")


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """
William Rachel Antony Joe Donald Kamala Mike Boris Ursula Emmanuel Olaf Giorgia Justin Narendra
Cyril Bola Abiy Paul Yoweri Samia Felix Hakainde Mohamed Ahmed Fatima Aisha Amina Grace Mary
Peter John James David Daniel Samuel Joseph Michael Sarah Elizabeth Anne Margaret Catherine
Alice Ruth Esther Naomi Lucy Wanjiru Akinyi Achieng Otieno Kipchoge Musalia Kithure Raila Martha
Kalonzo Aden Alix Garry Ariel Jovenel Claude Jean Pierre Marie Louis Francois Michel Luis Carlos
Andres Gabriel Claudia Javier Lula Dilma Xiomara Gustavo Nayib Ana Sofia Lucia Elena Olena
Volodymyr Dmytro Andriy Sergei Vladimir Dmitry Recep Hakan Mehmet Yasmin Omar Hassan Ali Khalid
Salman Tamim Abdullah Ibrahim Yusuf Benjamin Isaac Yair Ehud Shinzo Fumio Yoon Moon Kim Li
Wang Chen Anthony Jake Marco Lloyd Janet Gina Tom Linda Susan Karen Kevin Brian Scott Henry
"""
)

_SIMPLE_SURNAMES = _words(
    """
Ruto Kenyatta Odinga Musyoka Mudavadi Kindiki Koome Murkomen Duale Wetangula Gachagua Ngugi
Kamau Otieno Ochieng Wanjala Njoroge Mwangi Kariuki Mutua Kiprop Chebet Wambua Nyong'o Kiplagat
Trump Biden Blinken Harris Johnson Tusk Macron Scholz Meloni Trudeau Modi Ramaphosa Tinubu Ahmed
Kagame Museveni Hassan Tshisekedi Hichilema Conille Henry Fils-Aimé Moïse Jean-Baptiste Joseph
Pierre Etienne Dupont Lefebvre Moreau Laurent Garcia Rodriguez Martinez Lopez Gonzalez Perez
Sanchez Ramirez Torres Flores Sheinbaum Petro Bukele Castro Rousseff Zelenskyy Kuleba
Yermak Lavrov Peskov Erdogan Fidan Netanyahu Gantz Lapid Herzog Abbas Kishida Ishiba Yoon Kim
Xi Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Austin Rubio Yellen Raimondo Sullivan Kirby
Miller Smith Brown Davis Wilson Anderson Thomas Taylor Moore Jackson White Martin Thompson Young
Clark Lewis Walker Hall Allen King Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell
Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook Rogers
O'Brien O'Neill McCarthy MacDonald al-Sisi
"""
)
_PARTICLE_SURNAMES = ["von der Leyen", "van der Bellen", "de Gaulle", "da Silva", "bin Salman"]
SURNAMES = [*_SIMPLE_SURNAMES, *_PARTICLE_SURNAMES]

SYLLABLES = _words("ka ru to mo na li si be ra do ne ki wa ma ta ji ko ri se ha lu zo ve mi")

HONORIFICS = [
    "President",
    "Prime Minister",
    "Secretary of State",
    "Foreign Minister",
    "Cabinet Secretary",
    "Senator",
    "Governor",
    "Ambassador",
    "Vice President",
    "Defense Secretary",
    "Speaker",
    "Chief Justice",
]

FILLER = _words(
    """
the government said on tuesday that talks would continue next week after officials from both
countries met in the capital to review progress on trade security and investment while analysts
warned that funding for the mission remained uncertain and lawmakers demanded more details about
the cost of the deployment the agreement signed last year commits both sides to regular meetings
and joint training exercises as well as new programmes for young people in rural areas where
unemployment has risen sharply since the pandemic according to figures released by the national
statistics office on monday the ministry of finance has proposed new taxes to close the budget gap
but business groups say the measures will hurt small firms and slow growth in the coming months
observers in the region noted that elections are due in two years and that the opposition has
promised to review several contracts once in office diplomats said the visit was long planned
"""
)

ORGS = [
    "the ministry",
    "the U.S. Department of State",
    "the African Union",
    "the United Nations",
    "the National Police Service",
]


def make_directory(rng: random.Random, count: int) -> list[DirectoryEntry]:
    """``count`` people: realistic names (shared surnames included), some with honorifics."""
    entries = []
    for person_id in range(1, count + 1):
        first = rng.choice(FIRST_NAMES)
        if rng.random() < 0.6:
            surname = rng.choice(SURNAMES)
        else:  # invented surnames keep the directory large and mostly unambiguous
            surname = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        middle = f" {rng.choice(FIRST_NAMES)}" if rng.random() < 0.1 else ""
        honorific = rng.choice(HONORIFICS) if rng.random() < 0.3 else ""
        aliases = (surname[:3].upper(),) if rng.random() < 0.01 else ()
        entries.append(DirectoryEntry(person_id, f"{first}{middle} {surname}", honorific, aliases))
    return entries


def _sentence(rng: random.Random, words: int) -> str:
    start = rng.randrange(len(FILLER) - words)
    text = " ".join(FILLER[start : start + words])
    return text[0].upper() + text[1:] + "."


def _surname(entry: DirectoryEntry) -> str:
    parts = entry.name.split()
    for i, part in enumerate(parts[1:], 1):
        if part in ("von", "van", "de", "da"):
            return " ".join(parts[i:])
    return parts[-1]


def make_article(rng: random.Random, directory: list[DirectoryEntry]) -> list[str]:
    """One wire-style article of roughly 600-900 words as a list of paragraphs."""
    cast = rng.sample(directory, rng.randint(3, 7))
    target = rng.randint(600, 900)
    paragraphs = []
    words = 0
    introduced = set()
    while words < target:
        person = rng.choice(cast)
        surname = _surname(person)
        if person.person_id not in introduced:
            introduced.add(person.person_id)
            lead = f"{person.honorific} {person.name}".strip()
            mention = rng.choice([lead, f"Kenyan {lead}", f"U.S. {lead}"])
        else:
            mention = rng.choice(
                [
                    surname,
                    f"{surname}’s",
                    f"Mr. {surname}",
                    f"{person.honorific} {surname}".strip(),
                ]
            )
        kind = rng.random()
        if kind < 0.25:
            quote = _sentence(rng, rng.randint(10, 25))[:-1]
            paragraph = f"“{quote},” {surname} said. {_sentence(rng, rng.randint(12, 25))}"
        elif kind < 0.3:
            quote = _sentence(rng, rng.randint(10, 20))[:-1]
            paragraph = f"“{quote},” read a statement from {rng.choice(ORGS)}."
        else:
            opening = _sentence(rng, rng.randint(8, 20))
            middle = _sentence(rng, rng.randint(10, 30)).lower()
            closing = _sentence(rng, rng.randint(8, 20))
            paragraph = f"{opening} {mention} met officials in Nairobi, {middle} {closing}"
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return paragraphs


def _peak_rss_mb() -> float:
    # ru_maxrss is the peak resident set size, in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    """Current resident set size (Linux); falls back to the peak elsewhere."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return _peak_rss_mb()


def _best_of(repeat: int, run: Callable[[], T]) -> tuple[float, float, T]:
    """Fastest CPU and wall times of ``repeat`` runs, and the last run's result."""
    best_cpu = best_wall = float("inf")
    for _ in range(max(1, repeat)):
        cpu, wall = time.process_time(), time.perf_counter()
        result = run()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes; the fastest is reported"
    )
    args = parser.parse_args()

    rng = random.Random(args.seed)
    directory = make_directory(rng, args.people)
    articles = [make_article(rng, directory) for _ in range(args.articles)]
    texts = ["\n".join(paragraphs) for paragraphs in articles]
    words = sum(len(text.split()) for text in texts)
    rss_before = _rss_mb()

    build_cpu, build_wall, linker = _best_of(1, lambda: MentionLinker(directory))
    rss_built = _rss_mb()

    def link_all() -> int:
        return sum(len(linker.find(text)) for text in texts)

    def link_and_quote_all() -> int:
        # What the article glue does (people.links.links_in): one pass of the linker, its
        # matches counted as mentions and passed to the quote reader.
        quotes = 0
        for paragraphs, text in zip(articles, texts, strict=True):
            matches = linker.find(text)
            count_mentions(matches)
            quotes += len(extract_quotes(paragraphs, linker, matches=matches))
        return quotes

    linker.find("Warm-up. " + texts[0])  # warm caches before timing
    link_cpu, link_wall, mentions = _best_of(args.repeat, link_all)
    both_cpu, both_wall, quotes = _best_of(args.repeat, link_and_quote_all)

    n = len(texts)

    def rate(cpu: float, wall: float) -> str:
        return f"{n / cpu:>10,.0f} articles/s CPU  ({n / wall:,.0f} wall)"

    print(f"people in directory        {args.people:>10,}")
    print(f"articles                   {n:>10,}  ({words / n:.0f} words each)")
    print(f"automaton build            {build_cpu:>10.2f} s CPU  ({build_wall:.2f} s wall)")
    print(f"linking                    {rate(link_cpu, link_wall)}")
    print(f"linking + quotes           {rate(both_cpu, both_wall)}")
    print(f"mentions found             {mentions:>10,}  ({mentions / n:.1f} per article)")
    print(f"quotes found               {quotes:>10,}")
    print(f"linker memory (RSS growth) {rss_built - rss_before:>10.0f} MB")
    print(f"peak RSS of the process    {_peak_rss_mb():>10.0f} MB (articles included)")


if __name__ == "__main__":
    main()
