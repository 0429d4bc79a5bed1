"""Raw copy read like a sub-editor reads it: dateline, subheads, lists, and what is not body.

``read_raw_copy(lines)`` takes the lines of a plain-text story (after the importer has taken off
its own header lines, "# ...", "Headline:", "Id:") and returns a ``RawCopy``:

- ``headline``: a short unpunctuated first line (after any header block), when asked for;
- ``dateline_text`` as written ("KENNEDY SPACE CENTER, Fla.") and ``dateline``, its parts
  (``articles.datelines.Dateline``), from the first paragraph or a line of its own above it:
  "CITY (Agency, Oct. 2, 2009) --", "CITY, Oct. 2 (Reuters) -", "COLUMBIA, S.C. -",
  "City/City —", "RIO DE JANEIRO —", any dash; never an aside ("President Ruto – who ...");
- ``blocks`` and ``body_html`` (sanitised): paragraphs, subheads only where a short line heads
  running text (after a paragraph or list, before a paragraph; never a list item, a lead-in
  ending in a colon, a URL, a caption, a schedule line, a date, a name and title, a contact);
  "- "/"• "/"* " items as ``<ul>``, "1." / "1)" items as ``<ol>``, kept together;
- ``notes`` (kind, text), for an editor's note: header blocks ("Press Statement", a spokesperson
  and title, a city and a date on their own lines, "For Immediate Release"), contact blocks
  ("News Media Contacts", names with phones, e-mails, addresses), sign-offs ("-end-", "###",
  "-30-", "END") and what follows them, editor's notes, photo captions and credits;
- ``credits`` (text, names), for the byline credit: "By ...", "X contributed to this report",
  "Reporting by ...; Editing by ...".

Nothing in ``notes`` or ``credits`` is in the body, so people named only there are not linked.

How ``parse_raw_text`` calls it (replacing its dateline, subhead and paragraph loop)::

    copy = read_raw_copy(lines, find_headline=not marked)
    if not marked:
        headline = copy.headline
    if not copy.blocks:
        raise Refused("no story text after the header lines")
    return StoryDraft(
        ...,
        headline=headline or derive_headline(copy.lead),
        body=copy.body_html,
        dateline=copy.dateline_text,
        # copy.credits -> bylines and contributors (people's names), the rest with
        # copy.notes -> source_notes, for the desk only (importing/raw_text.py)
    )
"""

from articles.raw_copy.dateline import dateline_alone, is_dateline, split_dateline
from articles.raw_copy.reader import (
    CAPTION,
    CONTACT,
    EDITORS_NOTE,
    HEADER,
    SIGN_OFF,
    Block,
    Credit,
    Note,
    RawCopy,
    read_raw_copy,
)

__all__ = [
    "CAPTION",
    "CONTACT",
    "EDITORS_NOTE",
    "HEADER",
    "SIGN_OFF",
    "Block",
    "Credit",
    "Note",
    "RawCopy",
    "dateline_alone",
    "is_dateline",
    "read_raw_copy",
    "split_dateline",
]
