"""What one line of raw copy is, read on its own: the patterns a sub-editor knows by sight.

Each function answers for a single line; ``articles.raw_copy.reader`` decides from the lines
around it (a short line is a subhead only before a paragraph, a name is a contact only in a
contact block).
"""

from __future__ import annotations

import re

# Ends a sentence, a quote or a lead-in: such a line is never a subhead.
FINAL_PUNCTUATION = tuple(".!?:;,…\"”’'»)]")
OPENING_QUOTES = tuple("\"“‘'«")
# Longer than any contact or contributor line: longer lines are running text.
_CONTACT_LIMIT = 300

_SIGN_OFF = re.compile(
    r"^[\s(\[]*(?:[-–—=]+\s*)?(?:end|ends|30|0|xxx)(?:\s*[-–—=]+)?[\s)\]]*$", re.I
)
_HASHES = re.compile(r"^(?:#\s*){3}$")
_CONTRIBUTOR = re.compile(
    r"\bcontributed\s+(?:reporting\s+)?(?:to|for)\s+(?:this|the)\s+(?:report|story|article)"
    r"|^[\w\s.,'’-]{3,120}\bcontributed(?:\s+reporting)?\.?$"
    r"|^some\s+(?:information|material|reporting)\s+(?:for|in)\s+this\s+(?:report|story)\s+"
    r"(?:came|comes)\s+from\b"
    r"|^\(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited|written)\s+by\s",
    re.I,
)
_BYLINE = re.compile(r"^[Bb][Yy]\s+[A-Z][\w.'’-]+,?(?:\s+[\w.'’-]+,?){0,8}$")
_EDITORS_NOTE = re.compile(
    r"^(?:editor['’]?s['’]?\s+note|note\s+to\s+editors?|notes\s+to\s+editors)\b", re.I
)
_PAGE_TRAILER = re.compile(
    r"^(?:tags|topics|related|related\s+(?:articles|stories|content|links|coverage)|share"
    r"|share\s+this(?:\s+(?:article|story|page))?|read\s+more|more\s+stories)$",
    re.I,
)
_CONTACT_HEADING = re.compile(
    r"^(?:news\s+)?(?:media|press)\s+(?:contacts?|inquiries|enquiries|office|relations)\b"
    r"|^contacts?\s*:|^contacts?$|^for\s+(?:more|further)\s+information\b.*\bcontact\b"
    r"|^for\s+(?:media|press)\s+(?:inquiries|enquiries)\b",
    re.I,
)
PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\b\d{2,4}[\s.-])\d{3,4}[\s.-]\d{3,4}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"^<?(?:https?://|www\.)\S+?>?$", re.I)
_CAPTION = re.compile(
    r"(?i:\((?:photo|image|picture|file photo|video)\b[^()]*\)\s*$)"
    r"|(?i:^(?:photo|image|picture|caption|credit|photo credit|image credit)s?\s*:)"
    r"|(?i:^(?:file\s+photo\b|file\s*[-–—]\s|photo\s+by\s)|/file photo\)?$)"
    r"|(?:^|[.!?”\"]\s+|\s[-–—]\s|\()(?:(?i:photo|credit)s?:?\s*)?[A-Z][\w.&’'-]*"
    r"(?:\s[A-Z][\w.&’'-]*)*\s?/\s?(?:[A-Z][\w.’'-]*)(?:\s[A-Z][\w.’'-]*)*\)?$"
    r"|\b(?:AP|AFP|Reuters|REUTERS|Getty Images|EPA)\s+Photos?\b[^()]*\)?$",
)
_SCHEDULE = re.compile(
    r"^(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d{2}|noon|midnight)"
    r"(?:\s*(?:[-–—]|to)\s*\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?)?"
    r"(?:\s*(?:[A-Z]{2,4}T|GMT|UTC|local time))?(?:\s*[-–—:]\s*|\s+|$)",
    re.I,
)
_BULLET = re.compile(r"^[-–•*·▪◦‣●]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|\(\d{1,2}\))\s+(?P<text>\S.*)$")

# Labels a press office puts above a statement, each on a line of its own.
_HEADER_LABEL = re.compile(
    r"^(?:press\s+(?:statement|release|briefing)|news\s+(?:release|advisory)|media\s+(?:note|"
    r"advisory|release|statement)|readout|fact\s+sheet|joint\s+statement|statement|remarks|"
    r"for\s+immediate\s+release\b.*|immediate\s+release|for\s+release\b.*|embargoed\b.*|"
    r"release\s*(?:no\.?|number|#)?\s*:?\s*[\w-]*\d[\w-]*|office\s+of\s+the\s+(?:spokesperson|"
    r"press\s+secretary)|the\s+white\s+house|update|updated\b.*|(?:published|posted)\b.*\d.*)$",
    re.I,
)
_TITLE_WORDS = (
    r"spokesperson|spokesman|spokeswoman|press\s+secretary|secretary|director|minister|"
    r"ambassador|officer|administrator|chair(?:man|woman|person)?|president|commissioner|"
    r"governor|mayor|deputy|chief|head|manager|adviser|advisor|coordinator|department|office"
)
_NAME_AND_TITLE = re.compile(
    rf"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{1,3}},\s+(?:[\w.'’&-]+\s+){{0,6}}?"
    rf"(?:{_TITLE_WORDS})\b[\w\s.,'’&-]*$",
    re.I,
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_ALONE = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}}|{_MONTH}\s+\d{{4}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?(?:\s*(?:[A-Z]{0,4}T|GMT|UTC))?)?$",
    re.I,
)
_DATE_STAMP = re.compile(
    rf"^(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})"
    r"(?:,?\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?(?=\s*(?:[|·•,/-]|(?-i:[A-Z]{2,})|updated|$))",
    re.I,
)
_PLACE_ALONE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,3}(?:,\s+[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,2}\.?)?$"
)


