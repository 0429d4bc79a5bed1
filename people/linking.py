"""Find mentions of directory people in article text in one Aho-Corasick pass.

Pure Python (no Django): the glue in ``people/services.py`` builds a ``MentionLinker`` from the
directory once and calls ``find()`` / ``mentions()`` per article.

How it works
------------
* Text and names go through the same ``normalize()``: NFC, casefold, accents folded ("Aimé" ->
  "aime"), every character that is not a letter or digit (quotes, dashes, dots, NBSP, newlines)
  becomes a space, runs of spaces collapse to one. Names then match as whole token sequences,
  so "Ruto’s", "RUTO", "Fils‑Aimé" and "Antony\\nBlinken" all match and "Rutoism" cannot.
  A compact offset map (breakpoints of collapsed spaces, or a per-character table on the rare
  slow path for decomposed or format characters) turns every match back into offsets in the
  original text.
* The automaton holds only name *cores*, derived from each entry: the full name, first name
  (and its common nickname forms) + surname, first + middle (or middle initial) + surname, the
  surname, and recorded aliases. Honorifics and titles are not keys: after a core is found the
  linker looks just before it for the person's honorific forms ("Secretary of State",
  "Secretary", "President-elect"), a first name with an unrecorded middle token ("Antony J."),
  or a generic title ("Mr.", "Sen.", "Gen."). This keeps the automaton small (about six keys
  per person) and makes the longest form one mention.
* Case, boundaries and context are checked on the original text: the name must be capitalised
  as in the directory; a capitalised name-like word right before a surname means another person
  ("Hunter Biden"), and a surname that is also a common first name followed by a capitalised
  word is someone's first name ("Henry Kissinger"); hyphen compounds only count when both
  halves are directory surnames ("Biden-Harris").
* Resolution runs in text order: honorific > full name > alias > title + surname > surname.
  A surname shared by several people links to the one named most recently *earlier* in the
  text, otherwise to nobody; a surname held by one person links to them unless it is in
  ``COMMON_WORD_SURNAMES`` (words such as "May", "Young", "Washington"), which link only
  after the person was named.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

__all__ = [
    "COMMON_FIRST_NAMES",
    "COMMON_WORD_SURNAMES",
    "DirectoryEntry",
    "Match",
    "MentionLinker",
    "normalize",
]


@dataclass(frozen=True)
class DirectoryEntry:
    """One person as the linker sees them: canonical name, honorific and nicknames."""

    person_id: int
    name: str
    honorific: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """A mention of a person, with offsets into the original text."""

    person_id: int
    start: int
    end: int
    surface: str
    kind: str  # "name" | "alias" | "honorific" | "title" | "surname"


# --- word lists ---------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Split a whitespace-separated word list (kept as prose so it is easy to edit)."""
    return text.split()


# Surnames that are also common English words, place or company names. Capitalised at the
# start of a sentence or in a headline they rarely mean the person, so a bare one links only to
# someone already named in the same text ("Theresa May ... May said" links, "May 5" never does).
COMMON_WORD_SURNAMES = frozenset(
    _words(
        """
    may will young brown rice church bush power king bond cash black white green gray grey rich
    long little small strong short hope faith love joy wise hunt hill hills wood woods stone rock
    lake rivers banks burns marks field fields ford price sharp hardy bell case story page lane
    street cross best good bright swift frost snow winter summer summers spring day knight bishop
    pope law major cook baker butler mason hall house park moon sun star sterling english french
    german welsh wells chase post mark just said early last west north south east chance glass
    gold silver steel iron hay rose lamb fox wolf bird bear crane drake hawk swan dove finch
    nash cole miles noble gentry rush pace rank wall walls brook brooks cliff dale gates grant
    free freeman gross held may june april august christmas easter sunday monday friday
    washington jordan israel chad houston austin dallas lincoln madison jackson kent york chester
    victoria florence sydney orlando paris london berlin vienna milan georgia carolina virginia
    dakota montana nevada cuba china india england holland ireland scotland wales france kenya
    haiti panama peru chile niger mali guinea congo sudan oman yemen iran iraq syria turkey
    dell disney tesla hilton marriott nobel pulitzer fulbright rhodes goldman boeing morgan
    """
    )
)

