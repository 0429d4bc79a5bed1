from django.conf import settings
from django.http import HttpRequest


def _navigation_sections() -> list:
    from articles.models import Section

    return list(Section.objects.only("name", "slug"))


def site(request: HttpRequest) -> dict:
    """The site's name, canonical base URL and navigation for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        # A callable: templates call it only when they render the navigation.
        "NAV_SECTIONS": _navigation_sections,
    }
