"""Template tags shared by every page: JSON-LD blocks and responsive pictures."""

import json

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Like json_script: characters that could end the <script> element or open a comment are
# written as \\u escapes, so no text in the data can break out of the JSON-LD block.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block for ``data``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    # The JSON is escaped above; the element itself is ours.
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


@register.simple_tag
def picture(image, *, sizes: str = "100vw", css_class: str = "", loading: str = "lazy"):
    """A <picture> with WebP and JPEG srcsets from the image's renditions."""
    if image is None or not image.file:
        return ""
    renditions = image.renditions or []
    sources = []
    for mime in ("image/webp", "image/jpeg"):
        candidates = [r for r in renditions if r["type"] == mime]
        if candidates:
            srcset = ", ".join(
                f"{default_storage.url(r['path'])} {r['width']}w" for r in candidates
            )
            sources.append((mime, srcset))
    fallback = next(
        (r for r in reversed(renditions) if r["type"] == "image/jpeg" and r["width"] <= 1280),
        None,
    )
    src = default_storage.url(fallback["path"]) if fallback else image.file.url
    source_tags = format_html_join(
        "", '<source type="{}" srcset="{}" sizes="{}">', ((m, s, sizes) for m, s in sources)
    )
    return format_html(
        '<picture>{}<img src="{}" alt="{}" width="{}" height="{}" loading="{}"{}></picture>',
        source_tags,
        src,
        image.alt_text,
        image.width,
        image.height,
        loading,
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.simple_tag
def portrait(person, *, size: int = 160, alt: str = "", css_class: str = "portrait"):
    """A person's square photo shown ``size`` CSS pixels wide, with a srcset of its square
    renditions (sharp on dense screens, never the original file); "" without a photo."""
    if not person.photo:
        return ""
    renditions = person.photo_renditions or []
    srcset = ", ".join(f"{default_storage.url(r['path'])} {r['width']}w" for r in renditions)
    return format_html(
        '<img class="{}" src="{}"{} alt="{}" width="{}" height="{}" loading="lazy">',
        css_class,
        person.portrait_url(size * 2),
        format_html(' srcset="{}" sizes="{}px"', srcset, size) if srcset else "",
        alt,
        size,
        size,
    )