# Given names common in English-language news. Used to tell "Henry Kissinger" (first name)
# from "Henry said" (a surname), and "Mary Ann Smith" from "Ann Smith".
COMMON_FIRST_NAMES = frozenset(
    _words(
        """
    aaron abigail adam adrian ahmed aisha alan albert alex alexander alexandra alexis ali alice
    alicia allison amanda amber amy ana andrea andrew andy angela ann anna anne annie anthony
    antonio antony arthur ashley austin barbara ben benjamin beth betty beverly bill billy bob
    bobby brandon brenda brian bruce bryan carl carlos carol caroline carolyn catherine charles
    charlie charlotte cheryl chris christian christina christine christopher chuck cindy claire
    craig cynthia dan daniel danielle danny david dean deborah debra denise dennis derek diana
    diane dick dmitry don donald donna doris dorothy douglas dylan ed eddie edward elijah
    elizabeth ellen emily emma emmanuel eric erin ethan eugene evelyn fatima frances francis
    francisco frank fred gabriel gary george gerald gloria grace graham greg gregory hannah hans
    harold harris harry hassan heather helen henry howard hunter hussein ian ibrahim igor isabella
    ivan jack jackie jacob jacques james jamie jane janet janice jason jean jeff jeffrey jennifer
    jeremy jerry jesse jessica jill jim jimmy joan joe john johnny jon jonathan jordan jorge jose
    joseph joshua joyce juan judith judy julia julie justin karen katherine kathleen kathryn kathy
    kate katie kayla keith kelly ken kenneth kevin kim kimberly kyle larry laura lauren lawrence
    lee leo leonard lewis lily linda lindsey lisa logan lori louis lucas lucy luis luke madison
    manuel marc marco margaret maria marie marilyn mark martha martin mary mason matt matthew
    megan melissa michael michel michelle miguel mike mohamed mohammed muhammad nancy natalie
    nathan neil nicholas nick nicole noah olga olivia omar pamela pat patricia patrick paul pedro
    peggy peter philip pierre rachel ralph randy ray raymond rebecca richard rick rob robert roger
    ron ronald rose roy russell ruth ryan sam samantha samuel sandra sara sarah scott sean sergei
    sharon shirley sophia stanley stephanie stephen steve steven sue susan tammy ted teresa terry
    theresa thomas tim timothy todd tom tommy tony tyler victoria vincent virginia vladimir walter
    warren wayne will william willie yusuf zachary
    """
    )
)

# Groups of interchangeable given names: "Joe Biden" also matches "Joseph R. Biden".
_NICKNAME_GROUPS = (
    "joseph joe",
    "antony anthony tony",
    "william bill billy",
    "robert bob bobby rob",
    "michael mike",
    "james jim jimmy",
    "thomas tom tommy",
    "richard rick dick",
    "charles chuck charlie",
    "edward ted ed eddie",
    "christopher chris",
    "daniel dan danny",
    "david dave",
    "elizabeth liz beth",
    "katherine kate kathy",
    "catherine kate cathy",
    "margaret maggie peggy",
    "alexander alex",
    "benjamin ben",
    "nicholas nick",
    "samuel sam",
    "matthew matt",
    "steven steve",
    "stephen steve",
    "jonathan jon",
    "timothy tim",
    "andrew andy",
    "gregory greg",
    "patrick pat",
    "donald don",
    "ronald ron",
    "gerald jerry",
    "lawrence larry",
    "kenneth ken",
    "jennifer jen",
    "susan sue",
    "mohammed mohamed muhammad mohammad",
)

# Family-name-first naming: "Xi Jinping" is "President Xi", "Kim Jong Un" is "Kim".
_FAMILY_FIRST_SURNAMES = frozenset(
    _words(
        """
    xi li wang zhang liu chen yang zhao huang zhou wu xu sun zhu gao lin guo hu ma kim lee park
    choi moon yoon jung kang cho han nguyen tran pham vo
    """
    )
)

_PARTICLES = frozenset(
    _words("von van der den de da di du del della dos das do la le bin ibn al el ter zu af")
)
_SUFFIXES = frozenset(_words("jr sr ii iii iv v"))
_GENERATIONAL = frozenset(_words("jr sr"))

# Titles written before a surname or full name ("Mr. Biden", "Sen. Warren", "Gen. Milley").
_COURTESY_TITLES = frozenset(
    _words(
        "mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend hon "
        "honourable honorable fr father"
    )
)
_OFFICE_TITLES = frozenset(
    _words(
        """
    president pres minister secretary sec senator sen representative rep congressman
    congresswoman governor gov mayor ambassador amb chancellor premier speaker leader chairman
    chairwoman chair chairperson commissioner director judge justice general gen lieutenant lt
    colonel col major maj captain capt commander cmdr admiral adm sergeant sgt marshal brigadier
    king queen prince princess pope cardinal bishop archbishop pastor imam rabbi sheikh sheik
    emir sultan envoy spokesperson spokesman spokeswoman mp mep cs pm councillor councilman
    councilwoman officer detective inspector superintendent supt coach chief elect
    """
    )
)
_TITLE_WORDS = _COURTESY_TITLES | _OFFICE_TITLES
_TITLE_EXPANSIONS = {
    "pres": "president",
    "sec": "secretary",
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "amb": "ambassador",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "maj": "major",
    "capt": "captain",
    "cmdr": "commander",
    "adm": "admiral",
    "sgt": "sergeant",
    "supt": "superintendent",
    "pm": "prime minister",
    "cs": "cabinet secretary",
}
# Words before a title that make it a different office: "Vice President Harris" is not
# "President Harris", "Deputy Secretary" is not "Secretary".
_RANK_MODIFIERS = frozenset(_words("vice deputy assistant under associate lieutenant first"))
# Words that only widen a generic title span ("Foreign Minister Wang"); cosmetic.
_TITLE_MODIFIERS = frozenset(
    _words(
        """
    prime vice deputy foreign defense defence interior finance trade health cabinet first
    attorney chief majority minority senate house acting interim assistant under crown grand
    supreme home treasury energy commerce labor labour education state
    """
    )
)
# The person-specific honorific may shorten to its head: "Secretary of State" -> "Secretary",
# "Defense Secretary" -> "Secretary"; never "Prime Minister" -> "Prime".
_OFFICE_HEADS = frozenset(
    _words(
        """
    secretary minister senator governor ambassador commissioner director chancellor justice
    leader speaker mayor admiral envoy
    """
    )
)
_ROYAL_HONORIFICS = frozenset(
    _words("king queen prince princess pope emperor empress sheikh emir sultan")
)

