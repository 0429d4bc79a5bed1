"""The mention linker: every directory person a text names, in text order.

Resolution runs in text order: honorific > full name > alias > title + surname > surname. A
surname shared by several people links to one of them named *earlier* in the text (the one
mentioned most, if several were), else to the only one without a "Jr."-type suffix, else to
nobody. An alias several people share ("A. Young" for Astrid and Adam Young) follows the same
rule in ``_pick``: alone it links nobody, after "Astrid Young" it links her. A surname held by
one person links to them, unless it is in ``COMMON_WORD_SURNAMES`` (words such as "May",
"Young", "Washington"): those link only after the person was named.
"""

import re
from collections.abc import Callable, Iterable, Sequence

from people.linking.directory import (
    ALIAS,
    DERIVED,
    EXACT,
    HONORIFIC,
    KIND_LABELS,
    LOOSE,
    NAME,
    SURNAME,
    TITLE,
    DirectoryEntry,
    Match,
    PersonFacts,
    rank,
)
from people.linking.folding import Folded, fold, normalize
from people.linking.scanning import (
    CAPITALISED_AFTER,
    GENERATIONAL_AFTER,
    Scan,
    SurnameGroup,
    build_automaton,
)
from people.linking.words import (
    BAD_SPAN,
    COMMON_FIRST_NAMES,
    COMMON_WORD_SURNAMES,
    COUNTRY_ABBREVIATIONS,
    DAYS_MONTHS,
    DEMONYMS,
    DETERMINERS,
    PLACE_WORDS_AFTER,
    PLACE_WORDS_BEFORE,
    RANK_MODIFIERS,
    TITLE_EXPANSIONS,
)

# Words dropped before an office when asking who holds it: "the U.S. president".
_LEADING_WORDS = DETERMINERS | COUNTRY_ABBREVIATIONS | DEMONYMS

# Candidates while linking one text:
# (start, end) in folded text -> [(person ids, rank, kind, key)].
_Spans = dict[tuple[int, int], list[tuple[Sequence[int], int, int, str]]]
_Add = Callable[[int, int, int, int, str, int], None]  # start, end, id, kind, key, precision
_WORD_AFTER = re.compile(r"[ \t\u00a0]+([A-Z][a-z]+)\b")
_WORD_BEFORE = re.compile(r"\b([A-Z][a-z]+)[ \t\u00a0]+$")


