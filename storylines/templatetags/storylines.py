"""The "Previously in this story" box on article pages. A template tag, so that ``articles``
(which may not import this app) only names it in its template."""

from django import template

from storylines.models import StorylineEntry

register = template.Library()

# A story in more storylines shows the box of the first few only.
MAX_BOXES = 2
# Entries shown on each side of the story: up to five rows with the story itself.
NEAREST = 2


@register.inclusion_tag("storylines/_previously.html")
def previously_in_this_story(article) -> dict:
    """The box for each published storyline holding ``article``."""
    boxes = StorylineEntry.objects.around(article, nearest=NEAREST, storylines=MAX_BOXES)
    return {"boxes": boxes, "current": article}