_DAYS_MONTHS = frozenset(
    _words(
        """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec
    """
    )
)
_DATE_WORDS = frozenset(
    _words("in on since until by last next early late mid from through this of during before after")
)
_DEMONYMS = frozenset(
    _words(
        """
    american kenyan haitian british french german italian spanish portuguese russian ukrainian
    chinese japanese korean indian pakistani afghan iranian iraqi syrian israeli palestinian
    lebanese jordanian egyptian saudi turkish greek polish dutch belgian swiss austrian swedish
    norwegian danish finnish irish scottish welsh english canadian mexican brazilian argentine
    argentinian chilean colombian venezuelan cuban peruvian nigerian ghanaian ethiopian somali
    sudanese ugandan tanzanian rwandan congolese african european asian arab australian filipino
    indonesian malaysian vietnamese thai taiwanese hungarian czech slovak romanian bulgarian
    serbian croatian belarusian georgian armenian azerbaijani qatari emirati yemeni libyan
    tunisian algerian moroccan senegalese malian zimbabwean zambian caribbean jamaican dominican
    guatemalan honduran salvadoran nicaraguan panamanian ecuadorian bolivian western eastern
    northern southern democrat democrats democratic republican republicans gop conservative
    labour liberal tory socialist independent opposition former then late outgoing incoming
    acting interim new top senior veteran embattled
    """
    )
)
# Capitalised words that often start a sentence right before a surname ("When Biden ...").
_FUNCTION_WORDS = frozenset(
    _words(
        """
    the a an and but or nor so yet for as at by in on of to with when while after before since
    until if though although because once where whether then now also still even only just
    meanwhile later earlier yesterday today tonight tomorrow there here that this these those
    what which who whom whose how why said says say added told asked thanks thank like unlike
    without about against between under over per via from into upon than both either neither not
    no yes did does do has have had was were is are will would could should can may might must
    let dear hello congratulations welcome sorry please however instead indeed moreover
    furthermore nevertheless nonetheless overall finally first second third last next separately
    similarly likewise additionally notably specifically ultimately currently previously recently
    eventually initially already again ever never always often sometimes perhaps maybe every each
    all some many most several few any other another such during within throughout despite amid
    among beyond toward towards around across behind beside besides near except including
    regarding following according whereas unless whenever wherever meet meets met call calls
    called urged urges praised praises thanked spoke speaking ask tell see congratulated welcomed
    """
    )
)
_DETERMINERS = frozenset(_words("the a an his her their its our u s us uk un eu"))
# "Presidents Biden and Ruto", "Senators Warren and Sanders".
_PLURAL_TITLES = frozenset(
    _words(
        """
        presidents ministers secretaries senators representatives governors ambassadors leaders
        generals justices judges kings queens princes messrs drs mps
        """
    )
)
_ALLOWED_BEFORE = (
    _TITLE_WORDS | _DAYS_MONTHS | _DEMONYMS | _FUNCTION_WORDS | _TITLE_MODIFIERS | _PLURAL_TITLES
)

# Slavic transliterations: "Zelenskyy", "Zelensky" and "Zelenskiy" are one person.
_SKY_ENDINGS = ("skyy", "skyi", "skiy", "skii", "sky", "ski")

_NAME, _ALIAS, _HONORIFIC, _TITLE, _SURNAME = range(5)
_KIND_LABELS = ("name", "alias", "honorific", "title", "surname")
_STRENGTH = {_HONORIFIC: 0, _NAME: 1, _ALIAS: 2, _TITLE: 3, _SURNAME: 4}  # lower is stronger

