from django.conf import settings
from django.http import HttpRequest

from newsroom import content_version


def _navigation_sections() -> list:
    from articles.models import Section

    return list(Section.objects.only("name", "slug"))


def site(request: HttpRequest) -> dict:
    """The site's name, canonical base URL and navigation for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # A callable: templates call it only when they render the navigation, which is the
        # same on every page until something public changes.
        "NAV_SECTIONS": lambda: content_version.cached(request, "nav", _navigation_sections),
    }
