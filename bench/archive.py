"""The bench's newsroom, derived from one seed: its directory of people, its tags and its stories.

``Archive(seed).story(index, published_at)`` is a ninjs item that depends only on the seed and
the index. Every random draw is made in a fixed order, so the same seed always writes the same
bytes: keep that order when changing anything here (bench/generate.py writes the files).
"""

from __future__ import annotations

import itertools
import random
from datetime import datetime

from bench.vocabulary import (
    DAYS,
    EVENT_NOUNS,
    EVENTS,
    EXTRA_TOPIC_NAMES,
    FIRST_NAMES,
    HEADLINE_FORMS,
    HONORIFICS,
    MONTHS,
    NICKNAMES,
    OPENERS,
    ORDINALS,
    ORGANISATIONS,
    PERSON_SENTENCES,
    PLACES,
    PLAIN_ROLES,
    QUOTES,
    SECTION_WEIGHTS,
    SECTIONS,
    SURNAMES,
    TOPICS,
    VERBS,
)

SEED = 8
PEOPLE = 1950
AUTHORS = 50
TAGS = 300
SUBHEADING = "What happens next"


def _unique(names):
    seen, out = set(), []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in out.split("-") if part)


class Archive:
    """The directory, tags and the story generator, all derived from one seed."""

    def __init__(self, seed: int = SEED) -> None:
        rng = random.Random(seed)
        pairs = [(f, s) for f in FIRST_NAMES for s in SURNAMES]
        rng.shuffle(pairs)
        names = _unique(f"{f} {s}" for f, s in pairs)[: PEOPLE + AUTHORS]
        self.people = [newsmaker(rng, index, name) for index, name in enumerate(names[:PEOPLE])]
        self.authors = [staff_writer(name) for name in names[PEOPLE:]]
        self.tags = tag_names()
        # Skewed popularity: weight 1 / rank^0.9, in a fixed shuffled order.
        self.person_weights = list(itertools.accumulate(1 / (r + 1) ** 0.9 for r in range(PEOPLE)))
        assert len(self.tags) == TAGS, len(self.tags)
        self.tag_order = list(range(len(self.tags)))
        rng.shuffle(self.tag_order)
        self.tag_weights = list(itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(TAGS)))
        self.section_weights = list(itertools.accumulate(SECTION_WEIGHTS))
        self.seed = seed

    # --- one story ------------------------------------------------------------------------

    def story(self, index: int, published_at: datetime) -> dict:
        rng = random.Random(self.seed * 1_000_003 + index)
        topic = rng.choice(list(TOPICS))
        city, country = rng.choice(PLACES)
        section_slug, _ = SECTIONS[
            rng.choices(range(len(SECTIONS)), cum_weights=self.section_weights)[0]
        ]
        people = self._people_of(rng)
        tag_indexes = self._tags_of(rng, index)
        authors = self._authors_of(rng)
        writer = StoryWriter(rng, words=TOPICS[topic], city=city, people=people)
        headline = writer.headline()
        headline = f"{headline} ({index % 97 + 1})" if index % 13 == 0 else headline
        body = writer.body()
        dek = writer.dek()
        item = ninjs(
            index=index,
            published_at=published_at,
            headline=headline,
            dek=dek,
            body=body,
            authors=authors,
            located=f"{city}, {country}",
            section_slug=section_slug,
        )
        for tag_index in tag_indexes:
            name, array = self.tags[tag_index]
            item.setdefault(array, []).append({"name": name})
        if rng.random() < 0.2:  # some agencies tag the people a story is about
            item["people"] = [{"name": people[0]["name"], "literal": people[0]["slug"]}]
        return item

    def _people_of(self, rng: random.Random) -> list[dict]:
        """3-8 directory people, the popular ones more often; the first is the story's lead."""
        people = []
        for position in rng.choices(range(PEOPLE), cum_weights=self.person_weights, k=12):
            if self.people[position] not in people:
                people.append(self.people[position])
        return people[: rng.randint(3, 8)]

    def _tags_of(self, rng: random.Random, index: int) -> list[int]:
        """2-5 tags (indexes into ``self.tags``), the popular ones more often."""
        tag_positions = rng.choices(range(TAGS), cum_weights=self.tag_weights, k=8)
        # The first stories carry every tag once, so all tags exist early in an import.
        tag_indexes = [index % TAGS] if index < TAGS else []
        tag_indexes += [self.tag_order[p] for p in tag_positions]
        return list(dict.fromkeys(tag_indexes))[: rng.randint(2, 5)]

    def _authors_of(self, rng: random.Random) -> list[dict]:
        """One staff writer, sometimes two."""
        authors = [rng.choice(self.authors)]
        if rng.random() < 0.15:
            second = rng.choice(self.authors)
            if second is not authors[0]:
                authors.append(second)
        return authors


# --- the directory and the tags -----------------------------------------------------------------


def newsmaker(rng: random.Random, index: int, name: str) -> dict:
    """A person of the directory; the first 400 hold an office and are addressed by title."""
    city, country = rng.choice(PLACES)
    org = rng.choice(ORGANISATIONS)
    person = {"name": name, "slug": _slug(name), "honorific": "", "aliases": []}
    if index < 400:  # office holders: addressed by title in the text
        honorific, role = HONORIFICS[index % len(HONORIFICS)]
        person["honorific"] = honorific
        person["role"] = role.format(country=country, city=city)
    else:
        person["role"] = rng.choice(PLAIN_ROLES).format(org=org, city=city, country=country)
    person["organisation"] = org
    if index < len(NICKNAMES):
        person["aliases"] = [NICKNAMES[index]]
    person["bio"] = f"{name} is {person['role'].lower()}, based in {city}."
    return person


