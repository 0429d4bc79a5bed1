"""Article versions: the story's History (versions and workflow steps, newest first),
compare two field by field, open one in the form to restore it.

Versions are django-simple-history records (``article.history``), one per save; a workflow
step's version names the step in its change reason (``Article.transition``).
"""

import difflib
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from articles.models import Article, Image, Section, workflow_event
from articles.text_format import html_blocks

# How a body block is named in a compare, beside its text (a paragraph needs no name).
BLOCK_NAMES = {"h2": "Subhead", "h3": "Small subhead", "blockquote": "Quote", "li": "List item"}


def field_label(field: str) -> str:
    """The editor's name for a field ("Standfirst", "Published at"), not its code name."""
    return capfirst(Article._meta.get_field(field.removesuffix("_id")).verbose_name)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    diff_html: SafeString  # the change marked up with <del>/<ins>, escaped


def _display(field: str, value) -> str:
    if value in (None, ""):
        return "(empty)"
    if field == "section_id":
        return str(Section.objects.filter(pk=value).first() or value)
    if field == "lead_image_id":
        return str(Image.objects.filter(pk=value).first() or value)
    if field == "body":
        return "\n".join(text for _tag, text in html_blocks(value))
    if field == "status":
        return Article.Status(value).label
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d %b %Y %H:%M")
    return str(value)


def word_diff(old: str, new: str) -> SafeString:
    """The change from ``old`` to ``new`` word by word, escaped, with <del> and <ins>."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    # Every piece of text above went through escape(); only our own tags are unescaped.
    return mark_safe(" ".join(parts))


def field_changes(old, new) -> list[FieldChange]:
    """What differs between two versions (historical records or articles), field by field
    (``Article.VERSIONED_FIELDS``)."""
    changes = []
    for field in Article.VERSIONED_FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if before == after:
            continue
        old_text, new_text = _display(field, before), _display(field, after)
        if field != "body" and old_text == new_text:
            continue  # e.g. a time the form saved again without its microseconds
        if field == "body":
            diff = body_diff(before or "", after or "")
        else:
            diff = word_diff(old_text, new_text)
        changes.append(FieldChange(field, field_label(field), old_text, new_text, diff))
    return changes


def body_diff(old_html: str, new_html: str) -> SafeString:
    """The change between two bodies block by block (paragraphs, subheads, quotes, list
    items), each block in its own element named for its kind, with the words that changed
    inside it marked <del>/<ins>; blocks added or removed whole are marked as such."""
    old_blocks, new_blocks = html_blocks(old_html), html_blocks(new_html)
    matcher = difflib.SequenceMatcher(a=old_blocks, b=new_blocks, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts += [_block(tag, escape(text), "same") for tag, text in old_blocks[a1:a2]]
            continue
        olds, news = old_blocks[a1:a2], new_blocks[b1:b2]
        for index in range(max(len(olds), len(news))):
            old = olds[index] if index < len(olds) else None
            new = news[index] if index < len(news) else None
            if old and new and old[0] == new[0]:
                parts.append(_block(new[0], word_diff(old[1], new[1]), "changed"))
                continue
            if old:
                parts.append(_block(old[0], format_html("<del>{}</del>", old[1]), "removed"))
            if new:
                parts.append(_block(new[0], format_html("<ins>{}</ins>", new[1]), "added"))
    # Every text went through escape() or format_html(); only our own tags are unescaped.
    return mark_safe("".join(parts))


def _block(tag: str, content: str, change: str) -> str:
    name = BLOCK_NAMES.get(tag, "")
    kind = format_html('<span class="diff-kind">{}: </span>', name) if name else ""
    return f'<div class="diff-block diff-{tag} diff-{change}">{kind}{content}</div>'


@dataclass(frozen=True)
class TimelineEntry:
    record: object  # the version (historical record): who, when, what the story held
    event: str  # "Submitted for review", "Scheduled for 07 Dec 2026 09:00", "Edited"...
    note: str
    changes: list[FieldChange]

    @property
    def is_workflow(self) -> bool:
        return self.event.startswith(tuple(Article.WORKFLOW_EVENTS.values()))


def timeline(article: Article) -> list[TimelineEntry]:
    """Every version of the story, newest first, each with the workflow step or edit it
    records, the note left with it and what it changed from the version before."""
    records = list(article.history.select_related("history_user").order_by("history_id"))
    entries, previous = [], None
    for record in records:
        event, note = workflow_event(record.history_change_reason)
        if not event:
            event = "Created" if record.history_type == "+" else "Edited"
        changes = field_changes(previous, record) if previous is not None else []
        entries.append(TimelineEntry(record, event, note, changes))
        previous = record
    return entries[::-1]


def version_time(record) -> str:
    """When a version was saved, as editors read it (local time, to the minute)."""
    return f"{timezone.localtime(record.history_date):%d %b %Y %H:%M}"


def restore_reason(record) -> str:
    """The change reason of a save that brings back ``record``'s content."""
    return f"Restored the version of {version_time(record)}"


def apply_version(article: Article, record) -> Article:
    """``article`` with ``record``'s content (``Article.RESTORED_FIELDS``) in it, unsaved: the
    change form opens it for review and nothing changes until the editor saves."""
    for field in Article.RESTORED_FIELDS:
        setattr(article, field, getattr(record, field))
    return article
