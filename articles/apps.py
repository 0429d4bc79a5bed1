from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self) -> None:
        # Models are importable only once the registry is ready.
        from articles.models import Article, Section
        from articles.tagging import public_tags
        from newsroom import content_version
        from newsroom.models import register_record_pages
        from people.models import Person

        # A scheduled story, an embargo lifting or an expiry makes cached pages stale by
        # itself: the content version records the next such moment on every story save.
        content_version.register_schedule(Article, Article.objects.next_visibility_change)
        # The rows readers may see on this app's pages about one record (slug redirects).
        register_record_pages(
            {
                "articles:detail": Article.objects.published,
                "articles:section": Section.objects.all,
                "articles:feed_section": Section.objects.all,
                "articles:author": Person.objects.public,
                "articles:feed_author": Person.objects.public,
                "articles:feed_person": Person.objects.public,
                "tags:detail": public_tags,
                "articles:feed_tag": public_tags,
            }
        )
