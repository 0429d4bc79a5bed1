from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """The site's name and canonical base URL for every template."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
