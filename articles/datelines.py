"""Datelines: where (and when, and from whom) a story was reported.

``parse_dateline`` reads the common wire styles into parts; ``Dateline.house()`` prints them
the house way. Pure functions, no database: the model (``Article``) stores the parts.

    NAIROBI, Kenya —                      place Nairobi, country KE
    WASHINGTON (Reuters) -                place Washington, source Reuters
    COLUMBIA, S.C. --                     place Columbia, S.C., country US
    BOGOTA (AP, Oct. 2, 2009) --          place Bogota, source AP, date 2009-10-02
    WASHINGTON (Oct. 2, 2024) --          place Washington, date 2024-10-02
    JERUSALEM/GAZA —                      place Jerusalem/Gaza
    NAIROBI, Kenya, Jan. 5 (Newsroom) -   place Nairobi, country KE, date Jan. 5, source Newsroom
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from articles.countries import COUNTRY_NAMES, country_code, is_us_state

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
# AP style: five months spelled out, the others abbreviated.
AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
             "Nov.", "Dec."]  # fmt: skip
# Words a place name keeps in lower case once capitals are undone ("Rio de Janeiro").
_SMALL_WORDS = {"de", "da", "do", "dos", "das", "del", "es", "la", "le", "les", "el", "al", "au",
                "aux", "of", "the", "on", "upon", "en", "sur", "am", "an", "der", "di"}  # fmt: skip

_TRAILING_DASH = re.compile(r"\s*(?:-{1,3}|[–—―‒]|:)\s*$")
_PARENTHESES = re.compile(r"\s*\(([^()]*)\)\s*$")
_MONTH_DAY = re.compile(r"^(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?$")
_DAY_MONTH = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?(?:,?\s+(?P<year>\d{4}))?$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Dateline:
    place: str = ""
    country: str = ""  # ISO 3166-1 alpha-2, upper case
    date: date | None = None
    source: str = ""

    def __bool__(self) -> bool:
        return bool(self.place or self.source)

    def text(self, *, year: int | None = None) -> str:
        """ "Nairobi, Kenya, Jan. 5 (Newsroom)": every part, the place as written.

        ``year`` is the story's: a date in that year is printed without it.
        """
        return self._join(self.place, year=year)

    def house(self, *, year: int | None = None) -> str:
        """The house way: the city in capitals ("NAIROBI, Kenya, Jan. 5 (Newsroom)")."""
        city, comma, region = self.place.partition(",")
        return self._join(f"{city.strip().upper()}{comma}{region}", year=year)

    def _join(self, place: str, *, year: int | None) -> str:
        parts = [place] if place else []
        # A place with a region ("Columbia, S.C.") needs no country; nor does an unknown code.
        if self.country in COUNTRY_NAMES and "," not in self.place:
            parts.append(COUNTRY_NAMES[self.country])
        if self.date:
            when = f"{AP_MONTHS[self.date.month - 1]} {self.date.day}"
            if self.date.year != year:
                when += f", {self.date.year}"
            parts.append(when)
        text = ", ".join(parts)
        if self.source:
            text = f"{text} ({self.source})" if text else f"({self.source})"
        return text


def validate_country_code(value: str) -> None:
    if value and value not in COUNTRY_NAMES:
        raise ValidationError(
            f"{value!r} is not an ISO 3166 country code: two capital letters, e.g. KE for "
            "Kenya, US for the United States, GB for the United Kingdom.",
            code="invalid_country",
        )


def parse_dateline(text: str, *, year: int | None = None) -> Dateline:
    """The parts of a dateline as wire services write it; ``year`` completes a date without
    one (the story's year). What it cannot place stays in the place name: nothing is lost."""
    text = _TRAILING_DASH.sub("", " ".join((text or "").split()))
    source, when = "", None
    if match := _PARENTHESES.search(text):
        text = text[: match.start()]
        inside = [part.strip() for part in match.group(1).split(",") if part.strip()]
        if len(inside) > 1 and (found := _date(", ".join(inside[1:]), year=year)):
            when, inside = found, inside[:1]
        elif found := _date(", ".join(inside), year=year):
            # A date alone in parentheses: "WASHINGTON (Oct. 2, 2024) --".
            when, inside = found, []
        source = ", ".join(inside)
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return Dateline(source=source, date=when)
    place, country = [_undo_capitals(parts[0])], ""
    rest = parts[1:]
    index = 0
    while index < len(rest):
        part = rest[index]
        following = rest[index + 1] if index + 1 < len(rest) else ""
        if when is None and _YEAR.match(following) and (found := _date(f"{part} {following}")):
            when, index = found, index + 2
            continue
        if when is None and (found := _date(part, year=year)):
            when = found
        elif not country and (code := country_code(part)):
            country = code
        elif not country and is_us_state(part):
            place.append(part)
            country = "US"
        else:
            place.append(part)
        index += 1
    return Dateline(place=", ".join(place), country=country, date=when, source=source)


def _date(text: str, *, year: int | None = None) -> date | None:
    """ "Oct. 2, 2009", "Jan. 5", "5 January": a date, or None (also without a year)."""
    match = _MONTH_DAY.match(text.strip()) or _DAY_MONTH.match(text.strip())
    if not match:
        return None
    month = MONTHS.get(match.group("month").lower())
    found_year = int(match.group("year")) if match.group("year") else year
    if month is None or found_year is None:
        return None
    try:
        return date(found_year, month, int(match.group("day")))
    except ValueError:  # Feb. 30
        return None


def _undo_capitals(place: str) -> str:
    """ "RIO DE JANEIRO" -> "Rio de Janeiro"; a place not all in capitals stays as written."""
    if place.upper() != place or not any(c.isalpha() for c in place):
        return place

    def word(text: str, first: bool) -> str:
        lower = text.lower()
        return lower if (lower in _SMALL_WORDS and not first) else lower[:1].upper() + lower[1:]

    out = []
    for n, token in enumerate(re.split(r"(\s+|/|-)", place)):
        out.append(token if token in ("/", "-") or token.isspace() else word(token, n == 0))
    return "".join(out)
