"""A corpus of hard cases for the people linker and the quote reader, written for these tests.

``score()`` reads the stories (``*.txt``) and the directory (``directory.json``), runs the
linker and the quote extractor on each story, and counts how many quotes went to the expected
speaker and how precisely people were found. ``tests/people/test_quote_corpus.py`` asserts the
figures; ``tests/people/conftest.py`` prints them at the end of the run.
"""

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from people.linking import DirectoryEntry, MentionLinker, count_mentions
from people.quotes import extract_quotes

HERE = Path(__file__).parent
UNATTRIBUTED = "-"
ORGANISATION = "org:"
# Where the test leaves the summary line for the end of the run (tests/people/conftest.py).
SUMMARY_KEY = pytest.StashKey[str]()
TEXT_ONLY = "text:"  # a speaker the text names but the directory cannot tell apart


@dataclass(frozen=True)
class Story:
    name: str
    paragraphs: tuple[str, ...]
    quotes: tuple[tuple[str, str], ...]  # (opening words, expected speaker)
    people: frozenset[str]


@dataclass
class Score:
    quotes: int = 0
    quotes_right: int = 0
    true_people: int = 0
    false_people: int = 0
    missed_people: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.quotes_right / self.quotes if self.quotes else 1.0

    @property
    def precision(self) -> float:
        found = self.true_people + self.false_people
        return self.true_people / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_people + self.missed_people
        return self.true_people / expected if expected else 1.0

    def summary(self, stories: int) -> str:
        return (
            f"quote corpus: {stories} stories, {self.quotes} quotes, "
            f"quote accuracy {self.accuracy:.3f}; people precision {self.precision:.3f}, "
            f"recall {self.recall:.3f}"
        )


def read_directory() -> tuple[list[DirectoryEntry], dict[str, int]]:
    """The corpus directory as the linker reads it, and person ids by name."""
    data = json.loads((HERE / "directory.json").read_text(encoding="utf-8"))
    takes_former = "former_names" in DirectoryEntry.__dataclass_fields__
    entries = []
    for person in data["people"]:
        former = tuple(f["text"] for f in person.get("former_names", ()))
        if takes_former:
            entry = DirectoryEntry(person["id"], person["name"], person["honorific"], (), former)
        else:  # the code before former names: recorded as plain aliases
            entry = DirectoryEntry(person["id"], person["name"], person["honorific"], former)
        entries.append(entry)
    return entries, {p["name"]: p["id"] for p in data["people"]}


def read_stories() -> list[Story]:
    stories = []
    for path in sorted(HERE.glob("*.txt")):
        blocks = path.read_text(encoding="utf-8").split("\n## ")[1:]
        for block in blocks:
            name, _, rest = block.partition("\n")
            body, quotes, people = [], [], frozenset()
            for line in rest.splitlines():
                if line.startswith("quote: "):
                    words, _, speaker = line[len("quote: ") :].rpartition(" | ")
                    quotes.append((words.strip(), speaker.strip()))
                elif line.startswith("people:"):
                    names = line[len("people:") :].split(",")
                    people = frozenset(n.strip() for n in names if n.strip())
                else:
                    body.append(line)
            paragraphs = tuple(p.strip() for p in "\n".join(body).split("\n\n") if p.strip())
            stories.append(Story(name.strip(), paragraphs, tuple(quotes), people))
    return stories


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold().replace("’", "'")
    text = text.strip(" “”\"'.,")
    for prefix in ("the ",):
        text = text.removeprefix(prefix)
    return text.removesuffix("'s")


def score() -> tuple[Score, int]:
    """Run the corpus; the figures and the number of stories."""
    entries, ids = read_directory()
    linker = MentionLinker(entries)
    result = Score()
    stories = read_stories()
    for story in stories:
        matches = linker.find("\n".join(story.paragraphs))
        found = set(count_mentions(matches))
        expected = {ids[name] for name in story.people}
        result.true_people += len(found & expected)
        result.false_people += len(found - expected)
        result.missed_people += len(expected - found)
        names = {v: k for k, v in ids.items()}
        for pid in found ^ expected:
            what = "extra" if pid in found else "missed"
            result.failures.append(f"{story.name}: {what} person {names[pid]}")
        quotes = extract_quotes(story.paragraphs, linker, matches=matches)
        for words, speaker in story.quotes:
            result.quotes += 1
            quote = next((q for q in quotes if _plain(q.text).startswith(_plain(words))), None)
            if quote is None:
                result.failures.append(f"{story.name}: quote not found: {words}")
                continue
            if speaker == UNATTRIBUTED:
                right = not quote.speaker_text and quote.speaker_person_id is None
            elif speaker.startswith(TEXT_ONLY):
                written = speaker[len(TEXT_ONLY) :]
                right = quote.speaker_person_id is None and quote.speaker_text == written
            elif speaker.startswith(ORGANISATION):
                organisation = speaker[len(ORGANISATION) :]
                right = quote.speaker_person_id is None and (
                    _plain(quote.speaker_text) == _plain(organisation)
                )
            else:
                right = quote.speaker_person_id == ids[speaker]
            if right:
                result.quotes_right += 1
            else:
                got = f"{quote.speaker_text!r} ({quote.speaker_person_id})"
                result.failures.append(f"{story.name}: {words!r} expected {speaker}, got {got}")
    return result, len(stories)


if __name__ == "__main__":
    figures, count = score()
    print("\n".join(figures.failures))
    print(figures.summary(count))
