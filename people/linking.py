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
  A surname shared by several people links to one of them named *earlier* in the text (the one
  mentioned most, if several were), else to the only one without a "Jr."-type suffix, else to
  nobody. An alias several people share ("A. Young" for Astrid and Adam Young) follows the same
  rule in ``_pick``: alone it links nobody, after "Astrid Young" it links her. A surname held
  by one person links to them, unless it is in ``COMMON_WORD_SURNAMES`` (words such as "May",
  "Young", "Washington"): those link only after the person was named. Surnames are grouped per
  key, so a hit costs the same whether 1 or 100 directory people share it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

__all__ = [
    "COMMON_FIRST_NAMES",
    "COMMON_WORD_SURNAMES",
    "DirectoryEntry",
    "Match",
    "MentionLinker",
    "name_key",
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
# Within a kind, how closely the text follows the directory name: the canonical name beats a
# derived form ("Brian Moore" is Brian Moore, not Brian Khalid Moore), which beats a form with
# a middle word the directory does not know.
_EXACT, _DERIVED, _LOOSE = range(3)


def _rank(kind: int, precision: int = _EXACT) -> int:
    return _STRENGTH[kind] * 3 + precision


_APOSTROPHES = "'’‘`ʼ"
_DASHES = "-‐‑‒–—―−"
# Anything in a name span that means two separate phrases rather than one name: sentence
# punctuation, a spaced dash, a full stop after a long word ("President. Ruto"), a blank line.
_BAD_SPAN = re.compile(
    r"[,;:!?()\[\]{}\"“”«»‹›„/\\|…]|\s[-‐‑‒–—―−]|[-‐‑‒–—―−]\s|[^\W\d_]{5,}\.|\n[ \t]*\n"
)


# --- normalisation ------------------------------------------------------------------------------


def _build_accent_table() -> dict[str, str]:
    """Accented Latin letters to their base letter ("é" -> "e", "ø" -> "o"), one for one."""
    table = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ŀ": "l"}
    for low, high in ((0x80, 0x250), (0x1E00, 0x1F00)):  # Latin-1, Extended-A/B, Additional
        for cp in range(low, high):
            ch = chr(cp)
            if ch.isalnum() and ch not in table:
                base = unicodedata.normalize("NFD", ch)[0]
                if base != ch and base.isascii() and base.isalpha():
                    table[ch] = base.lower()
    return table


_ACCENTS = _build_accent_table()
_DROPPED_CATEGORIES = ("Mn", "Me", "Cf")
_NON_ASCII_LETTER = re.compile(r"[^\W\x00-\x7f]")
_NON_WORD = re.compile(r"[\W_]+")
_NON_WORD_RUN = re.compile(r"[\W_]{2,}")


def _fold_accent(match: re.Match[str]) -> str:
    return _ACCENTS.get(match.group(), match.group())


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
    if not folded.isascii():
        folded = _NON_ASCII_LETTER.sub(_fold_accent, folded)
    padded = f" {folded} "
    # Every run of non-letters becomes one space; runs longer than one shift later offsets.
    breaks: list[int] = []
    shifts: list[int] = []
    removed = 0
    for run in _NON_WORD_RUN.finditer(padded):
        a, b = run.span()
        breaks.append(a - removed + 1)
        removed += b - a - 1
        shifts.append(removed)
    return _Folded(_NON_WORD.sub(" ", padded), breaks, shifts)


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
            ch = _ACCENTS.get(ch, ch) if ch.isalnum() else " "
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
    honorific_last: frozenset[str]  # last word of each form: a cheap test before the loop
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
    for joint in ("of", "for"):  # "Secretary of State", "Minister for Foreign Affairs"
        if joint in lowered[1:]:
            head = words[: lowered.index(joint, 1)]
            forms.add(" ".join(head))
            words, lowered = head, lowered[: len(head)]
            break
    if (
        len(words) >= 2
        and lowered[-1] in _OFFICE_HEADS
        and not any(w in _RANK_MODIFIERS or w == "prime" for w in lowered[:-1])
    ):
        forms.add(words[-1])
    return forms


def name_key(name: str) -> str:
    """What two spellings of one name share: "Joseph R. Biden" and "Joe Biden" -> "joe biden"."""
    tokens = [t for t in normalize(name).split() if len(t) > 1 and t not in _SUFFIXES]
    if len(tokens) < 2:
        return " ".join(tokens)
    first = min(_NICKNAMES.get(tokens[0], (tokens[0],)))
    return f"{first} {tokens[-1]}"


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


class _Key(NamedTuple):
    """One automaton key derived for one person."""

    folded: str
    kind: int
    case_off: int  # offset of the letter that must be a capital in the text, or -1
    has_middle: bool
    single: bool  # a one-word name: checked like a surname for neighbours
    precision: int
    acronym: bool


def _derive(entry: DirectoryEntry) -> tuple[list[_Key], _Person]:
    """The automaton keys for one directory entry, and the facts later checks need."""
    raw = [t.strip(",") for t in unicodedata.normalize("NFC", entry.name).split()]
    raw = [t for t in raw if _norm(t)]
    suffix = bool(raw) and len(raw) > 1 and _norm(raw[-1]) in _SUFFIXES
    core = raw[:-1] if suffix else raw
    forms: list[tuple[list[str], int, bool, int]] = []  # (raw tokens, kind, middle, precision)

    if not core:
        return [], _Person(frozenset(), "", frozenset(), (), frozenset(), frozenset(), False)

    # Surname unit: last token plus particles before it ("von der Leyen", "da Silva").
    k = len(core) - 1
    while k > 1 and _norm(core[k - 1]) in _PARTICLES:
        k -= 1
    given, surname = core[:k], core[k:]

    forms.append((raw, _NAME, len(given) > 1, _EXACT))
    if suffix and len(core) > 1:
        forms.append((core, _NAME, len(given) > 1, _EXACT))
    first_forms: set[str] = set()
    if given:
        first = _norm(given[0])
        first_forms = {first} | _NICKNAMES.get(first, frozenset())
        if " " in first:
            first_forms.add(first.replace(" ", ""))  # "J.D." is also written "JD"
        middles = given[1:]
        for form in sorted(first_forms):
            first_token = [form.title()]
            forms.append((first_token + surname, _NAME, False, _DERIVED))
            for middle in middles:
                initial = _norm(middle)[:1].upper()
                forms.append(([*first_token, middle, *surname], _NAME, True, _DERIVED))
                forms.append(([*first_token, initial, *surname], _NAME, True, _DERIVED))
            if len(middles) > 1:
                forms.append((first_token + middles + surname, _NAME, True, _DERIVED))
        surname_forms = [surname]
        if len(given) >= 2 and _norm(given[-1]) not in COMMON_FIRST_NAMES:
            surname_forms.append([given[-1], *surname])  # "López Obrador", "Lula da Silva"
        if len(core) in (2, 3) and _norm(core[0]) in _FAMILY_FIRST_SURNAMES:
            surname_forms.append([core[0]])  # "Xi Jinping" -> "Xi"
            if len(_norm(surname[-1])) <= 3:
                surname_forms.remove(surname)  # "Kim Jong Un" is never "Un"
        for variant in _sky_variants(_norm(surname[-1])):
            surname_forms.append([*surname[:-1], variant.title()])
        for form in surname_forms:
            forms.append((form, _SURNAME, False, _EXACT))

    honorific = " ".join(entry.honorific.split())
    honorific_forms: set[str] = set()
    if honorific:
        base = {honorific} | _short_honorifics(honorific)
        for form in base:
            honorific_forms.add(_norm(form))
            honorific_forms.add(_norm(form + "-elect"))
        if _norm(honorific).split()[-1] in _ROYAL_HONORIFICS and given:
            # "King Charles", "Crown Prince Mohammed"; only the given name must be capitalised.
            forms.append(([honorific.lower(), given[0]], _HONORIFIC, False, _EXACT))
    honorific_forms.discard("")

    keys = []
    for tokens, kind, has_middle, precision in forms:
        folded = " ".join(_norm(t) for t in tokens)
        single = kind == _NAME and len(tokens) == 1
        keys.append(_Key(folded, kind, _case_offset(tokens), has_middle, single, precision, False))
    for alias in entry.aliases:
        alias = unicodedata.normalize("NFC", alias)
        tokens = alias.split()
        folded = _norm(alias)
        # An acronym ("AMLO", "MBS") only counts in capitals: "Liu" is not the alias "LIU".
        acronym = alias.isupper() and len(folded) > 1
        if folded:
            keys.append(
                _Key(folded, _ALIAS, _case_offset(tokens), False, len(tokens) == 1, _EXACT, acronym)
            )

    all_tokens = frozenset(_norm(" ".join(raw)).split())
    person = _Person(
        first_forms=frozenset(first_forms),
        first_initial=_norm(given[0])[:1] if given else "",
        tokens=all_tokens,
        honorific_forms=tuple(sorted(honorific_forms, key=len, reverse=True)),
        honorific_last=frozenset(form.rsplit(" ", 1)[-1] for form in honorific_forms),
        honorific_words=frozenset(_norm(honorific).split()),
        has_suffix=suffix,
    )
    return keys, person


# --- the linker ---------------------------------------------------------------------------------

_NO_NEIGHBOUR, _GENERATIONAL_AFTER, _CAPITALISED_AFTER = range(3)

# Candidates while linking one text:
# (start, end) in folded text -> [(person ids, rank, kind, key)].
_Spans = dict[tuple[int, int], list[tuple[Sequence[int], int, int, str]]]
_Add = Callable[[int, int, int, int, str, int], None]  # start, end, id, kind, key, precision


@dataclass(slots=True)
class _SurnameGroup:
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


class _Scan:
    """One text being linked: the original, its folded form and look-arounds on both."""

    __slots__ = ("folded", "m", "text")

    def __init__(self, text: str, folded: _Folded) -> None:
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
        return _BAD_SPAN.search(self.text, folded.start(ms), folded.start(me)) is None

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
        if rank is not None and m[rank[0] : rank[1]] in _RANK_MODIFIERS:
            return None  # "Vice President Harris" is not "President Harris"
        return hs if self.span_ok(hs, start) else None

    def person_honorific_start(self, person: _Person, start: int) -> int | None:
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
        if word not in _TITLE_WORDS or not self.span_ok(prev[0], start):
            return None
        start = prev[0]
        # Widen over "Foreign", "Prime", ... so the link covers the whole title; a rank word
        # ("Vice", "Deputy") is part of the office it names.
        for _ in range(3):
            prev = self.prev(start)
            if prev is None:
                break
            modifier = self.m[prev[0] : prev[1]]
            if modifier not in _TITLE_MODIFIERS or not self.span_ok(prev[0], start):
                break
            if modifier == "under" and not word.startswith("secretary"):
                break  # "Under Secretary" is an office; "Under President Biden" is a preposition
            start = prev[0]
            if modifier in _RANK_MODIFIERS:
                word = f"{modifier} {word}"
        return start, word

    def blocker_before(self, start: int) -> str:
        """The capitalised name-like word right before ``start`` ("Hunter" Biden), else ""."""
        prev = self.prev(start)
        if prev is None:
            return ""
        token = self.m[prev[0] : prev[1]]
        if token in _ALLOWED_BEFORE:
            return ""
        if len(token) >= 5 and token not in COMMON_FIRST_NAMES and token.endswith(("ing", "ed")):
            return ""  # "Congratulating Ruto", "Welcomed Biden" (headline case)
        if len(token) == 1:
            folded, text = self.folded, self.text
            gap = text[folded.end(prev[1] - 1) : folded.start(start)]
            if gap.strip() not in ("", "."):
                return ""
            ts = folded.start(prev[0])
            if ts > 0 and text[ts - 1] in "." + _APOSTROPHES:
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
            return _NO_NEIGHBOUR
        te = m.find(" ", ts)
        token = m[ts:te]
        folded, text = self.folded, self.text
        gap = text[folded.end(end - 1) : folded.start(ts)]
        spaced = bool(gap) and gap.isspace() and "\n" not in gap
        if token in _GENERATIONAL and (spaced or gap.strip() == ","):
            return _GENERATIONAL_AFTER  # "Trump Jr.", "Joseph R. Biden, Jr."
        if spaced and token not in _SUFFIXES and text[folded.start(ts)].isupper():
            return _CAPITALISED_AFTER
        return _NO_NEIGHBOUR

    def is_date(self, start: int, end: int) -> bool:
        """A month or day name used as a date: "in May", "on Friday", "May 5"."""
        prev = self.prev(start)
        if prev is not None and self.m[prev[0] : prev[1]] in _DATE_WORDS:
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
            if before in _APOSTROPHES and text[os_ - 2].isalpha():
                return True
            if before in _DASHES and text[os_ - 2].isalnum():
                prev = self.prev(ms)
                # "Biden-Harris" names two people; "Fils-Aimé" is one surname.
                if prev is None or m[prev[0] : prev[1]] not in surname_tokens:
                    return True
        if oe < len(text) - 1:
            after, follower = text[oe], text[oe + 1]
            if after in _APOSTROPHES and follower.isalpha():
                return follower not in "sS" or text[oe + 2 : oe + 3].isalpha()  # not "'s"
            if after in _DASHES and follower.isupper():
                ts = me + 1
                if ts >= len(m) or m[ts : m.find(" ", ts)] not in surname_tokens:
                    return True
        return False


class MentionLinker:
    """Finds directory people in text; build once per directory, reuse for every article."""

    def __init__(self, entries: Iterable[DirectoryEntry]) -> None:
        singles: dict[str, dict[tuple[int, int], tuple[int, _Key]]] = {}
        groups: dict[tuple[str, int], _SurnameGroup] = {}
        self._people: dict[int, _Person] = {}
        self._honorific_holders: dict[str, set[int]] = {}
        surname_tokens: set[str] = set()
        for entry in entries:
            pid = entry.person_id
            keys, person = _derive(entry)
            self._people[pid] = person
            for form in person.honorific_forms:
                self._honorific_holders.setdefault(form, set()).add(pid)
            for key in keys:
                folded, kind, case_off = key.folded, key.kind, key.case_off
                if kind != _SURNAME:
                    # The first key of a kind wins: the exact name is derived before its variants.
                    singles.setdefault(folded, {}).setdefault((pid, kind), (pid, key))
                    continue
                if " " not in folded:
                    surname_tokens.add(folded)
                group = groups.get((folded, case_off))
                if group is None:
                    group = groups[folded, case_off] = _SurnameGroup(case_off)
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

        grouped: dict[str, list[_SurnameGroup]] = {}
        for (folded, _), group in groups.items():
            grouped.setdefault(folded, []).append(group)
        self._surname_tokens = frozenset(surname_tokens)
        self._suffixed = frozenset(pid for pid, person in self._people.items() if person.has_suffix)
        self._automaton = ahocorasick.Automaton()
        for folded in singles.keys() | grouped.keys():
            # Padding with spaces makes every hit a whole-token match.
            key = f" {folded} "
            value = (
                len(key),
                folded,
                tuple(singles.get(folded, {}).values()),
                tuple(grouped.get(folded, ())),
            )
            self._automaton.add_word(key, value)
        self._last: tuple[str | None, tuple[Match, ...]] = (None, ())
        self._empty = not (singles or grouped)
        if not self._empty:
            self._automaton.make_automaton()

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
        # Article glue asks for mentions, quotes and name suggestions of one text in a row:
        # remember the last answer (one tuple, so concurrent callers never see half of it).
        last_text, last_matches = self._last
        if text == last_text:
            return list(last_matches)
        matches = self._find(text)
        self._last = (text, tuple(matches))
        return matches

    def _find(self, text: str) -> list[Match]:
        if self._empty or not text:
            return []
        folded = _fold(text)
        scan = _Scan(text, folded)
        spans: _Spans = {}

        def add(start: int, end: int, pid: int, kind: int, key: str, precision: int) -> None:
            spans.setdefault((start, end), []).append(((pid,), _rank(kind, precision), kind, key))

        for end, (key_len, key, singles, groups) in self._automaton.iter(folded.text):
            start = end - key_len + 2
            if scan.glued(start, end, self._surname_tokens):
                continue
            if " " in key and _BAD_SPAN.search(text, folded.start(start), folded.end(end - 1)):
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

    def _case_ok(self, scan: _Scan, start: int, case_off: int, cache: dict[int, bool]) -> bool:
        """The letter the directory capitalises is capitalised in the text ("May", not "may")."""
        if case_off < 0:
            return True
        ok = cache.get(case_off)
        if ok is None:
            ok = cache[case_off] = scan.text[scan.folded.start(start + case_off)].isupper()
        return ok

    def _link_single(
        self,
        scan: _Scan,
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
            start, kind, honorific, extended = hs, _HONORIFIC, True, True
        else:
            title = scan.title_before(start)
            if title is not None:
                start, extended = title[0], True
                if self._title_fits(title[1], person):
                    kind, honorific = _HONORIFIC, True
        if not extended:
            if kind == _ALIAS or single:
                blocker = scan.blocker_before(start)
                if blocker and not self._own_word(blocker, person):
                    return  # "Lady Madonna", "Mama Lula": someone else
            elif kind == _NAME and scan.first_name_before(start):
                return  # "Mary Ann Smith" is not "Ann Smith"
        if not honorific:
            after = scan.after(end)
            if after == _GENERATIONAL_AFTER and not person.has_suffix and not has_middle:
                return  # "Donald Trump Jr." is his son
            if (
                after == _CAPITALISED_AFTER
                and (kind == _ALIAS or single)
                and key.rsplit(" ", 1)[-1] in COMMON_FIRST_NAMES
            ):
                return
        add(start, end, pid, kind, key, precision)

    def _link_surname(
        self,
        scan: _Scan,
        group: _SurnameGroup,
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
                precision = _LOOSE if has_middle else _DERIVED
                for pid in firsts:
                    self._link_single(
                        scan, pid, _NAME, first_start, end, key, has_middle, False, precision, add
                    )
                    done.add(pid)
            # The person's own honorific: "Secretary Blinken", "President-elect Trump".
            for form, pid in group.by_honorific_end.get(word, ()):
                if pid not in done:
                    hs = scan.honorific_start(form, start)
                    if hs is not None:
                        add(hs, end, pid, _HONORIFIC, key, _EXACT)
                        done.add(pid)

        rest = [pid for pid in group.pids if pid not in done] if done else group.pids
        if not rest:
            return
        if key in _DAYS_MONTHS and scan.is_date(start, end):
            return  # "in May", "May 5" are dates, not Theresa May
        after = scan.after(end)
        first_name_like = key.rsplit(" ", 1)[-1] in COMMON_FIRST_NAMES
        if after == _CAPITALISED_AFTER and first_name_like:
            blocked_after = True  # "Henry Kissinger": a first name, whoever Henry is
        elif after == _GENERATIONAL_AFTER:
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
                entry = (compatible, _rank(_HONORIFIC), _HONORIFIC, key)
                spans.setdefault((title_start, end), []).append(entry)
            if blocked_after is not True:
                others = [pid for pid in rest if pid not in fits] if fits else rest
                if blocked_after is None:
                    others = [pid for pid in others if pid in group.suffixed]
                if others:
                    entry = (others, _rank(_TITLE), _TITLE, key)
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
            spans.setdefault((start, end), []).append((allowed, _rank(_SURNAME), _SURNAME, key))

    def _own_word(self, word: str, person: _Person) -> bool:
        """``word`` belongs to the person's own name (a middle name, their initial)."""
        if len(word) == 1:
            return word == person.first_initial
        return word in person.tokens or word in person.first_forms

    def _title_fits(self, title: str, person: _Person) -> bool:
        """Whether a generic title ("Sen.", "Minister") names this person's recorded office."""
        if not person.honorific_words:
            return False
        words = {w for part in title.split() for w in _TITLE_EXPANSIONS.get(part, part).split()}
        if not words <= person.honorific_words:
            return False
        return not ((person.honorific_words & _RANK_MODIFIERS) - words)

    # -- resolution in context --

    def _resolve(self, text: str, folded: _Folded, spans: _Spans) -> list[Match]:
        """Keep the longest spans, then pick one person per span using what came earlier."""
        chosen: list[tuple[int, int]] = []
        for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if all(span[1] <= s or span[0] >= e for s, e in chosen):
                chosen.append(span)
        chosen.sort()

        seen: dict[int, tuple[int, int]] = {}  # person id -> (mentions so far, -first order)
        matches = []
        for order, span in enumerate(chosen):
            pid, kind = _pick(spans[span], seen, self._suffixed)
            if pid is None:
                continue
            count, first = seen.get(pid, (0, -order))
            seen[pid] = (count + 1, first)
            start = folded.start(span[0])
            end = folded.end(span[1] - 1)
            matches.append(Match(pid, start, end, text[start:end], _KIND_LABELS[kind]))
        return matches


def _pick(
    cands: list[tuple[Sequence[int], int, int, str]],
    seen: dict[int, tuple[int, int]],
    suffixed: frozenset[int],
) -> tuple[int | None, int]:
    """One person for a span, or None: the strongest kind wins, then the text's context."""
    best = min(rank for _, rank, _, _ in cands)
    pids: set[int] = set()
    for group, rank, kind, key in cands:
        if rank == best:
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
        if len(plain) != 1 or best_kind not in (_SURNAME, _TITLE):
            return None, best_kind
        pids = set(plain)
    pid = next(iter(pids))
    if best_kind == _SURNAME and pid not in seen and best_key in COMMON_WORD_SURNAMES:
        return None, best_kind  # a common word: only once the person has been named
    return pid, best_kind
