"""The automaton over directory keys, and look-arounds on one text being scanned.

``build_automaton`` indexes every key ``derive_keys`` makes; surnames are grouped per key, so a
hit costs the same whether 1 or 100 directory people share it. ``Scan`` answers the questions
the linker asks around a hit, on the original text (case, punctuation) and on its folded form.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import ahocorasick

from people.linking.directory import SURNAME, DirectoryEntry, Key, PersonFacts, derive_keys
from people.linking.folding import Folded
from people.linking.words import (
    ALLOWED_BEFORE,
    APOSTROPHES,
    BAD_SPAN,
    COMMON_FIRST_NAMES,
    DASHES,
    DATE_WORDS,
    GENERATIONAL,
    RANK_MODIFIERS,
    SUFFIXES,
    TITLE_MODIFIERS,
    TITLE_WORDS,
)

NO_NEIGHBOUR, GENERATIONAL_AFTER, CAPITALISED_AFTER = range(3)


@dataclass(slots=True)
class SurnameGroup:
    """Everyone sharing one surname key, indexed so a hit costs the same for 1 or 100 people."""

    case_off: int
    pids: list[int] = field(default_factory=list)
    suffixed: set[int] = field(default_factory=set)  # canonical name ends in "Jr.", "III", ...
    by_first: dict[str, list[int]] = field(default_factory=dict)  # given-name forms -> people
    by_initial: dict[str, list[int]] = field(default_factory=dict)
    by_token: dict[str, list[int]] = field(default_factory=dict)  # own name tokens (middle names)
    # Last word of an honorific form -> (form, person): "secretary" -> ("secretary of state", 5).
    by_honorific_end: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    title_fits: dict[str, frozenset[int]] = field(default_factory=dict)  # filled while linking


@dataclass(frozen=True, slots=True)
class Automaton:
    """The Aho-Corasick automaton over every key, and what the linker looks up after a hit."""

    automaton: ahocorasick.Automaton
    people: dict[int, PersonFacts]
    honorific_holders: dict[str, set[int]]  # honorific form -> people holding it
    surname_tokens: frozenset[str]  # one-word surnames: "Biden-Harris" names two people
    suffixed: frozenset[int]  # people whose canonical name ends in "Jr.", "III", ...
    empty: bool


def build_automaton(entries: Iterable[DirectoryEntry]) -> Automaton:
    """Index every key of every entry; a value says who the key may name and how."""
    singles: dict[str, dict[tuple[int, int], tuple[int, Key]]] = {}
    groups: dict[tuple[str, int], SurnameGroup] = {}
    people: dict[int, PersonFacts] = {}
    honorific_holders: dict[str, set[int]] = {}
    surname_tokens: set[str] = set()
    for entry in entries:
        pid = entry.person_id
        keys, person = derive_keys(entry)
        people[pid] = person
        for form in person.honorific_forms:
            honorific_holders.setdefault(form, set()).add(pid)
        for key in keys:
            folded, kind, case_off = key.folded, key.kind, key.case_off
            if kind != SURNAME:
                # The first key of a kind wins: the exact name is derived before its variants.
                singles.setdefault(folded, {}).setdefault((pid, kind), (pid, key))
                continue
            if " " not in folded:
                surname_tokens.add(folded)
            group = groups.get((folded, case_off))
            if group is None:
                group = groups[folded, case_off] = SurnameGroup(case_off)
            if pid in group.pids:
                continue
            group.pids.append(pid)
            if person.has_suffix:
                group.suffixed.add(pid)
            for form in person.first_forms:
                group.by_first.setdefault(form, []).append(pid)
            if person.first_initial:
                group.by_initial.setdefault(person.first_initial, []).append(pid)
            for token in person.tokens:
                group.by_token.setdefault(token, []).append(pid)
            for form in person.honorific_forms:
                last = form.rsplit(" ", 1)[-1]
                group.by_honorific_end.setdefault(last, []).append((form, pid))

    grouped: dict[str, list[SurnameGroup]] = {}
    for (folded, _), group in groups.items():
        grouped.setdefault(folded, []).append(group)
    automaton = ahocorasick.Automaton()
    for folded in singles.keys() | grouped.keys():
        # Padding with spaces makes every hit a whole-token match.
        key = f" {folded} "
        value = (
            len(key),
            folded,
            tuple(singles.get(folded, {}).values()),
            tuple(grouped.get(folded, ())),
        )
        automaton.add_word(key, value)
    empty = not (singles or grouped)
    if not empty:
        automaton.make_automaton()
    return Automaton(
        automaton=automaton,
        people=people,
        honorific_holders=honorific_holders,
        surname_tokens=frozenset(surname_tokens),
        suffixed=frozenset(pid for pid, person in people.items() if person.has_suffix),
        empty=empty,
    )


class Scan:
    """One text being linked: the original, its folded form and look-arounds on both."""

    __slots__ = ("folded", "m", "text")

    def __init__(self, text: str, folded: Folded) -> None:
        self.text = text
        self.folded = folded
        self.m = folded.text

    def prev(self, start: int) -> tuple[int, int] | None:
        """Folded span of the token before the one starting at ``start``."""
        if start < 2:
            return None
        return self.m.rfind(" ", 0, start - 1) + 1, start - 1

    def span_ok(self, ms: int, me: int) -> bool:
        """The original text between folded offsets ``ms`` and ``me`` reads as one phrase."""
        folded = self.folded
        return BAD_SPAN.search(self.text, folded.start(ms), folded.start(me)) is None

    def capitalised(self, token: tuple[int, int]) -> bool:
        """The token starts with a capital in the original text."""
        return self.text[self.folded.start(token[0])].isupper()

    def adjacent_capitalised(self, token: tuple[int, int], next_start: int) -> bool:
        """The token is capitalised (not all caps) and only spaces separate it from what follows."""
        folded, text = self.folded, self.text
        gap = text[folded.end(token[1] - 1) : folded.start(next_start)]
        if not gap or not gap.isspace() or "\n" in gap:
            return False
        word = text[folded.start(token[0]) : folded.end(token[1] - 1)]
        return word[:1].isupper() and any(c.islower() for c in word)

    def honorific_start(self, form: str, start: int) -> int | None:
        """Start of honorific ``form`` written right before ``start``, or None."""
        hs = start - 1 - len(form)
        m = self.m
        if hs < 1 or m[hs - 1] != " " or not m.startswith(form, hs):
            return None
        rank = self.prev(hs)
        if rank is not None and m[rank[0] : rank[1]] in RANK_MODIFIERS:
            return None  # "Vice President Harris" is not "President Harris"
        return hs if self.span_ok(hs, start) else None

    def person_honorific_start(self, person: PersonFacts, start: int) -> int | None:
        """Start of one of ``person``'s honorific forms written right before ``start``."""
        prev = self.prev(start)
        if prev is None or self.m[prev[0] : prev[1]] not in person.honorific_last:
            return None
        for form in person.honorific_forms:
            hs = self.honorific_start(form, start)
            if hs is not None:
                return hs
        return None

    def title_before(self, start: int) -> tuple[int, str] | None:
        """A generic title right before ``start`` ("Mr.", "Sen.", "Foreign Minister")."""
        prev = self.prev(start)
        if prev is None:
            return None
        word = self.m[prev[0] : prev[1]]
        if word not in TITLE_WORDS or not self.span_ok(prev[0], start):
            return None
        start = prev[0]
        # Widen over "Foreign", "Prime", ... so the link covers the whole title; a rank word
        # ("Vice", "Deputy") is part of the office it names.
        for _ in range(3):
            prev = self.prev(start)
            if prev is None:
                break
            modifier = self.m[prev[0] : prev[1]]
            if modifier not in TITLE_MODIFIERS or not self.span_ok(prev[0], start):
                break
            if modifier == "under" and not word.startswith("secretary"):
                break  # "Under Secretary" is an office; "Under President Biden" is a preposition
            start = prev[0]
            if modifier in RANK_MODIFIERS:
                word = f"{modifier} {word}"
        return start, word

    def blocker_before(self, start: int) -> str:
        """The capitalised name-like word right before ``start`` ("Hunter" Biden), else ""."""
        prev = self.prev(start)
        if prev is None:
            return ""
        token = self.m[prev[0] : prev[1]]
        if token in ALLOWED_BEFORE:
            return ""
        if len(token) >= 5 and token not in COMMON_FIRST_NAMES and token.endswith(("ing", "ed")):
            return ""  # "Congratulating Ruto", "Welcomed Biden" (headline case)
        if len(token) == 1:
            folded, text = self.folded, self.text
            gap = text[folded.end(prev[1] - 1) : folded.start(start)]
            if gap.strip() not in ("", "."):
                return ""
            ts = folded.start(prev[0])
            if ts > 0 and text[ts - 1] in "." + APOSTROPHES:
                return ""  # "U.S. Biden", "Kenya's Ruto"
            return token  # an initial: "H. Biden" is someone else unless it is theirs
        return token if self.adjacent_capitalised(prev, start) else ""

    def first_name_before(self, start: int) -> bool:
        """A common given name right before a full name: "Mary Ann Smith" is not "Ann Smith"."""
        prev = self.prev(start)
        return (
            prev is not None
            and self.m[prev[0] : prev[1]] in COMMON_FIRST_NAMES
            and self.adjacent_capitalised(prev, start)
        )

    def after(self, end: int) -> int:
        """What follows a name: a generational suffix, another capitalised word, or neither."""
        m = self.m
        ts = end + 1
        if ts >= len(m):
            return NO_NEIGHBOUR
        te = m.find(" ", ts)
        token = m[ts:te]
        folded, text = self.folded, self.text
        gap = text[folded.end(end - 1) : folded.start(ts)]
        spaced = bool(gap) and gap.isspace() and "\n" not in gap
        if token in GENERATIONAL and (spaced or gap.strip() == ","):
            return GENERATIONAL_AFTER  # "Trump Jr.", "Joseph R. Biden, Jr."
        if spaced and token not in SUFFIXES and text[folded.start(ts)].isupper():
            return CAPITALISED_AFTER
        return NO_NEIGHBOUR

    def is_date(self, start: int, end: int) -> bool:
        """A month or day name used as a date: "in May", "on Friday", "May 5"."""
        prev = self.prev(start)
        if prev is not None and self.m[prev[0] : prev[1]] in DATE_WORDS:
            return True
        m = self.m
        if end + 1 >= len(m):
            return False
        return m[end + 1 : m.find(" ", end + 1)].isdigit()

    def glued(self, ms: int, me: int, surname_tokens: frozenset[str]) -> bool:
        """A core stuck to a longer word by an apostrophe or hyphen ("O'Brien", "Fils-Aimé")."""
        text, m = self.text, self.m
        os_, oe = self.folded.start(ms), self.folded.end(me - 1)
        if os_ >= 2:
            before = text[os_ - 1]
            if before in APOSTROPHES and text[os_ - 2].isalpha():
                return True
            if before in DASHES and text[os_ - 2].isalnum():
                prev = self.prev(ms)
                # "Biden-Harris" names two people; "Fils-Aimé" is one surname.
                if prev is None or m[prev[0] : prev[1]] not in surname_tokens:
                    return True
        if oe < len(text) - 1:
            after, follower = text[oe], text[oe + 1]
            if after in APOSTROPHES and follower.isalpha():
                return follower not in "sS" or text[oe + 2 : oe + 3].isalpha()  # not "'s"
            if after in DASHES and follower.isupper():
                ts = me + 1
                if ts >= len(m) or m[ts : m.find(" ", ts)] not in surname_tokens:
                    return True
        return False
