"""Build the admin change form's POST data the way a browser would send it."""

from django.utils import timezone

INLINE_PREFIXES = {
    "bylines": "bylines",
    "mentions": "mentions",
    "quotes": "quotes",
    "corrections": "corrections",
    "related_picks": "related_picks",
}


def article_form_data(article=None, **overrides) -> dict:
    """Every field of the article form, from ``article`` (or blank), plus ``overrides``."""
    data = {
        "headline": article.headline if article else "A new story",
        "slug": article.slug if article else "a-new-story",
        "dek": article.dek if article else "",
        "dateline": article.dateline if article else "",
        "section": article.section_id or "" if article else "",
        "body": article.body if article else "<p>Text.</p>",
        "lead_image": article.lead_image_id or "" if article else "",
        "meta_description": article.meta_description if article else "",
        "source_notes": article.source_notes if article else "",
        "update_kind": "minor",
        "base_version": article.version if article else "",
    }
    if article:
        data["tags"] = [str(pk) for pk in article.taggings.values_list("tag_id", flat=True)]
    if article and article.published_at:
        local = timezone.localtime(article.published_at)
        data["published_at_0"] = local.strftime("%Y-%m-%d")
        data["published_at_1"] = local.strftime("%H:%M:%S")
    for prefix in INLINE_PREFIXES.values():
        # The mentions inline only adds people by hand (found ones are reviewed apart).
        rows = getattr(article, prefix).all() if article and prefix != "mentions" else []
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = str(row.pk)
            data[f"{prefix}-{index}-article"] = str(article.pk)
            for field in (
                "person",
                "role",
                "order",
                "status",
                "text",
                "speaker",
                "speaker_text",
                "kind",
                "related",
            ):
                if hasattr(row, field + "_id"):
                    data[f"{prefix}-{index}-{field}"] = str(getattr(row, field + "_id") or "")
                elif hasattr(row, field):
                    data[f"{prefix}-{index}-{field}"] = str(getattr(row, field))
            if prefix == "corrections":
                local = timezone.localtime(row.created_at)
                for name in (
                    f"{prefix}-{index}-created_at",
                    f"initial-{prefix}-{index}-created_at",
                ):
                    # The hidden "initial-" copy is how the form tells an edit of a field with
                    # a default (timezone.now) from the value it was shown with.
                    data[f"{name}_0"] = local.strftime("%Y-%m-%d")
                    data[f"{name}_1"] = local.strftime("%H:%M:%S")
    data.update(overrides)
    return data
