"""Reading the lines of a raw story the way a sub-editor reads them (see the package docstring)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from articles.datelines import Dateline
from articles.raw_copy import lines as kind
from articles.raw_copy.dateline import dateline_alone, split_dateline, structured
from articles.text_format import sanitize_html

HEADER = "header"  # "Press Statement", a spokesperson and title, a city and date above the story
CONTACT = "contact"  # "News Media Contacts" and the names, phones and addresses under it
SIGN_OFF = "sign-off"  # "-end-", "###", "-30-" and whatever follows them
EDITORS_NOTE = "editor's note"
CAPTION = "caption"  # a photo caption or credit, which has no photo to go with in raw text


@dataclass(frozen=True)
class Block:
    """One block of the body: a paragraph ("p"), a subhead ("h2") or a list ("ul"/"ol")."""

    tag: str
    text: str = ""
    items: tuple[str, ...] = ()

    def html(self) -> str:
        if self.items:
            inner = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in self.items)
            return f"<{self.tag}>{inner}</{self.tag}>"
        text = html.escape(self.text, quote=False)
        if self.tag == "p" and kind.is_url(self.text):
            href = self.text.strip("<>")
            href = href if "://" in href else f"https://{href}"
            text = f'<a href="{html.escape(href)}">{text}</a>'
        return f"<{self.tag}>{text}</{self.tag}>"


@dataclass(frozen=True)
class Note:
    """Copy kept out of the body, for the editor: its ``kind`` is one of the names above."""

    kind: str
    text: str


@dataclass(frozen=True)
class Credit:
    """A byline credit: "By ...", "... contributed to this report", "Reporting by ...".

    ``names`` are the people the line credits, in its order, roles dropped.
    """

    text: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class RawCopy:
    """A raw story read: what goes into the body, and what is kept out of it.

    ``notes`` (header blocks, contact blocks, sign-offs, editor's notes, captions) belong in an
    editor's note, ``credits`` in the byline credit; neither is in ``body_html``, so the people
    linker never sees the names in them.
    """

    headline: str = ""
    dateline_text: str = ""
    dateline: Dateline = field(default_factory=Dateline)
    blocks: tuple[Block, ...] = ()
    notes: tuple[Note, ...] = ()
    credits: tuple[Credit, ...] = ()

    @property
    def body_html(self) -> str:
        return sanitize_html("".join(block.html() for block in self.blocks))

    @property
    def subheads(self) -> list[str]:
        return [block.text for block in self.blocks if block.tag == "h2"]

    @property
    def lists(self) -> list[tuple[str, tuple[str, ...]]]:
        return [(block.tag, block.items) for block in self.blocks if block.items]

    @property
    def lead(self) -> str:
        """The first paragraph's text (a headline can be derived from it), or ""."""
        return next((block.text for block in self.blocks if block.tag == "p"), "")


def read_raw_copy(
    lines: list[str], *, find_headline: bool = True, year: int | None = None
) -> RawCopy:
    """Read a story's lines (the header lines such as "Headline:" already taken off).

    ``find_headline``: a short unpunctuated first line is the headline (the importer passes
    False when a header line named it). ``year`` completes a dateline's date that has none.
    """
    lines = [line.strip() for line in lines if line.strip()]
    reader = _Reader(lines, year=year)
    headline = reader.read_header(find_headline=find_headline)
    reader.read_body()
    return RawCopy(
        headline=headline,
        dateline_text=reader.dateline,
        dateline=structured(reader.dateline, year=year),
        blocks=tuple(reader.blocks),
        notes=tuple(reader.notes),
        credits=tuple(reader.credits),
    )


class _Reader:
    """One pass over the lines; ``position`` is the next line to read."""

    def __init__(self, lines: list[str], *, year: int | None) -> None:
        self.lines = lines
        self.year = year
        self.position = 0
        self.dateline = ""
        self.blocks: list[Block] = []
        self.running_text = False  # a paragraph of running text has been read
        self._read_runs()
        self.notes: list[Note] = []
        self.credits: list[Credit] = []

    # --- above the story ----------------------------------------------------------------

    def read_header(self, *, find_headline: bool) -> str:
        """Header lines, a headline and bylines above the first paragraph; the headline."""
        headline = ""
        while self.position < len(self.lines):
            line = self.lines[self.position]
            following = self.lines[self.position + 1 : self.position + 2]
            if kind.is_byline(line):
                self._read_byline()
                continue
            elif self._is_header_line(
                line, following, below_headline=bool(headline) or not find_headline
            ):
                self._note(HEADER, line)
            elif kind.is_contact_heading(line) or kind.has_contact_details(line):
                self._read_header_contact()
                continue
            elif (
                find_headline
                and not headline
                and not self.blocks
                and following
                and (kind.looks_like_heading(line) or _titles_a_header_block(line, following))
                and not dateline_alone(line, year=self.year)
                and not kind.list_item(line)
                and not kind.is_schedule_line(line)
            ):
                headline = line
            else:
                return headline
            self.position += 1
        return headline

    def _read_byline(self) -> None:
        """ "By Jane Roe", and the agency on the line below it ("Associated Press")."""
        line = self.lines[self.position]
        names = _names(line[3:])
        self.position += 1
        if self.position < len(self.lines) and _is_agency(self.lines[self.position]):
            line += "\n" + self.lines[self.position]
            names += (self.lines[self.position],)
            self.position += 1
        self.credits.append(Credit(line, names))

    def _is_header_line(self, line: str, following: list[str], *, below_headline: bool) -> bool:
        """A label, a name and title, a date; a place or an author's name beside them."""
        if kind.is_header_label(line) or kind.is_name_and_title(line) or kind.is_date_alone(line):
            return True
        next_is_header = bool(following) and (
            kind.is_date_alone(following[0]) or kind.is_header_label(following[0])
        )
        after_header = bool(self.notes) and self.notes[-1].kind == HEADER
        if kind.is_place_alone(line) and not dateline_alone(line, year=self.year):
            return next_is_header or after_header
        # "Jane Roe" above "Oct. 2, 2024", under the headline: the author of a release.
        words = line.split()
        return (
            below_headline
            and next_is_header
            and 2 <= len(words) <= 5
            and all(word[:1].isupper() for word in words)
            and not line.endswith(kind.FINAL_PUNCTUATION)
        )

    def _read_header_contact(self) -> None:
        """A contact above the story: up to its last phone number or e-mail address, so the
        headline under it stays the headline."""
        block = [self.lines[self.position]]
        self.position += 1
        run = self._short_run(self.position)
        while run and not kind.has_contact_details(run[-1]):
            run.pop()
        block += run
        self.position += len(run)
        self._note(CONTACT, "\n".join(block))

    # --- the story ----------------------------------------------------------------------

    def read_body(self) -> None:
        while self.position < len(self.lines):
            line = self.lines[self.position]
            if kind.is_sign_off(line):
                self._note(SIGN_OFF, line)
                self.position += 1
                self._read_trailer()
                return
            if kind.is_page_trailer(line) and all(self.in_run[self.position + 1 :]):
                # "Tags" and the short lines under it, to the end: the page, not the story.
                self._note(SIGN_OFF, "\n".join(self.lines[self.position :]))
                return
            if kind.is_contributor_line(line):
                self.credits.append(Credit(line, _credited_names(line)))
            elif kind.is_byline(line) and not self.running_text:
                self._read_byline()
                continue
            elif kind.is_editors_note(line):
                self._read_editors_note()
                continue
            elif kind.is_contact_heading(line) or self._opens_contact_run():
                self._read_contact_block()
                continue
            elif kind.is_caption(line):
                self._note(CAPTION, line)
            elif _is_header_label_or_date(line) and not self.running_text:
                self._note(HEADER, line)
            elif kind.list_item(line):
                self._read_list()
                continue
            elif not self.dateline and not self.running_text and self._read_dateline():
                continue
            else:
                self._add(Block("h2" if self._heads_what_follows() else "p", line))
            self.position += 1

    def _read_dateline(self) -> bool:
        """The dateline of the first paragraph (or a line of its own above it)."""
        line = self.lines[self.position]
        if (alone := dateline_alone(line, year=self.year)) and self.position + 1 < len(self.lines):
            self.dateline = alone
            self.lines[self.position + 1] = _capitalise(self.lines[self.position + 1])
            self.position += 1
            return True
        self.dateline, rest = split_dateline(line, year=self.year)
        if not self.dateline:
            return False
        self._add(Block("p", rest))
        self.position += 1
        return True

    def _heads_what_follows(self) -> bool:
        """A subhead: a short heading-like line between running text and running text."""
        line = self.lines[self.position]
        following = self.lines[self.position + 1] if self.position + 1 < len(self.lines) else ""
        previous = self.blocks[-1] if self.blocks else None
        return (
            kind.looks_like_heading(line)
            and previous is not None
            and (previous.items or kind.is_prose(previous.text))
            and bool(following)
            and kind.is_prose(following)
            and not self._is_set_apart(following)
            and not self._is_set_apart(line)
            and not kind.is_name_and_title(line)
            and not kind.is_date_alone(line)
            and not kind.is_url(line)
            and not kind.is_schedule_line(line)
            and not kind.has_contact_details(line)
        )

    def _is_set_apart(self, line: str) -> bool:
        """Lines read as something other than running text."""
        return bool(
            kind.is_sign_off(line)
            or kind.is_contributor_line(line)
            or kind.is_editors_note(line)
            or kind.is_contact_heading(line)
            or kind.is_caption(line)
            or kind.list_item(line)
        )

    def _add(self, block: Block) -> None:
        self.blocks.append(block)
        if block.tag == "p":
            self.running_text = self.running_text or kind.is_running_text(block.text)

    def _read_list(self) -> None:
        """Consecutive items of one kind, kept together as one list."""
        tag, _ = kind.list_item(self.lines[self.position])
        items = []
        while self.position < len(self.lines):
            item = kind.list_item(self.lines[self.position])
            if item is None or item[0] != tag:
                break
            items.append(item[1])
            self.position += 1
        self._add(Block(tag, items=tuple(items)))

    # --- set apart ----------------------------------------------------------------------

    def _opens_contact_run(self) -> bool:
        """A run of short lines (a name, a title, a phone number, an address) with a phone
        number or e-mail address in it: a contact block without a heading."""
        return self.run_has_contact[self.position]

    def _short_run(self, start: int) -> list[str]:
        """The lines from ``start`` that may belong to a contact block."""
        end = start
        while end < len(self.lines) and self.in_run[end]:
            end += 1
        return self.lines[start:end]

    def _read_runs(self) -> None:
        """Which lines may sit in a contact block, and which start a run holding a phone
        number or e-mail address: read once, from the end, so each line is looked at once."""
        contact = [kind.has_contact_details(line) for line in self.lines]
        self.in_run = [
            not kind.list_item(line)
            and not kind.is_sign_off(line)
            and (has_details or (kind.is_short(line) and not kind.is_sentence(line)))
            for line, has_details in zip(self.lines, contact, strict=True)
        ]
        self.run_has_contact = [False] * (len(self.lines) + 1)
        for index in range(len(self.lines) - 1, -1, -1):
            self.run_has_contact[index] = self.in_run[index] and (
                contact[index] or self.run_has_contact[index + 1]
            )

    def _read_contact_block(self) -> None:
        first = self.lines[self.position]
        block = [first]
        self.position += 1
        run = self._short_run(self.position)
        # A heading that holds the whole contact ("Media contact: Jane Roe, 202-555-0100")
        # stands alone unless contact lines follow.
        if kind.is_contact_heading(first) and kind.has_contact_details(first):
            run = run if any(kind.has_contact_details(line) for line in run) else []
        block += run
        self.position += len(run)
        self._note(CONTACT, "\n".join(block))

    def _read_editors_note(self) -> None:
        """An editor's note line. A heading alone ("Note to editors:") takes the line under
        it, or, below the story, what follows up to the end or a sign-off."""
        line = self.lines[self.position]
        self.position += 1
        block = [line]
        if line.endswith(":") or (kind.is_short(line) and not kind.is_prose(line)):
            end = len(self.lines) if self.running_text else self.position + 1
            while self.position < end and not kind.is_sign_off(self.lines[self.position]):
                block.append(self.lines[self.position])
                self.position += 1
        self._note(EDITORS_NOTE, "\n".join(block))

    def _read_trailer(self) -> None:
        """After a sign-off: contributor lines are credits, the rest is a contact block or a
        note; nothing goes back into the body."""
        rest = []
        while self.position < len(self.lines):
            line = self.lines[self.position]
            if kind.is_contributor_line(line):
                self.credits.append(Credit(line, _credited_names(line)))
            elif not kind.is_sign_off(line):
                rest.append(line)
            self.position += 1
        if rest:
            is_contact = any(
                kind.is_contact_heading(line) or kind.has_contact_details(line) for line in rest
            )
            self._note(CONTACT if is_contact else SIGN_OFF, "\n".join(rest))

    def _note(self, note_kind: str, text: str) -> None:
        self.notes.append(Note(note_kind, text))


_ROLE = re.compile(
    r"^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written)\s+by\s+",
    re.I,
)
_CAME_FROM = re.compile(r"^some\s.*?\bfrom\s+", re.I)
_CONTRIBUTED = re.compile(r"\s+contributed\b.*$", re.I)
# "Associated Press writer Jane Roe": the name without the title before it.
_ROLE_WORDS = re.compile(
    r"^.*?\b(?:writers?|reporters?|correspondents?|journalists?|photographers?|producers?)\s+"
)
_PLACE_TAIL = re.compile(r"\s+(?:in|from)\s+[A-Z][\w .'’-]*$")


def _credited_names(line: str) -> tuple[str, ...]:
    """The names a contributor line credits, roles and places dropped."""
    names = []
    for part in line.strip(" ().").split(";"):
        part = _CONTRIBUTED.sub("", _ROLE.sub("", _CAME_FROM.sub("", part.strip())))
        names += _names(part)
    return tuple(names)


def _names(text: str) -> tuple[str, ...]:
    found = []
    for name in re.split(r",\s*|\s+and\s+|\s*&\s*", text.strip(" ().")):
        name = _PLACE_TAIL.sub("", _ROLE_WORDS.sub("", name)).strip()
        if name and name[0].isupper():
            found.append(name)
    return tuple(found)


def _is_agency(line: str) -> bool:
    """ "Associated Press", "Newsroom Wire": a few capitalised words, not a dateline."""
    words = line.split()
    return (
        1 <= len(words) <= 4
        and all(word[:1].isupper() for word in words)
        and not line.endswith(kind.FINAL_PUNCTUATION)
        and not kind.is_date_alone(line)
        and not kind.is_header_label(line)
        and not dateline_alone(line)
    )


def _is_header_label_or_date(line: str) -> bool:
    return kind.is_header_label(line) or kind.is_name_and_title(line) or kind.is_date_alone(line)


def _titles_a_header_block(line: str, following: list[str]) -> bool:
    """A title too long to look like a heading, with "Press Statement" or a date under it."""
    return (
        len(line) <= 200
        and not line.endswith((".", "!", ":", ";", ","))
        and _is_header_label_or_date(following[0])
    )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
