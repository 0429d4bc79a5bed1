from django.apps import AppConfig


class StorylinesConfig(AppConfig):
    """Storylines: a long story's timeline of articles and editors' milestones. Depends on
    ``articles`` (one way): the article page shows the "Previously in this story" box through
    this app's template tag, so ``articles`` never imports it."""

    name = "storylines"

    def ready(self) -> None:
        from articles import sitemaps
        from storylines.models import Storyline

        sitemaps.register(
            "storylines",
            sitemaps.SitemapSection(
                page_rows=sitemaps._by_offset(sitemaps._slug_rows(Storyline.objects.published)),
                entry=lambda row: (f"/storylines/{row[0]}/", None),
                size=lambda: Storyline.objects.published().count(),
                changefreq="daily",
            ),
        )