_APOSTROPHES = "'’‘`ʼ"
_DASHES = "-‐‑‒–—―−"
# Anything in a name span that means two separate phrases rather than one name: sentence
# punctuation, a spaced dash, a full stop after a long word ("President. Ruto"), a blank line.
_BAD_SPAN = re.compile(
    r"[,;:!?()\[\]{}\"“”«»‹›„/\\|…]|\s[-‐‑‒–—―−]|[-‐‑‒–—―−]\s|[^\W\d_]{5,}\.|\n[ \t]*\n"
)
_MULTISPACE = re.compile(" {2,}")


# --- normalisation ------------------------------------------------------------------------------


def _build_fold_table() -> dict[int, str]:
    """Map punctuation/whitespace to a space and accented Latin letters to their base letter."""
    table: dict[int, str] = {}
    ranges = (
        (0x0000, 0x0250),  # ASCII, Latin-1, Latin Extended-A/B
        (0x1E00, 0x1F00),  # Latin Extended Additional (Vietnamese)
        (0x2000, 0x2070),  # general punctuation, spaces, quotes, dashes
        (0x20A0, 0x20D0),  # currency
        (0x2190, 0x2200),  # arrows
        (0x3000, 0x3040),  # CJK punctuation
        (0xFE30, 0xFE70),
        (0xFF00, 0xFF66),  # fullwidth forms
    )
    special = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ŀ": "l"}
    for low, high in ranges:
        for cp in range(low, high):
            ch = chr(cp)
            if ch.isalnum():
                if ch in special:
                    table[cp] = special[ch]
                elif cp >= 0x80:
                    base = unicodedata.normalize("NFD", ch)[0]
                    if base != ch and base.isascii() and base.isalpha():
                        table[cp] = base.lower()
            elif unicodedata.category(ch) not in ("Mn", "Me", "Cf"):
                table[cp] = " "
    return table


_FOLD_TABLE = _build_fold_table()
_DROPPED_CATEGORIES = ("Mn", "Me", "Cf")


class _Folded:
    """Normalised text padded with one space each side, with a map back to the original."""

    __slots__ = ("_breaks", "_ends", "_shifts", "_starts", "text")

    def __init__(self, text: str, breaks=None, shifts=None, starts=None, ends=None) -> None:
        self.text = text
        self._breaks = breaks
        self._shifts = shifts
        self._starts = starts
        self._ends = ends

    def start(self, i: int) -> int:
        """Original offset of the first character behind folded character ``i``."""
        if self._starts is not None:
            return self._starts[i]
        k = bisect_right(self._breaks, i) - 1
        return i + (self._shifts[k] if k >= 0 else 0) - 1  # -1: the leading pad space

    def end(self, i: int) -> int:
        """Original offset just after the characters behind folded character ``i``."""
        if self._ends is not None:
            return self._ends[i]
        return self.start(i) + 1


def _casefold_in_place(text: str) -> str | None:
    """Casefolded ``text`` if folding keeps one character per character, else None (rare)."""
    if text.isascii():
        return text.lower()
    if not unicodedata.is_normalized("NFC", text):
        return None
    for ch in set(text):
        if ord(ch) > 0x7F and unicodedata.category(ch) in _DROPPED_CATEGORIES:
            return None
    folded = text.casefold()
    return folded if len(folded) == len(text) else None


def _fold(text: str) -> _Folded:
    """Normalise ``text`` (see ``normalize``) keeping a way back to original offsets."""
    folded = _casefold_in_place(text)
    if folded is None:
        return _fold_slow(text)
    padded = " " + folded.translate(_FOLD_TABLE) + " "
    breaks: list[int] = []
    shifts: list[int] = []
    removed = 0
    for run in _MULTISPACE.finditer(padded):
        a, b = run.span()
        breaks.append(a - removed + 1)
        removed += b - a - 1
        shifts.append(removed)
    if not breaks:
        return _Folded(padded, [], [])
    return _Folded(_MULTISPACE.sub(" ", padded), breaks, shifts)


def _fold_slow(text: str) -> _Folded:
    """Character-by-character fold for decomposed accents, format characters and ß-like folds."""
    chars = [" "]
    starts = [0]
    ends = [0]
    n = len(text)
    i = 0
    while i < n:
        j = i + 1
        while j < n and unicodedata.category(text[j]) in _DROPPED_CATEGORIES:
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j]).casefold()
        for ch in piece:
            if unicodedata.category(ch) in _DROPPED_CATEGORIES:
                continue
            ch = ch.translate(_FOLD_TABLE)
            if ch == " " and chars[-1] == " ":
                continue
            chars.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    if chars[-1] != " ":
        chars.append(" ")
        starts.append(n)
        ends.append(n)
    return _Folded("".join(chars), starts=starts, ends=ends)


def normalize(text: str) -> str:
    """Matching form of ``text``: NFC, casefolded, accents and punctuation folded, spaces single."""
    return _fold(text).text.strip(" ")


@lru_cache(maxsize=65536)
def _norm(token: str) -> str:
    """``normalize`` for name tokens, cached: directories repeat first names and surnames."""
    return normalize(token)


