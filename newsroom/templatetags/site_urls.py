"""``{% site_url "articles:front" %}``: ``{% url %}`` for the argument-less links every page
repeats (the header, the footer, the feeds in the head).

Measured with ``bench/profile_story.py`` under callgrind at 100,000 stories: base.html's eleven
``{% url %}`` tags were 2.6 M of the story page's 14 M instructions per view (each ``reverse()``
walks the resolver's namespaces and reads the active language). A URL without arguments is the
same for the life of the process given the script prefix, so it is reversed once per prefix and
then read back; an unknown name still raises ``NoReverseMatch`` from ``reverse()``.
"""

import functools

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()


@functools.lru_cache(maxsize=128)
def _reversed(viewname: str, script_prefix: str) -> str:
    return reverse(viewname)


@register.simple_tag
def site_url(viewname: str) -> str:
    """The same as ``{% url viewname %}`` for a URL that takes no arguments."""
    return _reversed(viewname, get_script_prefix())