def staff_writer(name: str) -> dict:
    return {
        "name": name,
        "slug": _slug(name),
        "role": "Staff reporter",
        "organisation": "Newsroom",
        "honorific": "",
        "aliases": [],
        "bio": f"{name} reports for Newsroom.",
    }


def tag_names() -> list[tuple[str, str]]:
    """(name, ninjs array) of the 300 tags: subjects, then places, then organisations."""
    topics = list(TOPICS)
    extra = [
        n for n in _unique(EXTRA_TOPIC_NAMES) if n.casefold() not in {t.casefold() for t in topics}
    ]
    places = _unique([country for _city, country in PLACES] + [city for city, _ in PLACES])
    topic_count = TAGS - len(places) - len(ORGANISATIONS)
    return (
        [(name, "subjects") for name in (topics + extra)[:topic_count]]
        + [(name, "places") for name in places]
        + [(name, "organisations") for name in ORGANISATIONS]
    )


# --- the text of one story ----------------------------------------------------------------------


class StoryWriter:
    """Writes one story's headline, body and dek from its topic words, city and people.

    Call ``headline()``, ``body()`` and ``dek()`` in that order: they share the story's random
    generator and the set of people already named in full.
    """

    def __init__(self, rng: random.Random, *, words: list[str], city: str, people: list[dict]):
        self.rng = rng
        self.words = words
        self.city = city
        self.people = people
        self.lead = people[0]
        self.named: set[str] = set()

    def ref(self, person: dict) -> str:
        """The first mention is the full name (with title); later ones vary."""
        rng = self.rng
        surname = person["name"].split()[-1]
        if person["name"] not in self.named:
            self.named.add(person["name"])
            title = person["honorific"]
            return f"{title} {person['name']}" if title and rng.random() < 0.6 else person["name"]
        roll = rng.random()
        if person["aliases"] and roll < 0.15:
            return person["aliases"][0]
        if person["honorific"] and roll < 0.5:
            return f"{person['honorific']} {surname}"
        return surname if roll < 0.85 else person["name"]

    def fill(self, template: str) -> str:
        rng = self.rng
        return template.format(
            thing=rng.choice(self.words),
            thing2=rng.choice(self.words),
            org=rng.choice(ORGANISATIONS),
            city=rng.choice(PLACES)[0] if rng.random() < 0.3 else self.city,
            day=rng.choice(DAYS),
            month=rng.choice(MONTHS),
            number=rng.randint(2, 900),
            ordinal=rng.choice(ORDINALS),
        )

    def headline(self) -> str:
        rng, words, lead = self.rng, self.words, self.lead
        return rng.choice(HEADLINE_FORMS).format(
            who=lead["name"].split()[-1] if lead["honorific"] else lead["name"],
            verb=rng.choice(VERBS),
            thing=words[0],
            thing2=rng.choice(words[1:]),
            thing_cap=words[0][:1].upper() + words[0][1:],
            place=self.city,
            event=rng.choice(EVENTS),
            event_noun=rng.choice(EVENT_NOUNS),
        )

    def body(self) -> str:
        """6-14 paragraphs of HTML, sometimes with a subheading in the middle."""
        rng = self.rng
        paragraphs = [self.paragraph(number) for number in range(rng.randint(6, 14))]
        if rng.random() < 0.3:
            paragraphs.insert(len(paragraphs) // 2, SUBHEADING)
        return "".join(f"<h2>{p}</h2>" if p == SUBHEADING else f"<p>{p}</p>" for p in paragraphs)

    def paragraph(self, number: int) -> str:
        rng = self.rng
        sentences = []
        if number == 0:
            sentences.append(
                f"{self.ref(self.lead)} on {rng.choice(DAYS)} {rng.choice(VERBS)} "
                f"{self.words[0]} in {self.city}, a decision that is likely to shape the debate "
                f"on {rng.choice(self.words)} for months to come."
            )
        for _ in range(rng.randint(4, 5)):
            sentences.append(self.sentence(first_paragraph=number == 0))
        return " ".join(sentences)

    def sentence(self, *, first_paragraph: bool) -> str:
        """About a person, a quote (never in the first paragraph), or a plain fact."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.35:
            person = rng.choice(self.people)
            surname = self.ref(person)
            template = rng.choice(PERSON_SENTENCES)
            return self.fill(
                template.replace("{ref}", surname).replace("{possessive}", f"{surname}’s")
            )
        if roll < 0.5 and not first_paragraph:
            person = rng.choice(self.people)
            quote = self.fill(rng.choice(QUOTES))
            speaker = self.ref(person)
            if rng.random() < 0.5:
                return f"“{quote},” said {speaker}."
            return f"“{quote},” {speaker} said."
        return self.fill(rng.choice(OPENERS))

    def dek(self) -> str:
        rng = self.rng
        return self.fill(
            f"{self.lead['name']} {rng.choice(VERBS)} {self.words[0]} as {self.city} "
            f"{rng.choice(EVENTS)}."
        )


def ninjs(
    *,
    index: int,
    published_at: datetime,
    headline: str,
    dek: str,
    body: str,
    authors: list[dict],
    located: str,
    section_slug: str,
) -> dict:
    """The ninjs 2.x item of one story (tags and people are added by the caller)."""
    stamp = published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "uri": f"urn:newsroom-bench:story:{index:07d}",
        "type": "text",
        "version": "1",
        "firstcreated": stamp,
        "versioncreated": stamp,
        "language": "en",
        "headlines": [{"role": "main", "value": headline}],
        "descriptions": [{"role": "summary", "value": dek}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
        "by": " and ".join(a["name"] for a in authors),
        "located": located,
        "subjects": [
            {"name": dict(SECTIONS)[section_slug], "literal": section_slug, "rel": "section"}
        ],
    }
