"""The directory as the linker reads it: entries in, matching keys and per-person facts out.

The automaton holds only name *cores* derived from each entry: the full name, first name (and
its common nickname forms) + surname, first + middle (or middle initial) + surname, the
surname, and recorded aliases. Honorifics and titles are not keys: the linker looks for them
just before a core (see ``people.linking.scanning``). About six keys per person.
"""

import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from people.linking.folding import norm, normalize
from people.linking.words import (
    COMMON_FIRST_NAMES,
    FAMILY_FIRST_SURNAMES,
    NICKNAME_GROUPS,
    OFFICE_HEADS,
    RANK_MODIFIERS,
    ROYAL_HONORIFICS,
    SKY_ENDINGS,
    SUFFIXES,
    SURNAME_PARTICLES,
)


@dataclass(frozen=True)
class DirectoryEntry:
    """One person as the linker sees them: canonical name, honorific and nicknames."""

    person_id: int
    name: str
    honorific: str = ""
    aliases: tuple[str, ...] = ()
    # Names the person went by before ("Greta Solberg" until 2019): the full name and its
    # surname link to them, and the text keeps the name it used.
    former_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A mention of a person, with offsets into the original text."""

    person_id: int
    start: int
    end: int
    surface: str
    kind: str  # "name" | "alias" | "honorific" | "title" | "surname"


NAME, ALIAS, HONORIFIC, TITLE, SURNAME = range(5)
KIND_LABELS = ("name", "alias", "honorific", "title", "surname")
_STRENGTH = {HONORIFIC: 0, NAME: 1, ALIAS: 2, TITLE: 3, SURNAME: 4}  # lower is stronger
# Within a kind, how closely the text follows the directory name: the canonical name beats a
# derived form ("Brian Moore" is Brian Moore, not Brian Khalid Moore), which beats a form with
# a middle word the directory does not know.
EXACT, DERIVED, LOOSE = range(3)


def rank(kind: int, precision: int = EXACT) -> int:
    return _STRENGTH[kind] * 3 + precision


# --- directory derivation -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonFacts:
    first_forms: frozenset[str]
    first_initial: str
    tokens: frozenset[str]
    honorific_forms: tuple[str, ...]  # normalised, longest first
    honorific_last: frozenset[str]  # last word of each form: a cheap test before the loop
    honorific_words: frozenset[str]
    has_suffix: bool


def _nickname_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in NICKNAME_GROUPS:
        names = group.split()
        for name in names:
            index.setdefault(name, set()).update(names)
    return {name: frozenset(forms) for name, forms in index.items()}


NICKNAMES = _nickname_index()


def _short_honorifics(honorific: str) -> set[str]:
    """Shorter forms of an honorific that wire copy uses on second reference."""
    words = honorific.split()
    lowered = [w.lower() for w in words]
    forms = set()
    for joint in ("of", "for"):  # "Secretary of State", "Minister for Foreign Affairs"
        if joint in lowered[1:]:
            head = words[: lowered.index(joint, 1)]
            forms.add(" ".join(head))
            words, lowered = head, lowered[: len(head)]
            break
    if (
        len(words) >= 2
        and lowered[-1] in OFFICE_HEADS
        and not any(w in RANK_MODIFIERS or w == "prime" for w in lowered[:-1])
    ):
        forms.add(words[-1])
    return forms


def name_key(name: str) -> str:
    """What two spellings of one name share: "Joseph R. Biden" and "Joe Biden" -> "joe biden"."""
    tokens = [t for t in normalize(name).split() if len(t) > 1 and t not in SUFFIXES]
    if len(tokens) < 2:
        return " ".join(tokens)
    first = min(NICKNAMES.get(tokens[0], (tokens[0],)))
    return f"{first} {tokens[-1]}"


def _case_offset(tokens: list[str]) -> int:
    """Offset in the normalised form of the letter that must be capitalised in text, or -1."""
    offset = 0
    for token in tokens:
        folded = norm(token)
        if not folded:
            continue
        if token[:1].isupper():
            return offset
        offset += len(folded) + 1
    return -1


def _sky_variants(surname: str) -> list[str]:
    for ending in SKY_ENDINGS:
        if surname.endswith(ending) and len(surname) > len(ending) + 2:
            stem = surname[: -len(ending)]
            return [stem + other for other in SKY_ENDINGS if other != ending]
    return []


class Key(NamedTuple):
    """One automaton key derived for one person."""

    folded: str
    kind: int
    case_off: int  # offset of the letter that must be a capital in the text, or -1
    has_middle: bool
    single: bool  # a one-word name: checked like a surname for neighbours
    precision: int
    acronym: bool


def derive_keys(entry: DirectoryEntry) -> tuple[list[Key], PersonFacts]:
    """The automaton keys for one directory entry, and the facts later checks need."""
    raw = [t.strip(",") for t in unicodedata.normalize("NFC", entry.name).split()]
    raw = [t for t in raw if norm(t)]
    suffix = bool(raw) and len(raw) > 1 and norm(raw[-1]) in SUFFIXES
    core = raw[:-1] if suffix else raw
    forms: list[tuple[list[str], int, bool, int]] = []  # (raw tokens, kind, middle, precision)

    if not core:
        return [], PersonFacts(frozenset(), "", frozenset(), (), frozenset(), frozenset(), False)

    # Surname unit: last token plus particles before it ("von der Leyen", "da Silva").
    k = len(core) - 1
    while k > 1 and norm(core[k - 1]) in SURNAME_PARTICLES:
        k -= 1
    given, surname = core[:k], core[k:]

    forms.append((raw, NAME, len(given) > 1, EXACT))
    if suffix and len(core) > 1:
        forms.append((core, NAME, len(given) > 1, EXACT))
    first_forms: set[str] = set()
    if given:
        first = norm(given[0])
        first_forms = {first} | NICKNAMES.get(first, frozenset())
        if " " in first:
            first_forms.add(first.replace(" ", ""))  # "J.D." is also written "JD"
        middles = given[1:]
        for form in sorted(first_forms):
            first_token = [form.title()]
            forms.append((first_token + surname, NAME, False, DERIVED))
            for middle in middles:
                initial = norm(middle)[:1].upper()
                forms.append(([*first_token, middle, *surname], NAME, True, DERIVED))
                forms.append(([*first_token, initial, *surname], NAME, True, DERIVED))
            if len(middles) > 1:
                forms.append((first_token + middles + surname, NAME, True, DERIVED))
        surname_forms = [surname]
        if len(given) >= 2 and norm(given[-1]) not in COMMON_FIRST_NAMES:
            surname_forms.append([given[-1], *surname])  # "López Obrador", "Lula da Silva"
        if len(core) in (2, 3) and norm(core[0]) in FAMILY_FIRST_SURNAMES:
            surname_forms.append([core[0]])  # "Xi Jinping" -> "Xi"
            if len(norm(surname[-1])) <= 3:
                surname_forms.remove(surname)  # "Kim Jong Un" is never "Un"
        for variant in _sky_variants(norm(surname[-1])):
            surname_forms.append([*surname[:-1], variant.title()])
        for form in surname_forms:
            forms.append((form, SURNAME, False, EXACT))

    honorific = " ".join(entry.honorific.split())
    honorific_forms: set[str] = set()
    if honorific:
        base = {honorific} | _short_honorifics(honorific)
        for form in base:
            honorific_forms.add(norm(form))
            honorific_forms.add(norm(form + "-elect"))
        if norm(honorific).split()[-1] in ROYAL_HONORIFICS and given:
            # "King Charles", "Crown Prince Mohammed"; only the given name must be capitalised.
            forms.append(([honorific.lower(), given[0]], HONORIFIC, False, EXACT))
    honorific_forms.discard("")

    keys = []
    for tokens, kind, has_middle, precision in forms:
        folded = " ".join(norm(t) for t in tokens)
        single = kind == NAME and len(tokens) == 1
        keys.append(Key(folded, kind, _case_offset(tokens), has_middle, single, precision, False))
    for alias in entry.aliases:
        alias = unicodedata.normalize("NFC", alias)
        tokens = alias.split()
        folded = norm(alias)
        # An acronym ("AMLO", "MBS") only counts in capitals: "Liu" is not the alias "LIU".
        acronym = alias.isupper() and len(folded) > 1
        if folded:
            keys.append(
                Key(folded, ALIAS, _case_offset(tokens), False, len(tokens) == 1, EXACT, acronym)
            )

    for former in entry.former_names:
        tokens = unicodedata.normalize("NFC", former).split()
        if not tokens:
            continue
        keys.append(
            Key(norm(former), ALIAS, _case_offset(tokens), False, len(tokens) == 1, EXACT, False)
        )
        if len(tokens) > 1:
            k = len(tokens) - 1
            while k > 1 and norm(tokens[k - 1]) in SURNAME_PARTICLES:
                k -= 1
            former_surname = tokens[k:]
            keys.append(
                Key(
                    norm(" ".join(former_surname)),
                    SURNAME,
                    _case_offset(former_surname),
                    False,
                    False,
                    EXACT,
                    False,
                )
            )

    all_tokens = frozenset(norm(" ".join(raw)).split())
    person = PersonFacts(
        first_forms=frozenset(first_forms),
        first_initial=norm(given[0])[:1] if given else "",
        tokens=all_tokens,
        honorific_forms=tuple(sorted(honorific_forms, key=len, reverse=True)),
        honorific_last=frozenset(form.rsplit(" ", 1)[-1] for form in honorific_forms),
        honorific_words=frozenset(norm(honorific).split()),
        has_suffix=suffix,
    )
    return keys, person
