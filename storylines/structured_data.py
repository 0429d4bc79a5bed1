"""Schema.org data for storyline pages (JSON-LD), with absolute URLs from settings.SITE_URL."""

from django.conf import settings


def item_list(storyline, entries) -> dict:
    """An ``ItemList`` of the stories on one timeline page, in the order shown (milestones
    are not pages of their own, so they are left out)."""
    stories = [entry.article for entry in entries if entry.article_id]
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": storyline.title,
        "url": settings.SITE_URL + storyline.get_absolute_url(),
        "numberOfItems": len(stories),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": settings.SITE_URL + story.get_absolute_url(),
                "name": story.headline,
            }
            for position, story in enumerate(stories, start=1)
        ],
    }
