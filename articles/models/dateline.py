"""A story's dateline ("NAIROBI, Kenya, Jan. 5 (Reuters)") and its parts, kept in step
(the parsing itself is ``articles.datelines``)."""

from django.utils import timezone

from articles.datelines import Dateline, parse_dateline

# The dateline as written, then its parts.
DATELINE_FIELDS = (
    "dateline",
    "dateline_place",
    "dateline_country",
    "dateline_date",
    "dateline_source",
)


class DatelineMixin:
    """Article's dateline parts: read from the text, or the text written from them."""

    # The dateline and its parts as last read or saved; None for a story not read from the
    # database. See read_dateline_parts.
    loaded_dateline: tuple | None = None

    def _dateline_as_stored(self) -> tuple:
        return tuple(getattr(self, name) for name in DATELINE_FIELDS)

    @property
    def story_year(self) -> int:
        """The year of the story's date (published_at, else now), for datelines."""
        return timezone.localdate(self.published_at or timezone.now()).year

    def read_dateline_parts(self) -> None:
        """Read the dateline's parts from its text when they were not given: a new story
        with only the text (the importer, an API), or a text changed while the parts stayed
        as they were (a re-import, an editor retyping it). Parts an editor changed are kept.
        Called by clean() and save(); idempotent."""
        self.dateline_country = (self.dateline_country or "").upper()
        parts = (
            self.dateline_place,
            self.dateline_country,
            self.dateline_date,
            self.dateline_source,
        )
        if self.loaded_dateline is None:
            stale = not (self.dateline_place or self.dateline_source)
        else:
            text_changed = self.dateline != self.loaded_dateline[0]
            stale = text_changed and parts == self.loaded_dateline[1:]
        stale = stale or (self.dateline and not (self.dateline_place or self.dateline_source))
        if stale:
            read = parse_dateline(self.dateline, year=self.story_year)
            self.dateline_place = read.place[:200]
            self.dateline_country = read.country
            self.dateline_date = read.date
            self.dateline_source = read.source[:100]
        elif not self.dateline and any(parts):
            self.dateline = self.dateline_parts.text(year=self.story_year)[:200]

    @property
    def dateline_parts(self) -> Dateline:
        """The dateline's parts; false when there is no dateline. A row stored without
        save() (bulk inserts) has only its text: the parts are read from it."""
        parts = Dateline(
            place=self.dateline_place,
            country=self.dateline_country,
            date=self.dateline_date,
            source=self.dateline_source,
        )
        return parts or parse_dateline(self.dateline, year=self.story_year)

    @property
    def dateline_display(self) -> str:
        """The dateline the house way ("NAIROBI, Kenya, Jan. 5 (Reuters)"); "" when none."""
        return self.dateline_parts.house(year=self.story_year)