# --- directory derivation -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Person:
    first_forms: frozenset[str]
    first_initial: str
    tokens: frozenset[str]
    honorific_forms: tuple[str, ...]  # normalised, longest first
    honorific_words: frozenset[str]
    has_suffix: bool


def _nickname_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in _NICKNAME_GROUPS:
        names = group.split()
        for name in names:
            index.setdefault(name, set()).update(names)
    return {name: frozenset(forms) for name, forms in index.items()}


_NICKNAMES = _nickname_index()


def _short_honorifics(honorific: str) -> set[str]:
    """Shorter forms of an honorific that wire copy uses on second reference."""
    words = honorific.split()
    lowered = [w.lower() for w in words]
    forms = set()
    if "of" in lowered[1:]:
        head = words[: lowered.index("of", 1)]
        forms.add(" ".join(head))
        words, lowered = head, lowered[: len(head)]
    if (
        len(words) >= 2
        and lowered[-1] in _OFFICE_HEADS
        and not any(w in _RANK_MODIFIERS or w == "prime" for w in lowered[:-1])
    ):
        forms.add(words[-1])
    return forms


def _case_offset(tokens: list[str]) -> int:
    """Offset in the normalised form of the letter that must be capitalised in text, or -1."""
    offset = 0
    for token in tokens:
        folded = _norm(token)
        if not folded:
            continue
        if token[:1].isupper():
            return offset
        offset += len(folded) + 1
    return -1


def _sky_variants(surname: str) -> list[str]:
    for ending in _SKY_ENDINGS:
        if surname.endswith(ending) and len(surname) > len(ending) + 2:
            stem = surname[: -len(ending)]
            return [stem + other for other in _SKY_ENDINGS if other != ending]
    return []


def _derive(entry: DirectoryEntry) -> tuple[list[tuple[str, int, int, bool, bool]], _Person]:
    """Keys (normalised form, kind, case offset, has middle, single token) and person facts."""
    raw = [t.strip(",") for t in unicodedata.normalize("NFC", entry.name).split()]
    raw = [t for t in raw if _norm(t)]
    suffix = bool(raw) and len(raw) > 1 and _norm(raw[-1]) in _SUFFIXES
    core = raw[:-1] if suffix else raw
    forms: list[tuple[list[str], int, bool]] = []  # (raw tokens, kind, has middle)

    if not core:
        return [], _Person(frozenset(), "", frozenset(), (), frozenset(), False)

    # Surname unit: last token plus particles before it ("von der Leyen", "da Silva").
    k = len(core) - 1
    while k > 1 and _norm(core[k - 1]) in _PARTICLES:
        k -= 1
    given, surname = core[:k], core[k:]

    forms.append((raw, _NAME, len(given) > 1))
    if suffix and len(core) > 1:
        forms.append((core, _NAME, len(given) > 1))
    first_forms: set[str] = set()
    if given:
        first = _norm(given[0])
        first_forms = {first} | _NICKNAMES.get(first, frozenset())
        if " " in first:
            first_forms.add(first.replace(" ", ""))  # "J.D." is also written "JD"
        middles = given[1:]
        for form in sorted(first_forms):
            first_token = [form.title()]
            forms.append((first_token + surname, _NAME, False))
            for middle in middles:
                initial = _norm(middle)[:1].upper()
                forms.append(([*first_token, middle, *surname], _NAME, True))
                forms.append(([*first_token, initial, *surname], _NAME, True))
            if len(middles) > 1:
                forms.append((first_token + middles + surname, _NAME, True))
        surname_forms = [surname]
        if len(given) >= 2 and _norm(given[-1]) not in COMMON_FIRST_NAMES:
            surname_forms.append([given[-1], *surname])  # "López Obrador", "Lula da Silva"
        if len(core) in (2, 3) and _norm(core[0]) in _FAMILY_FIRST_SURNAMES:
            surname_forms.append([core[0]])  # "Xi Jinping" -> "Xi"
        for variant in _sky_variants(_norm(surname[-1])):
            surname_forms.append([*surname[:-1], variant.title()])
        for form in surname_forms:
            forms.append((form, _SURNAME, False))

    honorific = " ".join(entry.honorific.split())
    honorific_forms: set[str] = set()
    if honorific:
        base = {honorific} | _short_honorifics(honorific)
        for form in base:
            honorific_forms.add(_norm(form))
            honorific_forms.add(_norm(form + "-elect"))
        if _norm(honorific).split()[-1] in _ROYAL_HONORIFICS and given:
            # "King Charles", "Crown Prince Mohammed"; only the given name must be capitalised.
            forms.append(([honorific.lower(), given[0]], _HONORIFIC, False))
    honorific_forms.discard("")

    keys = []
    for tokens, kind, has_middle in forms:
        folded = " ".join(_norm(t) for t in tokens)
        single = kind == _NAME and len(tokens) == 1
        keys.append((folded, kind, _case_offset(tokens), has_middle, single))
    for alias in entry.aliases:
        tokens = unicodedata.normalize("NFC", alias).split()
        folded = _norm(alias)
        if folded:
            keys.append((folded, _ALIAS, _case_offset(tokens), False, len(tokens) == 1))

    all_tokens = frozenset(_norm(" ".join(raw)).split())
    person = _Person(
        first_forms=frozenset(first_forms),
        first_initial=_norm(given[0])[:1] if given else "",
        tokens=all_tokens,
        honorific_forms=tuple(sorted(honorific_forms, key=len, reverse=True)),
        honorific_words=frozenset(_norm(honorific).split()),
        has_suffix=suffix,
    )
    return keys, person


