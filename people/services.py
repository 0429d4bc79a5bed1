"""People workflows: link the people a story mentions, find its quotes, import a directory.

The linker itself (``people/linking.py``) is pure Python; this module feeds it the directory
and stores what it finds. ``link_article`` takes any object with ``headline``, ``dek`` and
``body`` and a ``mentions``/``quotes`` reverse relation, so people never imports articles.
"""

import json
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max

from newsroom import audit
from newsroom.images import clean_upload, make_portrait_renditions, validate_image_file
from newsroom.text import clean_name, clean_text
from people.linking import DirectoryEntry, MentionLinker
from people.models import (
    Mention,
    NameSuggestion,
    Person,
    PersonAlias,
    PersonRole,
    Quote,
    unique_person_slug,
)
from people.quotes import extract_quotes, suggest_names

_linker_lock = threading.Lock()
_linker_cache: dict[tuple, MentionLinker] = {}


def directory_version() -> tuple:
    """Changes whenever a person or alias is added, edited or removed (two cheap queries)."""
    people = Person.objects.aggregate(n=Count("id"), changed=Max("updated_at"), top=Max("id"))
    aliases = PersonAlias.objects.aggregate(n=Count("id"), top=Max("id"))
    return (people["n"], people["changed"], people["top"], aliases["n"], aliases["top"])


def directory_entries() -> list[DirectoryEntry]:
    """Every person with their honorific and aliases, as the linker reads them."""
    aliases: dict[int, list[str]] = {}
    for person_id, text in PersonAlias.objects.values_list("person_id", "text"):
        aliases.setdefault(person_id, []).append(text)
    return [
        DirectoryEntry(
            person_id=pk, name=name, honorific=honorific, aliases=tuple(aliases.get(pk, ()))
        )
        for pk, name, honorific in Person.objects.values_list("id", "name", "honorific")
    ]


def get_linker() -> MentionLinker:
    """The linker for the current directory, built once per directory version per process."""
    version = directory_version()
    linker = _linker_cache.get(version)
    if linker is None:
        with _linker_lock:
            linker = _linker_cache.get(version)
            if linker is None:
                entries = directory_entries()
                linker = MentionLinker(entries)
                # Names for reports, without a query per linked article.
                linker.names = {entry.person_id: entry.name for entry in entries}
                _linker_cache.clear()
                _linker_cache[version] = linker
    return linker


def article_paragraphs(article) -> list[str]:
    """The text the linker reads: headline, standfirst, then each block of the body."""
    from articles.text_format import html_paragraphs

    return [p for p in [article.headline, article.dek, *html_paragraphs(article.body)] if p]


@dataclass
class LinkResult:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_rejected: list[str] = field(default_factory=list)
    quotes: int = 0
    suggestions: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)

    def describe(self) -> str:
        parts = []
        if self.added:
            parts.append("+ " + ", ".join(self.added))
        if self.removed:
            parts.append("- " + ", ".join(self.removed))
        if self.kept_rejected:
            parts.append("still rejected: " + ", ".join(self.kept_rejected))
        parts.append(f"{self.quotes} quotes")
        return "; ".join(parts)


@dataclass
class Links:
    """What the text of one story says about people, before anything is stored."""

    found: dict[int, tuple[int, int]]  # person id -> (count, first position)
    quotes: list
    suggestions: list


def read_links(article, linker: MentionLinker | None = None) -> Links:
    """The people ``article`` mentions, its quotes and names worth adding (no queries)."""
    linker = linker or get_linker()
    paragraphs = article_paragraphs(article)
    # The linker remembers its last text, so quotes and suggestions reuse this one pass.
    found = linker.mentions("\n".join(paragraphs))
    return Links(
        found=found,
        quotes=extract_quotes(paragraphs, linker),
        suggestions=suggest_names(paragraphs, linker),
    )


def found_quote(article, quote) -> Quote:
    """The row for a quote the extractor found."""
    return Quote(
        article=article,
        speaker_id=quote.speaker_person_id,
        speaker_text=quote.speaker_text[:300],
        text=quote.text,
        position=quote.position,
    )


