"""The write path: one function stores one story or two hundred; a single story is a batch
of one, so a story is stored the same way whichever way it came.

A batch is written in one transaction, in two steps:

1. Each story is checked on its own, without writing anything: kept (an editor changed it
   since its last import; ``--overwrite`` replaces it), unchanged, or refused (a field is
   invalid, or it would be published but fails the checks before publishing). Those get
   their result here; nothing they did needs undoing.
2. The others are written, in order. People and tags they name that are not in the
   directory yet are created; a story imported before is updated (its bylines and tags
   replaced, its mentions reconciled with what editors decided); new stories are inserted
   together, one INSERT per table (article, history, bylines, tags, mentions, quotes) and
   one for name suggestions, with what their readers found (``reading.py``).

Each story stays all-or-nothing: if the transaction fails, it is rolled back and every story
of the batch is written again as a batch of its own, so a bad one fails alone with its
reason and the good ones land. With ``dry_run`` everything is done, then rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import DatabaseError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from articles.importing.context import ImportContext, ImportOptions
from articles.importing.drafts import StoryDraft
from articles.importing.outcomes import ItemResult, Outcome, refusal
from articles.importing.pictures import find_pictures, place_pictures, store_pictures
from articles.importing.reading import Reading, Story, read_story
from articles.importing.stories import (
    apply_draft,
    refuse_unpublishable,
    unique_article_slug,
    unique_article_slugs,
)
from articles.models import Article, Byline, TaggedArticle
from articles.services import article_changed, search_terms, set_bylines, set_tags
from newsroom.content_version import changed
from newsroom.db import insert_plain
from people.models import Mention, Person
from people.services import found_quote, record_suggestions
from tags.models import Tag

KEPT_MESSAGE = "edited in Newsroom since the last import; use --overwrite to replace"
# An imported story whose fields, bylines, tags and confirmed people all match is unchanged.
_COMPARED_FIELDS = (
    *Article.VERSIONED_FIELDS,  # what an editor's History compares, and what only imports set:
    "headline_needs_review",
    "first_published_at",
    "embargo_until",
    "expires_at",
    "source_notes",
)
# (name, slug, role) of a byline, (name, slug, status) of a mention the source names.
Credit = tuple[str, str, str]


@dataclass
class _Planned:
    """A story checked and ready to write (step 2), with the rows it will need."""

    story: Story
    reading: Reading
    article: Article
    creating: bool
    checks: tuple[int | None, int | None] = (None, None)  # for refuse_unpublishable
    pictures_pending: bool = False  # pictures to store in step 2
    notes: list[str] | None = None  # what was left out (pictures), for the result
    bylines: list[tuple[Person, str]] | None = None
    tags: list[Tag] | None = None
    people: list[tuple[Person, str]] | None = None  # with the mention's status


def write_stories(
    stories: list[Story], *, options: ImportOptions, context: ImportContext
) -> list[ItemResult]:
    """Write ``stories`` (each source key once) in one transaction: one result per story,
    in order. If the transaction fails, each story is written again on its own."""
    try:
        with context.transaction(dry_run=options.dry_run):
            return _write(stories, options=options, context=context)
    except Exception as error:  # rolled back
        if len(stories) == 1:
            return [refusal(error, where=stories[0].where)]
    return [write_stories([story], options=options, context=context)[0] for story in stories]


def _write(
    stories: list[Story], *, options: ImportOptions, context: ImportContext
) -> list[ItemResult]:
    keys = [story.draft.source_key for story in stories]
    imported = {
        article.source_key: article for article in Article.objects.filter(source_key__in=keys)
    }
    results: list[ItemResult | None] = []
    planned: list[tuple[int, _Planned]] = []
    for story in stories:
        try:
            plan = _check(story, imported.get(story.draft.source_key), options, context)
        except DatabaseError:
            raise  # the transaction may be broken: the batch is written again story by story
        except Exception as error:  # nothing written yet: this story fails alone
            results.append(refusal(error, where=story.where))
            continue
        if isinstance(plan, ItemResult):
            results.append(replace(plan, where=story.where))
        else:
            planned.append((len(results), plan))
            results.append(None)

    for _index, plan in planned:
        _resolve(plan, options=options, context=context)
        if not plan.creating:
            _update(plan, context=context)
    _insert_new([plan for _index, plan in planned if plan.creating])
    for index, plan in planned:
        facts = plan.story.draft.facts
        if facts is not None and facts.created_at is not None:  # auto_now_add: an UPDATE
            Article.objects.filter(pk=plan.article.pk).update(created_at=facts.created_at)
        outcome = Outcome.CREATED if plan.creating else Outcome.UPDATED
        message = "; ".join(plan.notes or [])
        results[index] = ItemResult(
            outcome, where=plan.story.where, message=message, slug=plan.article.slug
        )
    return results


# --- Step 1: check each story, writing nothing ---------------------------------------------


def _credits(draft: StoryDraft, options: ImportOptions) -> list[Credit] | None:
    """The bylines the story gets: (name, slug, role), each once, in order."""
    if draft.facts is not None and not options.author:
        return list(dict.fromkeys(draft.facts.bylines))
    authors = [options.author] if options.author else draft.bylines
    if authors is None and draft.contributors is None:
        return None
    return list(
        dict.fromkeys(
            [(name, "", Byline.Role.BY) for name in authors or []]
            + [(name, "", Byline.Role.ADDITIONAL_REPORTING) for name in draft.contributors or []]
        )
    )


def _named_people(draft: StoryDraft) -> list[Credit] | None:
    """The people the source says the story mentions: (name, slug, status)."""
    if draft.facts is not None:
        return draft.facts.mentions
    if draft.people is None:
        return None
    return [(name, slug, Mention.Status.CONFIRMED) for name, slug in draft.people]


def _check(
    story: Story, article: Article | None, options: ImportOptions, context: ImportContext
) -> _Planned | ItemResult:
    """The story's article with its new fields, validated; or the result that says it is
    kept, unchanged or refused (by raising)."""
    draft = story.draft
    creating = article is None
    if not creating and article.version != article.imported_version and not options.overwrite:
        return ItemResult(Outcome.KEPT, message=KEPT_MESSAGE, slug=article.slug)
    reading = story.reading or read_story(draft, options=options, linker=context.linker)
    if creating:
        article = Article(source_key=draft.source_key, status=Article.Status.DRAFT)
        before = None
    else:
        before = tuple(getattr(article, name) for name in _COMPARED_FIELDS)
    apply_draft(article, draft=draft, body=reading.body, options=options, context=context)
    pending = False
    if draft.pictures:  # rare: a query per picture, to find those in the library already
        found = find_pictures(draft.pictures)
        place_pictures(article, body=reading.body.html, lead=draft.lead_picture, photos=found)
        pending = any(not p.problem and found.get(p.name) is None for p in draft.pictures)

    credits = _credits(draft, options)
    if (
        before is not None
        and not pending
        and before == tuple(getattr(article, name) for name in _COMPARED_FIELDS)
        and _same_relations(article, draft=draft, credits=credits, context=context)
    ):
        return ItemResult(Outcome.UNCHANGED, slug=article.slug)
    tag_count = None
    if draft.tags is not None:
        # Distinct tags: those found, and (by name) those the story will create.
        tag_count = len({context.known_tag(name) or name.casefold() for name, _ in draft.tags})
    by_bylines = None if credits is None else sum(c[2] == Byline.Role.BY for c in credits)
    refuse_unpublishable(article, by_bylines=by_bylines, tag_count=tag_count)
    # The slug of a new story is chosen with its batch's. Slug and source key were looked up
    # and clean() checks what the constraint checks; the database's unique indexes and check
    # constraint still refuse anything that slips through a race.
    article.full_clean(
        exclude=["slug"] if creating else None, validate_unique=False, validate_constraints=False
    )
    return _Planned(
        story=story,
        reading=reading,
        article=article,
        creating=creating,
        checks=(by_bylines, tag_count),
        pictures_pending=pending or any(p.problem for p in draft.pictures or []),
    )


def _same_relations(
    article: Article, *, draft: StoryDraft, credits: list[Credit] | None, context: ImportContext
) -> bool:
    """Whether an imported story already has these bylines, tags and people's mentions."""
    if credits is not None:
        people = [_known(name, slug, context) for name, slug, _role in credits]
        if None in people:
            return False
        roles = [role for _name, _slug, role in credits]
        wanted = dict.fromkeys((p.pk, role) for p, role in zip(people, roles, strict=True))
        stored = article.bylines.order_by("order", "id").values_list("person_id", "role")
        if list(wanted) != list(stored):
            return False
    if draft.tags is not None:
        tags = [context.known_tag(name) for name, _kind in draft.tags]
        if None in tags or {tag.pk for tag in tags} != set(
            article.taggings.values_list("tag_id", flat=True)
        ):
            return False
    if named := _named_people(draft):
        people = [_known(name, slug, context) for name, slug, _status in named]
        if None in people:
            return False
        stored = dict(
            Mention.objects.filter(article=article, person__in=people).values_list(
                "person_id", "status"
            )
        )
        return all(
            person.pk in stored and _merged(stored[person.pk], status) == stored[person.pk]
            for person, (_name, _slug, status) in zip(people, named, strict=True)
        )
    return True