# --- the linker ---------------------------------------------------------------------------------


class MentionLinker:
    """Finds directory people in text; build once per directory, reuse for every article."""

    def __init__(self, entries: Iterable[DirectoryEntry]) -> None:
        by_key: dict[str, dict[tuple[int, int], tuple[int, int, int, bool, bool]]] = {}
        self._people: dict[int, _Person] = {}
        self._honorific_holders: dict[str, set[int]] = {}
        surname_tokens: set[str] = set()
        for entry in entries:
            keys, person = _derive(entry)
            self._people[entry.person_id] = person
            for form in person.honorific_forms:
                self._honorific_holders.setdefault(form, set()).add(entry.person_id)
            for folded, kind, case_off, has_middle, single in keys:
                if kind == _SURNAME and " " not in folded:
                    surname_tokens.add(folded)
                variants = by_key.setdefault(folded, {})
                slot = (entry.person_id, kind)
                if slot not in variants:
                    variants[slot] = (entry.person_id, kind, case_off, has_middle, single)
        self._surname_tokens = frozenset(surname_tokens)
        self._automaton = ahocorasick.Automaton()
        for folded, variants in by_key.items():
            # Padding with spaces makes every hit a whole-token match.
            key = f" {folded} "
            self._automaton.add_word(key, (len(key), folded, tuple(variants.values())))
        if by_key:
            self._automaton.make_automaton()
        self._empty = not by_key

    def __len__(self) -> int:
        return len(self._people)

    def people_with_honorific(self, honorific: str) -> frozenset[int]:
        """Person ids whose honorific (or its short form) is ``honorific``, e.g. "the president"."""
        words = normalize(honorific).split()
        while words and (words[0] in _DETERMINERS or words[0] in _DEMONYMS):
            words.pop(0)
        return frozenset(self._honorific_holders.get(" ".join(words), ()))

    def mentions(self, text: str) -> dict[int, tuple[int, int]]:
        """Person id -> (number of mentions, offset of the first mention)."""
        found: dict[int, tuple[int, int]] = {}
        for match in self.find(text):
            count, first = found.get(match.person_id, (0, match.start))
            found[match.person_id] = (count + 1, first)
        return found

    def find(self, text: str) -> list[Match]:
        """Every mention of a directory person in ``text``, in text order."""
        if self._empty or not text:
            return []
        folded = _fold(text)
        m = folded.text
        spans: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
        for end, (key_len, key, variants) in self._automaton.iter(m):
            core_start = end - key_len + 2
            os_ = folded.start(core_start)
            oe = folded.end(end - 1)
            if not self._boundaries_ok(text, m, folded, os_, oe, core_start, end):
                continue
            if " " in key and _BAD_SPAN.search(text, os_, oe):
                continue
            case_checked: dict[int, bool] = {}
            for pid, kind, case_off, has_middle, single in variants:
                if case_off >= 0:
                    ok = case_checked.get(case_off)
                    if ok is None:
                        ok = text[folded.start(core_start + case_off)].isupper()
                        case_checked[case_off] = ok
                    if not ok:
                        continue
                cand = self._extend(
                    text, m, folded, pid, kind, core_start, end, key, has_middle, single
                )
                if cand is not None:
                    spans.setdefault((cand[0], end), []).append((pid, cand[1], key))
        if not spans:
            return []
        return self._resolve(text, folded, spans)

    # -- per-candidate checks --

    def _boundaries_ok(
        self, text: str, m: str, folded: _Folded, os_: int, oe: int, ms: int, me: int
    ) -> bool:
        """Reject cores glued to a longer word by an apostrophe or hyphen ("O'Brien", "Fils-")."""
        if os_ >= 2:
            before = text[os_ - 1]
            if before in _APOSTROPHES and text[os_ - 2].isalpha():
                return False
            if before in _DASHES and text[os_ - 2].isalnum():
                prev = _prev_token(m, ms)
                if prev is None or m[prev[0] : prev[1]] not in self._surname_tokens:
                    return False
        if oe < len(text) - 1:
            after = text[oe]
            follower = text[oe + 1]
            if after in _APOSTROPHES and follower.isalpha():
                tail = text[oe + 2 : oe + 3]
                if follower not in "sS" or tail.isalpha():
                    return False
            elif after in _DASHES and follower.isalpha() and follower.isupper():
                nxt = _next_token(m, me)
                if nxt is None or m[nxt[0] : nxt[1]] not in self._surname_tokens:
                    return False
        return True

    def _extend(
        self,
        text: str,
        m: str,
        folded: _Folded,
        pid: int,
        kind: int,
        start: int,
        end: int,
        key: str,
        has_middle: bool,
        single: bool,
    ) -> tuple[int, int] | None:
        """Grow a core backwards over first name, honorific or title; None if it is someone else."""
        person = self._people[pid]
        extended = False
        if kind == _SURNAME and key in _DAYS_MONTHS and self._is_date(text, m, folded, start, end):
            return None  # "in May", "May 5" are dates, not Theresa May

        if kind == _SURNAME and person.first_forms:
            prev = _prev_token(m, start)
            if prev is not None:
                token = m[prev[0] : prev[1]]
                if token in person.first_forms and self._span_ok(text, folded, prev[0], start):
                    start, kind, extended = prev[0], _NAME, True
                elif self._looks_like_middle(text, folded, prev):
                    prev2 = _prev_token(m, prev[0])
                    if (
                        prev2 is not None
                        and m[prev2[0] : prev2[1]] in person.first_forms
                        and self._span_ok(text, folded, prev2[0], start)
                    ):
                        start, kind, extended, has_middle = prev2[0], _NAME, True, True

        honorific_found = False
        for form in person.honorific_forms:
            hs = start - 1 - len(form)
            if hs >= 1 and m[hs - 1] == " " and m.startswith(form, hs):
                rank = _prev_token(m, hs)
                if rank is not None and m[rank[0] : rank[1]] in _RANK_MODIFIERS:
                    continue
                if self._span_ok(text, folded, hs, start):
                    start, kind, extended, honorific_found = hs, _HONORIFIC, True, True
                    break

        if not honorific_found:
            prev = _prev_token(m, start)
            if prev is not None:
                word = m[prev[0] : prev[1]]
                if word in _TITLE_WORDS and self._span_ok(text, folded, prev[0], start):
                    compatible = self._title_fits(word, person)
                    start, extended = prev[0], True
                    if compatible:
                        kind = _HONORIFIC
                        honorific_found = True
                    elif kind == _SURNAME:
                        kind = _TITLE
                    # Widen over "Foreign", "Prime", ... so the link covers the whole title.
                    for _ in range(3):
                        prev = _prev_token(m, start)
                        if prev is None or m[prev[0] : prev[1]] not in _TITLE_MODIFIERS:
                            break
                        if not self._span_ok(text, folded, prev[0], start):
                            break
                        start = prev[0]

        if not extended and (kind in (_SURNAME, _ALIAS) or single):
            if self._other_person_before(text, m, folded, start, person):
                return None
        elif not extended and kind == _NAME:
            prev = _prev_token(m, start)
            if (
                prev is not None
                and m[prev[0] : prev[1]] in COMMON_FIRST_NAMES
                and self._adjacent_capitalised(text, folded, prev, start)
            ):
                return None  # "Mary Ann Smith" is not "Ann Smith"

        if not honorific_found and self._other_person_after(
            text, m, folded, end, key, kind, single, person, has_middle
        ):
            return None
        return start, kind

    def _is_date(self, text: str, m: str, folded: _Folded, start: int, end: int) -> bool:
        """A month or day name used as a date: "in May", "on Friday", "May 5"."""
        prev = _prev_token(m, start)
        if prev is not None and m[prev[0] : prev[1]] in _DATE_WORDS:
            return True
        nxt = _next_token(m, end)
        return nxt is not None and m[nxt[0] : nxt[1]].isdigit()

    def _span_ok(self, text: str, folded: _Folded, ms: int, me: int) -> bool:
        """The original text between folded offsets ``ms`` and ``me`` reads as one phrase."""
        return _BAD_SPAN.search(text, folded.start(ms), folded.start(me)) is None

    def _looks_like_middle(self, text: str, folded: _Folded, token: tuple[int, int]) -> bool:
        """A capitalised word or initial that can sit between first name and surname."""
        return text[folded.start(token[0])].isupper()

    def _title_fits(self, word: str, person: _Person) -> bool:
        """Whether a generic title ("Sen.", "Minister") names this person's recorded office."""
        if not person.honorific_words:
            return False
        words = set(_TITLE_EXPANSIONS.get(word, word).split())
        if not words <= person.honorific_words:
            return False
        return not ((person.honorific_words & _RANK_MODIFIERS) - words)

    def _adjacent_capitalised(
        self, text: str, folded: _Folded, token: tuple[int, int], next_start: int
    ) -> bool:
        """The token is capitalised (not all caps) and only spaces separate it from what follows."""
        gap = text[folded.end(token[1] - 1) : folded.start(next_start)]
        if not gap or not gap.isspace() or "\n" in gap:
            return False
        word = text[folded.start(token[0]) : folded.end(token[1] - 1)]
        return word[:1].isupper() and any(c.islower() for c in word)

    def _other_person_before(
        self, text: str, m: str, folded: _Folded, start: int, person: _Person
    ) -> bool:
        """A capitalised name-like word right before a surname: "Hunter Biden", "Jill Biden"."""
        prev = _prev_token(m, start)
        if prev is None:
            return False
        token = m[prev[0] : prev[1]]
        if token in _ALLOWED_BEFORE or token in person.tokens or token in person.first_forms:
            return False
        if len(token) >= 5 and token not in COMMON_FIRST_NAMES and token.endswith(("ing", "ed")):
            return False  # "Congratulating Ruto", "Welcomed Biden" (headline case)
        ts = folded.start(prev[0])
        if len(token) == 1:
            gap = text[folded.end(prev[1] - 1) : folded.start(start)]
            if gap.strip() not in ("", "."):
                return False
            if ts > 0 and text[ts - 1] in "." + _APOSTROPHES:
                return False  # "U.S. Biden", "Kenya's Ruto"
            return token != person.first_initial  # "H. Biden" is someone else
        return self._adjacent_capitalised(text, folded, prev, start)

    def _other_person_after(
        self,
        text: str,
        m: str,
        folded: _Folded,
        end: int,
        key: str,
        kind: int,
        single: bool,
        person: _Person,
        has_middle: bool,
    ) -> bool:
        """A capitalised word right after means a longer name: "Henry Kissinger", "Trump Jr."."""
        nxt = _next_token(m, end)
        if nxt is None:
            return False
        token = m[nxt[0] : nxt[1]]
        gap = text[folded.end(end - 1) : folded.start(nxt[0])]
        spaced = bool(gap) and gap.isspace() and "\n" not in gap
        # Punctuation in between starts a new phrase, except "Joseph R. Biden, Jr.".
        if not spaced and not (token in _GENERATIONAL and gap.strip() == ","):
            return False
        if token in _GENERATIONAL:
            return not person.has_suffix and not has_middle
        surname_like = kind in (_SURNAME, _TITLE, _ALIAS) or single
        if surname_like and key.rsplit(" ", 1)[-1] in COMMON_FIRST_NAMES:
            word = text[folded.start(nxt[0]) : folded.end(nxt[1] - 1)]
            return word[:1].isupper() and token not in _SUFFIXES
        return False

    # -- resolution in context --

    def _resolve(
        self, text: str, folded: _Folded, spans: dict[tuple[int, int], list[tuple[int, int, str]]]
    ) -> list[Match]:
        """Keep the longest spans, then pick one person per span using what came earlier."""
        chosen: list[tuple[int, int]] = []
        for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if all(span[1] <= s or span[0] >= e for s, e in chosen):
                chosen.append(span)
        chosen.sort()

        seen: dict[int, tuple[int, int]] = {}  # person id -> (mentions so far, -first order)
        matches = []
        for order, span in enumerate(chosen):
            pid, kind = _pick(spans[span], seen)
            if pid is None:
                continue
            count, first = seen.get(pid, (0, -order))
            seen[pid] = (count + 1, first)
            start = folded.start(span[0])
            end = folded.end(span[1] - 1)
            matches.append(Match(pid, start, end, text[start:end], _KIND_LABELS[kind]))
        return matches


