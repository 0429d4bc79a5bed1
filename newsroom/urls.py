from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.urls import sitemap_patterns
from newsroom.views import health

urlpatterns = [
    # The second sign-in step, enrolment and lockouts, before the admin's catch-all URLs.
    path("admin/", include("newsroom.sign_in")),
    path("admin/", admin.site.urls),
    path("healthz", health, name="health"),
    path("api/", include("articles.api_urls")),
    path("", include("articles.urls")),
    path("people/", include("people.urls")),
    path("tags/", include("tags.urls")),
    *sitemap_patterns,
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
