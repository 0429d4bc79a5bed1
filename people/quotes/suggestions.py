"""Names written like people (best after an office: "Prime Minister X Y") not yet linked."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from people.linking import COMMON_FIRST_NAMES, Match, MentionLinker, name_key
from people.names import SURNAME_PARTICLES, words


@dataclass(frozen=True)
class NameSuggestion:
    """A capitalised name in the text that is not in the directory."""

    name: str
    honorific: str
    position: int


_OFFICE_RE = re.compile(
    r"(?<![\w.\-])(?P<office>(?:(?:Vice|Deputy|Prime|Foreign|Defen[cs]e|Interior|Finance|Trade|"
    r"Health|Cabinet|Acting|Interim|Chief|Senate|House|Majority|Minority|Attorney|Home|"
    r"Labou?r|Education|Energy|Treasury|Commerce|Security|National|Special|Supreme|State|"
    r"Principal|Press|Former|former|deputy|foreign|defense|defence|interior|finance|cabinet|"
    r"national|security|press|special|prime|vice)\s+){0,3}"
    r"(?:Secretary[- ]General|President|Minister|Secretary|Senator|Sen\.|Representative|Rep\.|"
    r"Congressman|Congresswoman|Governor|Gov\.|Mayor|Ambassador|Chancellor|Premier|Speaker|Leader|Chairman|"
    r"Chairwoman|Chairperson|Commissioner|Director|General|Gen\.|Admiral|Adm\.|Colonel|Col\.|"
    r"Lieutenant|Lt\.|Captain|Capt\.|Judge|Justice|King|Queen|Prince|Princess|Pope|Sheikh|Emir|"
    r"Sultan|Envoy|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Professor|Prof\.|spokesperson|spokesman|"
    r"spokeswoman|president|minister|secretary|ambassador|envoy|governor|senator|adviser|"
    r"advisor|director|chief|Lady|Sir|Dame|Lord)"
    r"(?:-elect)?)(?P<of>\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?"
)
_COURTESY = words("mr mr. mrs mrs. ms ms. miss")
_NOT_NAMES = words(
    """
    department ministry mission office house senate congress council committee commission agency
    authority bank fund court republic kingdom states nations union party government
    administration security support multinational force forces army navy police service
    university college institute foundation association organization organisation company
    corporation group airport street road avenue park square center centre hospital school
    church mosque airlines times post news press affairs state international global national
    federal relations ahead county city island islands river valley hall station bay bridge
    stadium summit conference forum agreement treaty plan act bill day week year january
    february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday the and of in on for with as at by to
    president minister secretary senator governor ambassador general leader chairman speaker
    prime vice deputy foreign united european african american caribbean kenyan haitian
    """
)


_INITIAL = re.compile(r"[A-Z]\.?")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_TRAILING = re.compile(r"(?:[’']s)?[,;:!?)\]”\"’.]*$")
# First names that are also everyday words; too risky for the weak first-name signal.
_WORDLIKE_FIRST_NAMES = words(
    """
    will mark bill pat frank rose grace hope joy faith jack ray dean art guy sue may june april
    august paris georgia virginia victoria florence sydney jordan austin madison chase lee
    christian summer
    """
)


def _name_tokens(text: str, pos: int) -> tuple[int, int, list[str]] | None:
    """Two to four capitalised name tokens starting at ``pos``: span and tokens, or None."""
    tokens: list[tuple[str, int, int]] = []
    for match in re.finditer(r"\S+", text[pos : pos + 120]):
        start = pos + match.start()
        if tokens and "\n" in text[tokens[-1][2] : start]:
            break
        raw = match.group()
        token = raw if _INITIAL.fullmatch(raw) else _TRAILING.sub("", raw)
        stripped = token != raw
        lowered = token.lower()
        is_initial = bool(tokens) and _INITIAL.fullmatch(token) is not None
        is_particle = bool(tokens) and lowered in SURNAME_PARTICLES
        is_word = (
            token[:1].isupper()
            and any(c.islower() for c in token)
            and _WORD.fullmatch(token) is not None
            and lowered not in _NOT_NAMES
        )
        if not (is_word or is_initial or is_particle):
            break
        if not tokens and not is_word:
            return None
        tokens.append((token, start, start + len(token)))
        if stripped or len(tokens) == 4:
            break
    while tokens and (
        tokens[-1][0].lower() in SURNAME_PARTICLES or _INITIAL.fullmatch(tokens[-1][0])
    ):
        tokens.pop()
    if sum(1 for t in tokens if not _INITIAL.fullmatch(t[0])) < 2:
        return None
    return tokens[0][1], tokens[-1][2], [t[0] for t in tokens]


def suggest_names(
    paragraphs: Sequence[str], linker: MentionLinker, *, matches: list[Match] | None = None
) -> list[NameSuggestion]:
    """Names written like people (best after an office: "Prime Minister X Y") not yet linked.

    ``matches``: what ``linker.find`` returned for the joined paragraphs, if already known.
    """
    text = "\n".join(paragraphs)
    if matches is None:
        matches = linker.find(text)
    taken = [(m.start, m.end) for m in matches]
    found: dict[str, NameSuggestion] = {}

    def overlaps(start: int, end: int) -> bool:
        return any(start < e and s < end for s, e in taken)

    def add(tokens: list[str], honorific: str, start: int, end: int) -> None:
        if overlaps(start, end):
            return
        key = name_key(" ".join(tokens))
        taken.append((start, end))
        existing = found.get(key)
        if existing is None:
            found[key] = NameSuggestion(" ".join(tokens), honorific, start)
            return
        # Keep the first spelling and position; prefer a spelled-out office to "Rep." or none.
        better = honorific and (not existing.honorific or existing.honorific.endswith("."))
        found[key] = NameSuggestion(
            existing.name if existing.position <= start else " ".join(tokens),
            honorific if better else existing.honorific,
            min(existing.position, start),
        )

    for office in _OFFICE_RE.finditer(text):
        # "Secretary of State Antony Blinken": the "of ..." part may end at any of its words.
        cuts = [office.end()]
        if office.group("of"):
            words = list(re.finditer(r"\S+", office.group("of")))
            first = 2 if words[1].group() == "the" else 1
            cuts = [office.start("of") + w.end() for w in reversed(words[first:])]
        for pos in cuts:
            parsed = _name_tokens(text, pos) if text[pos : pos + 1].isspace() else None
            if parsed is not None:
                start, end, tokens = parsed
                honorific = _clean_honorific(text[office.start("office") : pos])
                add(tokens, honorific, start, end)
                break

    # Weaker signal: a common first name followed by a capitalised surname, anywhere.
    for match in re.finditer(r"(?<![\w.’'-])([A-Z][a-z]+)\s+(?=[A-Z])", text):
        first = match.group(1).lower()
        if first not in COMMON_FIRST_NAMES or first in _WORDLIKE_FIRST_NAMES:
            continue
        parsed = _name_tokens(text, match.start())
        if parsed is None or len(parsed[2]) > 3:
            continue
        start, end, tokens = parsed
        following = re.match(r"\s+([A-Z]\w+)", text[end : end + 40])
        if following and following.group(1).lower() in _NOT_NAMES:
            continue  # "Grace Church Street"
        add(tokens, "", start, end)

    return sorted(found.values(), key=lambda s: s.position)


def _clean_honorific(office: str) -> str:
    """Honorific as it would be recorded: no "former", no "-elect", none for plain "Mr."."""
    words = office.split()
    while words and words[0].lower() in ("former", "acting", "interim"):
        words.pop(0)
    honorific = " ".join(words).replace("-elect", "")
    if honorific.lower() in _COURTESY:
        return ""
    if honorific.islower():  # "prime minister" in running text is "Prime Minister" on a page
        honorific = " ".join(w if w in ("of", "for", "the") else w.title() for w in words)
    return honorific