def _known(name: str, slug: str, context: ImportContext) -> Person | None:
    return context.person_for(name, slug, create=False) if slug else context.known_person(name)


def _merged(stored: str, source: str) -> str:
    """A mention's status once the source has said ``source``: a rejection (the source's or
    an editor's here) stays rejected, then a confirmation wins over "found automatically"."""
    for status in (Mention.Status.REJECTED, Mention.Status.CONFIRMED):
        if status in (stored, source):
            return status
    return Mention.Status.AUTO


# --- Step 2: write ------------------------------------------------------------------------


def _resolve(plan: _Planned, *, options: ImportOptions, context: ImportContext) -> None:
    """The people, tags, section and pictures the story names: found, or created in this
    transaction."""
    draft = plan.story.draft
    credits = _credits(draft, options)
    if credits is not None:
        plan.bylines = list(
            dict.fromkeys((_person(name, slug, context), role) for name, slug, role in credits)
        )
    if draft.facts is not None:
        plan.tags = [context.tag_named(n, kind, slug=slug) for n, slug, kind in draft.facts.tags]
        if draft.facts.section and options.section is None and plan.article.section is None:
            plan.article.section = context.section_for(*draft.facts.section)
    elif draft.tags is not None:
        plan.tags = list(dict.fromkeys(context.tag_named(name, kind) for name, kind in draft.tags))
    if (named := _named_people(draft)) is not None:
        people = {}
        for name, slug, status in named:
            people.setdefault(_person(name, slug, context), status)
        plan.people = list(people.items())
    if plan.pictures_pending:
        photos, plan.notes = store_pictures(
            draft.pictures, find_pictures(draft.pictures), dry_run=options.dry_run
        )
        body = plan.reading.body.html
        place_pictures(plan.article, body=body, lead=draft.lead_picture, photos=photos)
        # The lead photo was not known when the story was checked: check it again.
        refuse_unpublishable(plan.article, by_bylines=plan.checks[0], tag_count=plan.checks[1])