def is_sign_off(line: str) -> bool:
    """ "-end-", "###", "-30-", "END", "(ENDS)": the story is over."""
    return bool(_SIGN_OFF.match(line) or _HASHES.match(line))


def is_page_trailer(line: str) -> bool:
    """ "Tags", "Related Articles", "Share": what a web page puts under a story."""
    return bool(_PAGE_TRAILER.match(line.rstrip(" :")))


def is_contributor_line(line: str) -> bool:
    """ "Jane Roe contributed to this report."; "Reporting by A; Editing by B"."""
    return len(line) <= _CONTACT_LIMIT and bool(_CONTRIBUTOR.search(line))


def is_byline(line: str) -> bool:
    """ "By Jane Roe and Amos Kiprono": a byline above the story."""
    return len(line) <= 80 and bool(_BYLINE.match(line))


def is_editors_note(line: str) -> bool:
    return bool(_EDITORS_NOTE.match(line))


def is_contact_heading(line: str) -> bool:
    """ "News Media Contacts", "Media contact: Jane Roe, 202-555-0100", "Contacts:"."""
    return len(line) <= 120 and bool(_CONTACT_HEADING.match(line))


def has_contact_details(line: str) -> bool:
    """A phone number or an e-mail address (in a line short enough to be a contact's: the
    e-mail pattern re-reads a long word from each of its letters)."""
    return len(line) <= _CONTACT_LIMIT and bool(PHONE.search(line) or EMAIL.search(line))


def is_url(line: str) -> bool:
    return bool(URL.match(line))


def is_caption(line: str) -> bool:
    """A photo caption or credit: "... (Photo: Jane Roe)", "... /AP Photo", "Credit: NASA"."""
    return len(line) <= 400 and bool(_CAPTION.search(line))


def is_schedule_line(line: str) -> bool:
    """ "3 p.m. – Prelaunch teleconference", "10:30 a.m. EDT: Launch coverage begins"."""
    return bool(_SCHEDULE.match(line))


def list_item(line: str) -> tuple[str, str] | None:
    """("ul", text) for "- text" / "• text" / "* text", ("ol", text) for "1. text" / "1) text"."""
    if match := _BULLET.match(line):
        return "ul", match["text"]
    if match := _NUMBERED.match(line):
        return "ol", match["text"]
    return None


def is_header_label(line: str) -> bool:
    """ "Press Statement", "Media Note", "For Immediate Release", "RELEASE 24-123"."""
    return len(line) <= 80 and bool(_HEADER_LABEL.match(line.rstrip(" :")))


def is_name_and_title(line: str) -> bool:
    """ "Jane Roe, Department Spokesperson": a person and their office, not a heading."""
    return len(line) <= 100 and bool(_NAME_AND_TITLE.match(line))


def is_date_alone(line: str) -> bool:
    """ "October 2, 2024", "Wednesday, Oct. 2, 2024", "2 October 2024", "2024-10-02"; also
    with what a web page adds after it ("Nov. 8, 2024 3:04 PM GMT+3 Updated 2 hours ago")."""
    if len(line) <= 60 and _DATE_ALONE.match(line.rstrip(" .")):
        return True
    stamp = _DATE_STAMP.match(line)
    return bool(stamp) and len(line) <= 80 and not line.endswith((".", "!", "?", ":"))


def is_place_alone(line: str) -> bool:
    """ "Washington, DC", "NAIROBI, Kenya": a place on its own line (only in a header block)."""
    return len(line) <= 50 and bool(_PLACE_ALONE.match(line))


def is_sentence(line: str) -> bool:
    """Running text, not a name, title or address: it ends like a sentence and has at least
    three words in lower case ("Coastal Research Center, Harbour City, Calif." has none)."""
    lower = sum(word[:1].islower() for word in line.split())
    return is_prose(line) and lower >= 3


def is_running_text(line: str) -> bool:
    """A sentence or a lead-in to what follows ("... with the following participants:")."""
    return is_sentence(line) or (line.endswith(":") and is_sentence(line[:-1] + "."))


def is_short(line: str) -> bool:
    """Short enough to be a heading: at most 80 characters and 12 words."""
    return len(line) <= 80 and len(line.split()) <= 12


def looks_like_heading(line: str) -> bool:
    """Short, capitalised, and not ending like a sentence: "Looking ahead"."""
    return (
        is_short(line)
        and not line.endswith(FINAL_PUNCTUATION)
        and not line.startswith(OPENING_QUOTES)
        and (line[0].isupper() or line[0].isdigit())
    )


def is_prose(line: str) -> bool:
    """A paragraph of running text: it ends like a sentence (not a lead-in) or it is long."""
    if line.endswith(":"):
        return False
    return not is_short(line) or line.rstrip("\"”’'»)]").endswith((".", "!", "?", "…"))
