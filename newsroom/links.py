"""Links to stories, people, tags and sections without a full ``reverse()`` each.

A list page links dozens of them; ``reverse()`` walks the URL resolver every time. The path of
each slug view is reversed once (per script prefix) with a placeholder, and each link is the
slug put in its place. Slugs the URL pattern would refuse still go through ``reverse()``,
which raises ``NoReverseMatch`` as before.
"""

import functools
import re

from django.urls import get_script_prefix, reverse

_PLACEHOLDER = "slug-placeholder-0"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's <slug:...> converter


@functools.lru_cache(maxsize=64)
def _around_slug(viewname: str, script_prefix: str) -> tuple[str, str]:
    before, _, after = reverse(viewname, kwargs={"slug": _PLACEHOLDER}).partition(_PLACEHOLDER)
    return before, after


def slug_url(viewname: str, slug: str) -> str:
    """The same as ``reverse(viewname, kwargs={"slug": slug})``."""
    if not _SLUG.fullmatch(slug or ""):
        return reverse(viewname, kwargs={"slug": slug})
    before, after = _around_slug(viewname, get_script_prefix())
    return f"{before}{slug}{after}"
