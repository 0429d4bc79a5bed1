"""Article versions: compare two field by field, restore one as a new version.

Versions are django-simple-history records (``article.history``), one per save.
"""

import difflib
from dataclasses import dataclass

from django.db import transaction
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article, Image, Section
from articles.text_format import html_to_text

# What a restore brings back: the story's content. Workflow fields (status, dates) and the
# slug stay as they are now, so restoring never unpublishes a story or breaks its address.
RESTORED_FIELDS = (
    "headline",
    "dek",
    "body",
    "dateline",
    "section_id",
    "lead_image_id",
    "meta_description",
)
COMPARED_FIELDS = (
    "headline",
    "dek",
    "body",
    "dateline",
    "section_id",
    "lead_image_id",
    "meta_description",
    "slug",
    "status",
    "published_at",
    "revised_at",
)
LABELS = {"section_id": "section", "lead_image_id": "lead image", "dek": "standfirst"}


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
        return html_to_text(value)
    if field == "status":
        return Article.Status(value).label
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
    """What differs between two versions (historical records or articles), field by field."""
    changes = []
    for field in COMPARED_FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if before == after:
            continue
        old_text, new_text = _display(field, before), _display(field, after)
        if field == "body":
            diff = mark_safe(
                format_html_join(
                    "",
                    "<p>{}</p>",
                    ((word_diff(o, n),) for o, n in _paired_lines(old_text, new_text)),
                )
            )
        else:
            diff = word_diff(old_text, new_text)
        changes.append(FieldChange(field, LABELS.get(field, field), old_text, new_text, diff))
    return changes


def _paired_lines(old: str, new: str):
    """Pair paragraphs of two bodies so an edit in one paragraph shows as one diff line."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = old_lines[a1:a2], new_lines[b1:b2]
        for index in range(max(len(olds), len(news))):
            yield (
                olds[index] if index < len(olds) else "",
                news[index] if index < len(news) else "",
            )


def restore_version(*, article: Article, record, user=None) -> Article:
    """Bring back ``record``'s content as a new version of ``article``."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        for field in RESTORED_FIELDS:
            setattr(article, field, getattr(record, field))
        article.version += 1
        article._change_reason = f"Restored the version of {record.history_date:%Y-%m-%d %H:%M}"
        article.save()
    return article