def _pick(
    cands: list[tuple[int, int, str]], seen: dict[int, tuple[int, int]]
) -> tuple[int | None, int]:
    """One person for a span: the strongest kind wins; ties go to whoever came earlier."""
    best = min(_STRENGTH[kind] for _, kind, _ in cands)
    top = [(pid, kind, key) for pid, kind, key in cands if _STRENGTH[kind] == best]
    pid, kind, key = top[0]
    pids = {p for p, _, _ in top}
    if len(pids) == 1:
        if kind == _SURNAME and pid not in seen and key in COMMON_WORD_SURNAMES:
            return None, kind  # a common word: only once the person has been named
        return pid, kind
    # Several people fit: the one the text has talked about most (then the one named first).
    # After "President William Ruto ... First Lady Rachel Ruto", a bare "Ruto" is still him.
    known = [p for p in pids if p in seen]
    if known:
        return max(known, key=seen.__getitem__), kind
    return None, kind


def _prev_token(m: str, start: int) -> tuple[int, int] | None:
    """Folded span of the token before the one starting at ``start``."""
    if start < 2:
        return None
    te = start - 1
    return m.rfind(" ", 0, te) + 1, te


def _next_token(m: str, end: int) -> tuple[int, int] | None:
    """Folded span of the token after the one ending at ``end`` (``m[end]`` is a space)."""
    ts = end + 1
    if ts >= len(m):
        return None
    return ts, m.find(" ", ts)