def link_article(
    article, *, linker: MentionLinker | None = None, dry_run: bool = False, created: bool = False
):
    """Store the people ``article`` mentions, its quotes and names worth adding.

    Editors' decisions survive: a rejected mention stays rejected and a confirmed one stays,
    even if the text no longer names the person. Quotes found automatically are replaced;
    quotes an editor added are kept. With ``dry_run`` nothing is written. ``created`` says
    the article was just created, so there is nothing earlier to reconcile (an importer's
    shortcut that saves two queries).
    """
    linker = linker or get_linker()
    links = read_links(article, linker)
    found = links.found
    names = getattr(linker, "names", None)
    if names is None:
        names = dict(Person.objects.filter(pk__in=found).values_list("id", "name"))

    result = LinkResult(quotes=len(links.quotes))
    existing = {} if created else {m.person_id: m for m in Mention.objects.filter(article=article)}
    to_create, to_update, to_delete = [], [], []
    for person_id, (count, first_position) in found.items():
        mention = existing.get(person_id)
        if mention is None:
            to_create.append(
                Mention(
                    article=article,
                    person_id=person_id,
                    count=count,
                    first_position=first_position,
                )
            )
            result.added.append(names.get(person_id, str(person_id)))
            continue
        if mention.status == Mention.Status.REJECTED:
            result.kept_rejected.append(names.get(person_id, str(person_id)))
        if (mention.count, mention.first_position) != (count, first_position):
            mention.count, mention.first_position = count, first_position
            to_update.append(mention)
    for person_id, mention in existing.items():
        if person_id not in found and mention.status == Mention.Status.AUTO:
            to_delete.append(mention.pk)
            result.removed.append(str(mention.person))

    result.suggestions = [s.name for s in links.suggestions]
    if dry_run:
        return result
    with transaction.atomic():
        Mention.objects.bulk_create(to_create)
        Mention.objects.bulk_update(to_update, ["count", "first_position"])
        if to_delete:
            Mention.objects.filter(pk__in=to_delete).delete()
        if not created:
            Quote.objects.filter(article=article, source=Quote.Source.AUTO).delete()
        Quote.objects.bulk_create(found_quote(article, quote) for quote in links.quotes)
        record_suggestions([(article, links.suggestions)])
    return result