def _person(name: str, slug: str, context: ImportContext) -> Person:
    return context.person_for(name, slug) if slug else context.person_named(name)


def _update(plan: _Planned, *, context: ImportContext) -> None:
    """A story imported before: a new version, its relations replaced or reconciled."""
    article = plan.article
    article.bump_version()
    article.imported_version = article.version
    article.save()
    if plan.bylines is not None:
        set_bylines(article=article, bylines=plan.bylines)
    if plan.tags is not None:
        set_tags(article=article, tags=plan.tags)
    if plan.people:
        people = [person for person, _status in plan.people]
        mentions = Mention.objects.filter(article=article, person__in=people)
        stored = {m.person_id: m for m in mentions}
        was = {pk: m.status for pk, m in stored.items()}
        Mention.objects.bulk_create(_source_mentions(article, plan.people, mentions=stored))
        for pk, status in was.items():
            if stored[pk].status != status:
                stored[pk].save(update_fields=["status", "updated_at"])
    # Counts, quotes and suggestions from the text; search terms; public caches.
    article_changed(article, linker=context.linker)


def _insert_new(plans: list[_Planned]) -> None:
    """New stories, with everything that goes with them, in one INSERT per table."""
    if not plans:
        return
    slugs = _slugs(plans)
    mentions = {}
    for plan, slug in zip(plans, slugs, strict=True):
        plan.article.slug = slug
        plan.article.version = plan.article.imported_version = 1
        mentions[id(plan)] = _new_mentions(plan)
    names = _person_names(plans, mentions)
    for plan in plans:
        plan.article.search_terms = search_terms(
            [
                *(names[mention.person_id] for mention in mentions[id(plan)]),
                *(person.name for person, _role in plan.bylines or []),
                *(tag.name for tag in plan.tags or []),
            ],
            section=plan.article.section,
        )
    _insert(plans, mentions)
    changed(*(plan.article for plan in plans))


