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
    """For each published storyline holding ``article`` (live): the nearest public entries
    before and after it. 1 + 2 queries per storyline, at most MAX_BOXES storylines."""
    entries = (
        StorylineEntry.objects.filter(article=article, storyline__status="published")
        .select_related("storyline")
        .order_by("storyline_id")[:MAX_BOXES]
    )
    boxes = []
    for entry in entries:
        visible = StorylineEntry.objects.public().for_timeline()
        before = list(visible.before(entry)[:NEAREST])
        after = list(visible.after(entry)[:NEAREST])
        boxes.append({"storyline": entry.storyline, "entries": [*reversed(before), entry, *after]})
    return {"boxes": boxes, "current": article}
