from django.http import HttpRequest

from articles.models import Section
from newsroom import content_version


def _navigation_sections() -> list:
    return list(Section.objects.only("name", "slug"))


def navigation(request: HttpRequest) -> dict:
    """The sections every page's navigation lists."""
    return {
        # A callable: templates call it only when they render the navigation, which is the
        # same on every page until something public changes.
        "NAV_SECTIONS": lambda: content_version.cached(request, "nav", _navigation_sections),
    }