class MentionLinker:
    """Finds directory people in text; build once per directory, reuse for every article."""

    def __init__(self, entries: Iterable[DirectoryEntry]) -> None:
        entries = list(entries)
        automaton = build_automaton(entries)
        self._people = automaton.people
        self._honorific_holders = automaton.honorific_holders
        self._surname_tokens = automaton.surname_tokens
        self._suffixed = automaton.suffixed
        self._automaton = automaton.automaton
        self._empty = automaton.empty
        # Names for reports ("+ William Ruto"), without a query per linked article.
        self.names: dict[int, str] = {entry.person_id: entry.name for entry in entries}

    def __len__(self) -> int:
        return len(self._people)

    def people_with_honorific(self, honorific: str) -> frozenset[int]:
        """Person ids whose honorific (or its short form) is ``honorific``, e.g. "the president"."""
        words = normalize(honorific).split()
        while words and words[0] in _LEADING_WORDS:
            words.pop(0)
        return frozenset(self._honorific_holders.get(" ".join(words), ()))

    def mentions(self, text: str) -> dict[int, tuple[int, int]]:
        """Person id -> (number of mentions, offset of the first mention)."""
        return count_mentions(self.find(text))

    def find(self, text: str) -> list[Match]:
        """Every mention of a directory person in ``text``, in text order.

        One pass per call: a caller that needs mentions, quotes and name suggestions of one
        text finds once and passes the matches along (``count_mentions``, ``extract_quotes``).
        """
        if self._empty or not text:
            return []
        folded = fold(text)
        scan = Scan(text, folded)
        spans: _Spans = {}

        def add(start: int, end: int, pid: int, kind: int, key: str, precision: int) -> None:
            spans.setdefault((start, end), []).append(((pid,), rank(kind, precision), kind, key))

        for end, (key_len, key, singles, groups) in self._automaton.iter(folded.text):
            start = end - key_len + 2
            if scan.glued(start, end, self._surname_tokens):
                continue
            if " " in key and BAD_SPAN.search(text, folded.start(start), folded.end(end - 1)):
                continue
            capitals: dict[int, bool] = {}
            for pid, variant in singles:
                if not self._case_ok(scan, start, variant.case_off, capitals):
                    continue
                if variant.acronym:
                    surface = text[folded.start(start) : folded.end(end - 1)]
                    if not surface.isupper():
                        continue
                self._link_single(
                    scan,
                    pid,
                    variant.kind,
                    start,
                    end,
                    key,
                    variant.has_middle,
                    variant.single,
                    variant.precision,
                    add,
                )
            for group in groups:
                if self._case_ok(scan, start, group.case_off, capitals):
                    self._link_surname(scan, group, start, end, key, add, spans)
        if not spans:
            return []
        return self._resolve(text, folded, spans)

    # -- per-hit checks --

    def _case_ok(self, scan: Scan, start: int, case_off: int, cache: dict[int, bool]) -> bool:
        """The letter the directory capitalises is capitalised in the text ("May", not "may")."""
        if case_off < 0:
            return True
        ok = cache.get(case_off)
        if ok is None:
            ok = cache[case_off] = scan.text[scan.folded.start(start + case_off)].isupper()
        return ok

    def _link_single(
        self,
        scan: Scan,
        pid: int,
        kind: int,
        start: int,
        end: int,
        key: str,
        has_middle: bool,
        single: bool,
        precision: int,
        add: _Add,
    ) -> None:
        """A full name, alias or royal form: grow it over an honorific or title, then check."""
        person = self._people[pid]
        honorific = False
        extended = False
        hs = scan.person_honorific_start(person, start) if person.honorific_forms else None
        if hs is not None:
            start, kind, honorific, extended = hs, HONORIFIC, True, True
        else:
            title = scan.title_before(start)
            if title is not None:
                start, extended = title[0], True
                if self._title_fits(title[1], person):
                    kind, honorific = HONORIFIC, True
        if not extended:
            if kind == ALIAS or single:
                blocker = scan.blocker_before(start)
                if blocker and not self._own_word(blocker, person):
                    return  # "Lady Madonna", "Mama Lula": someone else
            elif kind == NAME and scan.first_name_before(start):
                return  # "Mary Ann Smith" is not "Ann Smith"
        if not honorific:
            after = scan.after(end)
            if after == GENERATIONAL_AFTER and not person.has_suffix and not has_middle:
                return  # "Donald Trump Jr." is his son
            if (
                after == CAPITALISED_AFTER
                and (kind == ALIAS or single)
                and key.rsplit(" ", 1)[-1] in COMMON_FIRST_NAMES
            ):
                return
        add(start, end, pid, kind, key, precision)

    def _link_surname(
        self,
        scan: Scan,
        group: SurnameGroup,
        start: int,
        end: int,
        key: str,
        add: _Add,
        spans: _Spans,
    ) -> None:
        """A surname: per person only where first name or honorific differ, else one outcome."""
        if len(key) <= 2:
            second = scan.folded.start(start) + 1
            if not scan.text[second : second + 1].islower():
                return  # "Xi" is a name; "XI" and "UN" are not
        m = scan.m
        prev = scan.prev(start)
        word = m[prev[0] : prev[1]] if prev is not None else ""
        done: set[int] = set()

        # First name (with an optional middle name or initial) before it: a full name.
        if prev is not None:
            firsts = group.by_first.get(word)
            first_start, has_middle = prev[0], False
            if firsts is None and scan.capitalised(prev):
                prev2 = scan.prev(prev[0])
                if prev2 is not None:
                    firsts = group.by_first.get(m[prev2[0] : prev2[1]])
                    first_start, has_middle = prev2[0], True
            if firsts and scan.span_ok(first_start, start):
                # "Antony J. Blinken": a middle word the directory does not record.
                precision = LOOSE if has_middle else DERIVED
                for pid in firsts:
                    self._link_single(
                        scan, pid, NAME, first_start, end, key, has_middle, False, precision, add
                    )
                    done.add(pid)
            # The person's own honorific: "Secretary Blinken", "President-elect Trump".
            for form, pid in group.by_honorific_end.get(word, ()):
                if pid not in done:
                    hs = scan.honorific_start(form, start)
                    if hs is not None:
                        add(hs, end, pid, HONORIFIC, key, EXACT)
                        done.add(pid)

        rest = [pid for pid in group.pids if pid not in done] if done else group.pids
        if not rest:
            return
        if key in DAYS_MONTHS and scan.is_date(start, end):
            return  # "in May", "May 5" are dates, not Theresa May
        after = scan.after(end)
        first_name_like = key.rsplit(" ", 1)[-1] in COMMON_FIRST_NAMES
        if after == CAPITALISED_AFTER and first_name_like:
            blocked_after = True  # "Henry Kissinger": a first name, whoever Henry is
        elif after == GENERATIONAL_AFTER:
            blocked_after = None  # only people without the suffix
        else:
            blocked_after = False

        title = scan.title_before(start)
        if title is not None:
            title_start, word = title
            fits = group.title_fits.get(word)
            if fits is None:
                people = self._people
                fits = frozenset(p for p in group.pids if self._title_fits(word, people[p]))
                group.title_fits[word] = fits
            compatible = [pid for pid in rest if pid in fits] if fits else []
            if compatible:
                entry = (compatible, rank(HONORIFIC), HONORIFIC, key)
                spans.setdefault((title_start, end), []).append(entry)
            if blocked_after is not True:
                others = [pid for pid in rest if pid not in fits] if fits else rest
                if blocked_after is None:
                    others = [pid for pid in others if pid in group.suffixed]
                if others:
                    entry = (others, rank(TITLE), TITLE, key)
                    spans.setdefault((title_start, end), []).append(entry)
            return

        if blocked_after is True:
            return
        blocker = scan.blocker_before(start)
        allowed = rest
        if blocker:
            index = group.by_initial if len(blocker) == 1 else group.by_token
            own = index.get(blocker, ())
            allowed = [pid for pid in rest if pid in own]
        if blocked_after is None:
            allowed = [pid for pid in allowed if pid in group.suffixed]
        if allowed:
            spans.setdefault((start, end), []).append((allowed, rank(SURNAME), SURNAME, key))

    def _own_word(self, word: str, person: PersonFacts) -> bool:
        """``word`` belongs to the person's own name (a middle name, their initial)."""
        if len(word) == 1:
            return word == person.first_initial
        return word in person.tokens or word in person.first_forms

    def _title_fits(self, title: str, person: PersonFacts) -> bool:
        """Whether a generic title ("Sen.", "Minister") names this person's recorded office."""
        if not person.honorific_words:
            return False
        words = {w for part in title.split() for w in TITLE_EXPANSIONS.get(part, part).split()}
        if not words <= person.honorific_words:
            return False
        return not ((person.honorific_words & RANK_MODIFIERS) - words)

    # -- resolution in context --

    def _resolve(self, text: str, folded: Folded, spans: _Spans) -> list[Match]:
        """Keep the longest spans, then pick one person per span using what came earlier."""
        chosen: list[tuple[int, int]] = []
        for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if all(span[1] <= s or span[0] >= e for s, e in chosen):
                chosen.append(span)
        chosen.sort()

        seen: dict[int, tuple[int, int]] = {}  # person id -> (mentions so far, -first order)
        placed: set[int] = set()  # people whose name the text gave to a place or institution
        matches = []
        for order, span in enumerate(chosen):
            pid, kind = _pick(spans[span], seen, self._suffixed)
            if pid is None:
                continue
            start = folded.start(span[0])
            end = folded.end(span[1] - 1)
            if names_a_place(text, start, end):
                placed.add(pid)
                continue
            if kind == SURNAME and pid in placed and pid not in seen:
                continue  # "the Kessler Centre ... Kessler said": not the person behind the name
            count, first = seen.get(pid, (0, -order))
            seen[pid] = (count + 1, first)
            matches.append(Match(pid, start, end, text[start:end], KIND_LABELS[kind]))
        return matches