def suggestion_key(name: str) -> str:
    """One key per name however it is typed: NFC, case-folded, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())[:200]


def record_suggestions(found: Iterable[tuple[object, Iterable]]) -> None:
    """Add new names to the suggestion list from ``(article, suggestions)`` pairs; names
    already listed count one more occurrence per article; dismissed ones are not brought back.
    """
    first: dict[str, tuple[object, object]] = {}  # key -> (first article, its suggestion)
    seen_in: dict[str, set] = {}  # key -> articles naming it
    for article, suggestions in found:
        for suggestion in suggestions:
            key = suggestion_key(suggestion.name)
            first.setdefault(key, (article, suggestion))
            seen_in.setdefault(key, set()).add(article.pk)
    if not first:
        return
    known = dict(NameSuggestion.objects.filter(key__in=first).values_list("key", "article_id"))
    NameSuggestion.objects.bulk_create(
        NameSuggestion(
            key=key,
            name=suggestion.name[:200],
            honorific=suggestion.honorific[:100],
            article=article,
            occurrences=len(seen_in[key]),
        )
        for key, (article, suggestion) in first.items()
        if key not in known
    )
    # An article re-linked is not a new occurrence of the names it already suggested.
    by_increment: dict[int, list[str]] = {}
    for key, article_id in known.items():
        increment = len(seen_in[key] - {article_id})
        if increment:
            by_increment.setdefault(increment, []).append(key)
    for increment, keys in by_increment.items():
        NameSuggestion.objects.filter(key__in=keys, status=NameSuggestion.Status.OPEN).update(
            occurrences=F("occurrences") + increment
        )


def create_person_from_suggestion(suggestion: NameSuggestion) -> Person:
    """One click in the admin: the person, with the suggested name and honorific."""
    with transaction.atomic():
        person = Person(
            name=suggestion.name,
            honorific=suggestion.honorific,
            slug=unique_person_slug(suggestion.name),
        )
        person.full_clean()
        person.save()
        suggestion.status = NameSuggestion.Status.CREATED
        suggestion.person = person
        suggestion.save(update_fields=["status", "person"])
    return person


PERSON_FIELDS = ("name", "honorific", "bio", "sort_name")
# A role given as flat columns: one role, as in a CSV file with a column per field.
FLAT_ROLE_FIELDS = {
    "role": "title",
    "organisation": "organisation",
    "role_start": "start",
    "role_end": "end",
}


@dataclass(frozen=True)
class RoleSpec:
    """One role as a file gives it, checked but not stored."""

    title: str
    organisation: str = ""
    start: date | None = None
    end: date | None = None

    def as_record(self) -> dict:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


def _role_date(value, *, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(f"{name}: {value!r} is not a date (write it as YYYY-MM-DD)")


def _role_spec(raw, *, where: str) -> RoleSpec:
    if not isinstance(raw, dict):
        raise ValidationError(
            f"{where}: a role must be an object with title, organisation, start and end"
        )
    unknown = set(raw) - {"title", "organisation", "start", "end"}
    if unknown:
        raise ValidationError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("title", "organisation"):
        if not isinstance(raw.get(key) or "", str):
            raise ValidationError(f"{where}: {key} must be text")
    spec = RoleSpec(
        title=clean_name((raw.get("title") or "").strip()),
        organisation=clean_name((raw.get("organisation") or "").strip()),
        start=_role_date(raw.get("start"), name=f"{where} start"),
        end=_role_date(raw.get("end"), name=f"{where} end"),
    )
    if not spec.title:
        raise ValidationError(f"{where}: the title is empty")
    if spec.start and spec.end and spec.end < spec.start:
        raise ValidationError(f"{where}: ends ({spec.end}) before it starts ({spec.start})")
    return spec


def roles_from_row(row: dict) -> list[RoleSpec] | None:
    """The roles one import row gives, or None when it gives none (existing roles stay).

    A row gives roles as a ``roles`` list (in CSV, a cell of JSON), as flat ``role``,
    ``organisation``, ``role_start`` and ``role_end`` values (one role), or both (the flat
    role is added to the list). Raises ValidationError naming the bad value.
    """
    raw = row.get("roles")
    if isinstance(raw, str):
        if raw.strip():
            try:
                raw = json.loads(raw)
            except json.JSONDecodeError as error:
                raise ValidationError(f"roles: not valid JSON ({error.msg})") from None
        else:
            raw = None
    if raw is not None and not isinstance(raw, list):
        raise ValidationError("roles must be a list of roles")
    specs = [_role_spec(item, where=f"role {n}") for n, item in enumerate(raw or [], start=1)]
    flat = {key: row.get(column) for column, key in FLAT_ROLE_FIELDS.items() if row.get(column)}
    if flat:
        if "title" not in flat:
            if set(flat) != {"organisation"}:
                raise ValidationError("role_start and role_end need a role")
            flat["title"] = flat.pop("organisation")  # an organisation alone: who they work for
        spec = _role_spec(flat, where="role")
        if spec not in specs:
            specs.append(spec)
    if raw is None and not flat:
        return None
    return specs


def set_roles(person: Person, roles: Iterable[RoleSpec]) -> bool:
    """Make ``person``'s roles exactly ``roles``; False when they already were."""
    wanted = sorted(set(roles), key=_role_order)
    current = [
        RoleSpec(title=r.title, organisation=r.organisation, start=r.start, end=r.end)
        for r in person.roles.all()
    ]
    if sorted(current, key=_role_order) == wanted:
        return False
    person.roles.all().delete()
    for spec in wanted:
        role = PersonRole(person=person, **spec.__dict__)
        role.full_clean()
        role.save()
    return True


def _role_order(spec: RoleSpec) -> tuple:
    return (spec.start or date.min, spec.end or date.max, spec.title, spec.organisation)


def role_records(person: Person) -> list[dict]:
    """``person``'s roles as export records (``restore_person`` reads them back)."""
    return [
        RoleSpec(title=r.title, organisation=r.organisation, start=r.start, end=r.end).as_record()
        for r in person.roles.all()
    ]


def restore_person(entry: dict, *, slug: str) -> Person:
    """Create a person from a full-format export record: details, then roles.

    Older exports carry one ``role`` and ``organisation``; newer ones a ``roles`` list.
    """
    values = {}
    for name in ("name", "sort_name", "honorific", "bio"):
        value = entry.get(name)
        if value is not None and not isinstance(value, str):
            raise ValidationError(f"person {name}: expected text")
        values[name] = value or ""
    person = Person(slug=slug, **values)
    roles = roles_from_row(entry) or []
    person.full_clean()
    person.save()
    set_roles(person, roles)
    return person


