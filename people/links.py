"""What a story's text says about people, and storing it: mentions, quotes, name suggestions.

The linker (``people.linking``) is pure Python; this module feeds it the directory and stores
what it finds. It reads plain paragraphs: turning a story into paragraphs is the story's
business (``articles.people_links``), so people never imports articles.
"""

import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Max

from people.linking import DirectoryEntry, MentionLinker, count_mentions
from people.models import Mention, NameSuggestion, Person, PersonAlias, Quote
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
    former: dict[int, list[str]] = {}  # names used until a year: linked like a full name
    rows = PersonAlias.objects.values_list("person_id", "text", "used_until")
    for person_id, text, used_until in rows:
        (aliases if used_until is None else former).setdefault(person_id, []).append(text)
    return [
        DirectoryEntry(
            person_id=pk,
            name=name,
            honorific=honorific,
            aliases=tuple(aliases.get(pk, ())),
            former_names=tuple(former.get(pk, ())),
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
                linker = MentionLinker(directory_entries())
                _linker_cache.clear()
                _linker_cache[version] = linker
    return linker


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


def links_in(paragraphs: Sequence[str], *, linker: MentionLinker | None = None) -> Links:
    """What ``paragraphs`` (a story's text, headline first) say about people: the people
    mentioned, the quotes and the names worth adding. One pass of the linker, no queries."""
    linker = linker or get_linker()
    paragraphs = [p for p in paragraphs if p]
    matches = linker.find("\n".join(paragraphs))
    return Links(
        found=count_mentions(matches),
        quotes=extract_quotes(paragraphs, linker, matches=matches),
        suggestions=suggest_names(paragraphs, linker, matches=matches),
    )


def found_quote(article, quote) -> Quote:
    """The row for a quote the extractor found."""
    return Quote(
        article=article,
        speaker_id=quote.speaker_person_id,
        speaker_text=quote.speaker_text[:300],
        text=quote.text,
        position=quote.position,
        confidence=quote.confidence,
    )


def link_paragraphs(
    article,
    paragraphs: Sequence[str],
    *,
    linker: MentionLinker | None = None,
    dry_run: bool = False,
    created: bool = False,
) -> LinkResult:
    """Store the people ``paragraphs`` (the text of ``article``) mention, its quotes and
    names worth adding. ``article`` is only the row they belong to: its text is not read.

    Editors' decisions survive: a rejected mention stays rejected and a confirmed one stays,
    even if the text no longer names the person. Quotes found automatically are replaced;
    quotes an editor added are kept. With ``dry_run`` nothing is written. ``created`` says
    the article was just created, so there is nothing earlier to reconcile (an importer's
    shortcut that saves two queries).
    """
    linker = linker or get_linker()
    links = links_in(paragraphs, linker=linker)
    found = links.found
    names = linker.names

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
        corrected: set[str] = set()
        if not created:
            Quote.objects.filter(article=article, source=Quote.Source.AUTO).delete()
            # A quote whose speaker an editor set stays as they left it.
            corrected = set(
                Quote.objects.filter(article=article, source=Quote.Source.CORRECTED).values_list(
                    "text", flat=True
                )
            )
        Quote.objects.bulk_create(
            found_quote(article, quote) for quote in links.quotes if quote.text not in corrected
        )
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
