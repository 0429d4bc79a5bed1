from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import partners
from articles.urls import sitemap_patterns, tag_patterns
from newsroom.admin import view_on_site
from newsroom.views import health

urlpatterns = [
    # Before the admin's own shortcut at the same address, which checks no permission.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    # The second sign-in step, enrolment and lockouts, before the admin's catch-all URLs.
    path("admin/", include("newsroom.sign_in")),
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("api/", include("articles.api_urls")),
    path("partners/feed/", partners.feed, name="partner_feed"),
    path("", include("articles.urls")),
    path("", include("alerts.urls")),
    path("people/", include("articles.people_urls")),
    path("tags/", include(tag_patterns)),
    path("storylines/", include("storylines.urls")),
    *sitemap_patterns,
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