def upsert_person(
    *,
    name: str,
    slug: str = "",
    aliases: Iterable[str] = (),
    roles: Iterable[RoleSpec] | None = None,
    **fields: str,
) -> tuple[Person, str]:
    """Create or update a person matched by slug, else by name (case-insensitive).

    Returns the person and "created", "updated" or "unchanged". An alias someone else holds
    is kept on both (``PersonAlias.objects.shared()``). ``roles`` (None: leave them be)
    replaces the person's roles. Raises ValidationError with a message an operator can act on.
    """
    name = clean_name(name or "")
    if not name:
        raise ValidationError("name is empty")
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError(f"unknown field(s): {', '.join(sorted(unknown))}")
    person = None
    if slug:
        person = Person.objects.filter(slug=slug).first()
    if person is None:
        person = Person.objects.filter(name__iexact=name).first()
    outcome = "unchanged"
    if person is None:
        person = Person(name=name, slug=slug or unique_person_slug(name))
        outcome = "created"
    # Compared as they will be stored, so an unchanged row stays "unchanged".
    values = {"name": name} | {
        key: (clean_name if key in Person.name_fields else clean_text)((value or "").strip())
        for key, value in fields.items()
    }
    for key, value in values.items():
        if getattr(person, key) != value:
            setattr(person, key, value)
            outcome = "updated" if outcome == "unchanged" else outcome
    person.full_clean()
    if outcome != "unchanged":
        person.save()
    for text in dict.fromkeys(clean_name(a) for a in aliases if a):
        if not text or person.aliases.matching(text).exists():
            continue
        alias = PersonAlias(person=person, text=text)
        alias.full_clean()
        alias.save()
        outcome = "updated" if outcome == "unchanged" else outcome
    if roles is not None and set_roles(person, roles):
        outcome = "updated" if outcome == "unchanged" else outcome
    return person, outcome


def merge_people(*, keep: Person, others: Iterable[Person], actor=None) -> int:
    """Fold duplicate people into ``keep``: bylines, mentions, quotes, aliases and accounts
    move over, the duplicates' names become aliases, and their old pages redirect.

    Recorded as one AuditEvent; ``actor`` is the admin user (None: the command-line user).
    """
    from newsroom.models import PathRedirect

    others = [p for p in others if p.pk != keep.pk]
    with transaction.atomic():
        for other in others:
            old_urls = [other.get_absolute_url(), *other.extra_public_urls()]
            for byline in other.bylines.all():
                duplicate = keep.bylines.filter(article_id=byline.article_id, role=byline.role)
                if duplicate.exists():
                    byline.delete()
                else:
                    byline.person = keep
                    byline.save(update_fields=["person"])
            for mention in Mention.objects.filter(person=other):
                kept = Mention.objects.filter(person=keep, article_id=mention.article_id).first()
                if kept is None:
                    mention.person = keep
                    mention.save(update_fields=["person"])
                    continue
                kept.count += mention.count
                kept.first_position = min(kept.first_position, mention.first_position)
                if mention.status == Mention.Status.CONFIRMED:
                    kept.status = Mention.Status.CONFIRMED
                kept.save(update_fields=["count", "first_position", "status"])
                mention.delete()
            Quote.objects.filter(speaker=other).update(speaker=keep)
            NameSuggestion.objects.filter(person=other).update(person=keep)
            # An alias both held (a shared alias) stays once, on ``keep``.
            for alias in PersonAlias.objects.filter(person=other):
                if keep.aliases.matching(alias.text).exists():
                    alias.delete()
                else:
                    alias.person = keep
                    alias.save(update_fields=["person"])
            if keep.user_id is None and other.user_id is not None:
                keep.user_id, other.user_id = other.user_id, None
                other.save(update_fields=["user"])
            other_name = other.name
            other.delete()
            if (
                other_name.casefold() != keep.name.casefold()
                and not keep.aliases.matching(other_name).exists()
            ):
                PersonAlias.objects.create(person=keep, text=other_name)
            new_urls = [keep.get_absolute_url(), *keep.extra_public_urls()]
            for old_path, new_path in zip(old_urls, new_urls, strict=True):
                PathRedirect.record(old_path=old_path, new_path=new_path)
        keep.save()  # bumps updated_at: the linker's directory changed
        if others:
            audit.record(
                action="merge_people",
                actor=actor,
                target=keep,
                arguments=[keep.name, *(other.name for other in others)],
                counts={"people merged": len(others)},
            )
    return len(others)


def store_portrait(*, person: Person, upload) -> Person:
    """The one way a person's photo reaches storage: checked, re-encoded without metadata
    (EXIF GPS) under a generated name, and its square renditions made. The caller saves the
    person (the admin with its own save, the importer in its transaction)."""
    validate_image_file(upload)
    clean_file, data = clean_upload(upload)
    person.photo.save(clean_file.name, clean_file, save=False)
    person.photo_renditions = make_portrait_renditions(person.photo.name, data)
    return person
