"""What one import run is told (``ImportOptions``) and what it shares between stories
(``ImportContext``: the linker, cached look-ups, and the transaction each unit of writing
runs in)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction

from articles.importing.decoding import DEFAULT_MAX_BYTES, DEFAULT_MAX_FILE_BYTES
from articles.importing.outcomes import Refused
from articles.models import Section
from articles.services import get_or_create_tags
from people.models import Person
from people.services import upsert_person
from tags.models import Tag

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


@dataclass
class ImportOptions:
    section: Section | None = None
    author: str = ""
    status: str | None = None  # None: draft for new stories, unchanged for existing ones
    publish_at: datetime | None = None
    headline: str = ""
    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES  # one story
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES  # one JSON file, however many stories
    overwrite: bool = False
    dry_run: bool = False


@dataclass
class ImportContext:
    """What one run shares between items: the linker, and lookups that would repeat per item.

    Entries found or created while an item is being written are provisional until its
    transaction commits: a rolled-back item must not leave a cached person that no longer
    exists in the database.
    """

    linker: Any = None
    _cache: dict[tuple[str, str], Any] = field(default_factory=dict)
    _provisional: dict[tuple[str, str], Any] = field(default_factory=dict)

    def lookup(self, kind: str, key: str) -> Any:
        return self._provisional.get((kind, key)) or self._cache.get((kind, key))

    def remember(self, kind: str, key: str, value: Any) -> Any:
        self._provisional[(kind, key)] = value
        return value

    def commit(self) -> None:
        self._cache.update(self._provisional)
        self._provisional.clear()

    def rollback(self) -> None:
        self._provisional.clear()

    @contextmanager
    def transaction(self, *, dry_run: bool = False) -> Iterator[None]:
        """One all-or-nothing unit of writing: rolled back on any error, and with ``dry_run``
        after the work is done and validated. What it looked up or created is cached for the
        next units only if it commits."""
        try:
            with transaction.atomic():
                yield
                if dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.rollback()
            raise
        if dry_run:
            self.rollback()
        else:
            self.commit()

    def known_person(self, name: str) -> Person | None:
        """The directory person with this name or alias, if there is one."""
        name = " ".join(name.split())
        key = name.casefold()
        person = self.lookup("person", key)
        if person is None:
            person = Person.objects.filter(name__iexact=name).order_by("pk").first()
            holders = self.alias_holders(name) if person is None else []
            person = holders[0] if len(holders) == 1 else person
            if person is not None:
                self.remember("person", key, person)
        return person

    def alias_holders(self, name: str) -> list[Person]:
        """Up to two people holding ``name`` as an alias (two: it is shared, so ambiguous)."""
        return list(Person.objects.filter(aliases__text__iexact=name).distinct().order_by("pk")[:2])

    def person_named(self, name: str, *, slug: str = "") -> Person:
        """The directory person with this name or alias; created (with ``slug``) when missing.
        An alias two people share names neither: the story is refused rather than credited to
        the wrong one."""
        person = self.known_person(name)
        if person is None and len(holders := self.alias_holders(name)) > 1:
            raise Refused(
                f"{name!r} is an alias shared by {holders[0].name} and {holders[1].name} "
                "(and maybe others): write the person's full name"
            )
        if person is None:
            name = " ".join(name.split())
            free = _SLUG.fullmatch(slug) and not Person.objects.filter(slug=slug).exists()
            person, _ = upsert_person(name=name, slug=slug if free else "")
            self.remember("person", name.casefold(), person)
        return person

    def person_by_slug(self, slug: str) -> Person | None:
        person = self.lookup("person-slug", slug)
        if person is None:
            person = Person.objects.filter(slug=slug).first()
            if person is not None:
                self.remember("person-slug", slug, person)
        return person

    def known_tag(self, name: str) -> Tag | None:
        """The tag with this name (any case), if there is one."""
        key = name.casefold()
        tag = self.lookup("tag", key)
        if tag is None:
            tag = Tag.objects.resolve(name)
            if tag is not None:
                self.remember("tag", key, tag)
        return tag

    def tag_named(self, name: str, kind: str, *, slug: str = "") -> Tag:
        """The tag with this name; created with ``kind`` (and ``slug`` when it is free)."""
        tag = self.known_tag(name)
        if tag is None:
            if slug and _SLUG.fullmatch(slug) and not Tag.objects.filter(slug=slug).exists():
                tag = Tag(name=" ".join(name.split())[:100], slug=slug, kind=kind)
                tag.full_clean()
                tag.save()
            else:
                tag = get_or_create_tags([name], kind=kind)[0]
            self.remember("tag", name.casefold(), tag)
        return tag

    def section_by_slug(self, slug: str) -> Section | None:
        section = self.lookup("section", slug)
        if section is None:
            section = Section.objects.filter(slug=slug).first()
            if section is not None:
                self.remember("section", slug, section)
        return section

    def section_for(self, slug: str, name: str) -> Section:
        """The section with this slug; created with ``name`` when missing."""
        section = self.section_by_slug(slug) or Section.objects.filter(name=name).first()
        if section is None:
            section = Section(slug=slug, name=name)
            section.full_clean()
            section.save()
            self.remember("section", slug, section)
        return section

    def person_for(self, name: str, slug: str, *, create: bool = True) -> Person | None:
        """A person named in the source's metadata: by slug, else by name; created if
        unknown (with ``create``; else None)."""
        person = self.person_by_slug(slug) if slug else None
        if person is None and not create:
            return self.known_person(name) if name else None
        if person is None:
            if not name:
                raise Refused(f"people: nobody in the directory has the slug {slug!r}, and no name")
            person = self.person_named(name, slug=slug)
        return person