def _insert(plans: list[_Planned], mentions: dict[int, list[Mention]]) -> None:
    # Related rows point at their article objects, whose ids the INSERT fills in.
    now = timezone.now()
    bulk_create_with_history([plan.article for plan in plans], Article, default_date=now)
    insert_plain(
        [
            Byline(article=plan.article, person=person, role=role, order=index)
            for plan in plans
            for index, (person, role) in enumerate(plan.bylines or [])
        ],
        now=now,
    )
    insert_plain(
        [
            TaggedArticle(content_object=plan.article, tag=tag)
            for plan in plans
            for tag in plan.tags or []
        ],
        now=now,
    )
    insert_plain([mention for plan in plans for mention in mentions[id(plan)]], now=now)
    insert_plain(
        [found_quote(plan.article, quote) for plan in plans for quote in plan.reading.links.quotes],
        now=now,
    )
    record_suggestions((plan.article, plan.reading.links.suggestions) for plan in plans)


def _new_mentions(plan: _Planned) -> list[Mention]:
    """What the linker found in a new story, and the people its source names (confirmed)."""
    article = plan.article
    found = {
        person_id: Mention(article=article, person_id=person_id, count=count, first_position=first)
        for person_id, (count, first) in plan.reading.links.found.items()
    }
    return [*found.values(), *_source_mentions(article, plan.people or [], mentions=found)]


def _source_mentions(
    article: Article, people: list[tuple[Person, str]], *, mentions: dict[int, Mention]
) -> list[Mention]:
    """The source says the story mentions ``people`` with these statuses (confirmed, or
    what Newsroom's own export says): their ``mentions`` (by person id) take the status
    (``_merged``: an editor's rejection stays); returns new rows for the people not mentioned
    yet, counted by name in the story's text (the linker does not know them)."""
    text = "\n".join((article.headline, article.dek, article.body_text))
    new = []
    for person, status in people:
        mention = mentions.get(person.pk)
        if mention is None:
            position = text.find(person.name)
            new.append(
                Mention(
                    article=article,
                    person=person,
                    status=status,
                    count=text.count(person.name),
                    first_position=max(position, 0),
                )
            )
        else:
            mention.status = _merged(mention.status, status)
    return new


def _slugs(plans: list[_Planned]) -> list[str]:
    """Slugs for new stories: the one Newsroom's own export names when it is free (those
    first, so a story made up here cannot take it), else one made from the headline."""
    wanted = [plan.story.draft.facts.slug if plan.story.draft.facts else "" for plan in plans]
    if not any(wanted):
        return unique_article_slugs([plan.article.headline for plan in plans])
    taken = set(Article.objects.filter(slug__in=set(wanted)).values_list("slug", flat=True))
    chosen: dict[str, None] = {}
    for slug in wanted:
        if slug and slug not in taken:
            chosen.setdefault(slug)
    slugs = []
    for plan, slug in zip(plans, wanted, strict=True):
        if not slug or slug in taken or slug in slugs:
            slug = unique_article_slug(plan.article.headline, also_taken=chosen)
            chosen[slug] = None
        slugs.append(slug)
    return slugs


def _person_names(plans: list[_Planned], mentions: dict[int, list[Mention]]) -> dict[int, str]:
    """Names of the people mentioned, for search terms: one query for the batch."""
    names = {
        person.pk: person.name
        for plan in plans
        for person, _role in [*(plan.bylines or []), *(plan.people or [])]
    }
    missing = {m.person_id for rows in mentions.values() for m in rows} - names.keys()
    if missing:
        names.update(Person.objects.filter(pk__in=missing).values_list("id", "name"))
    return names