def names_a_place(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is part of a place or institution's name:
    "Kessler Center", "Whitcombe Airport", "Grimsby County", "Fort Grimsby"."""
    after = _WORD_AFTER.match(text, end)
    if after is not None and after.group(1).lower() in PLACE_WORDS_AFTER:
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 12), start)
    return before is not None and before.group(1).lower() in PLACE_WORDS_BEFORE


def _pick(
    cands: list[tuple[Sequence[int], int, int, str]],
    seen: dict[int, tuple[int, int]],
    suffixed: frozenset[int],
) -> tuple[int | None, int]:
    """One person for a span, or None: the strongest kind wins, then the text's context."""
    best = min(strength for _, strength, _, _ in cands)
    pids: set[int] = set()
    for group, strength, kind, key in cands:
        if strength == best:
            pids.update(group)
            best_kind, best_key = kind, key
    if len(pids) > 1:
        # Several people fit: the one the text has talked about most (then the one named
        # first). After "President William Ruto ... First Lady Rachel Ruto", "Ruto" is still him.
        known = seen.keys() & pids
        if known:
            return max(known, key=seen.__getitem__), best_kind
        # A bare "Trump" is not "Donald Trump Jr.": people with a suffix are written with it.
        plain = [p for p in pids if p not in suffixed]
        if len(plain) != 1 or best_kind not in (SURNAME, TITLE):
            return None, best_kind
        pids = set(plain)
    pid = next(iter(pids))
    if best_kind == SURNAME and pid not in seen and best_key in COMMON_WORD_SURNAMES:
        return None, best_kind  # a common word: only once the person has been named
    return pid, best_kind


def count_mentions(matches: Iterable[Match]) -> dict[int, tuple[int, int]]:
    """Person id -> (number of mentions, offset of the first mention), from ``find()``."""
    found: dict[int, tuple[int, int]] = {}
    for match in matches:
        count, first = found.get(match.person_id, (0, match.start))
        found[match.person_id] = (count + 1, first)
    return found
