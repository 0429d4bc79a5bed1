from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles import partners
from articles.urls import sitemap_patterns
from newsroom.views import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("api/", include("articles.api_urls")),
    path("partners/feed/", partners.feed, name="partner_feed"),
    path("", include("articles.urls")),
    path("people/", include("people.urls")),
    path("tags/", include("tags.urls")),
    *sitemap_patterns,
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
