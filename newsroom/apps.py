from django.apps import AppConfig, apps

# Models whose rows appear on public pages. Bulk writes (bulk_create, update) send no signals;
# the services that use them call newsroom.content_version.changed() themselves.
PUBLIC_MODELS = [
    "articles.Article",
    "articles.Section",
    "articles.Correction",
    "articles.Byline",
    "articles.Image",
    "articles.TaggedArticle",
    "articles.LiveUpdate",
    "people.Person",
    "people.PersonAlias",
    "people.Mention",
    "people.Quote",
    "tags.Tag",
    "tags.TagSynonym",
    "alerts.Newsletter",  # listed on /newsletters/
    "articles.Pin",
    "articles.RelatedStory",
    "storylines.Storyline",
    "storylines.StorylineEntry",
]


class NewsroomConfig(AppConfig):
    """Project-wide pieces: system checks, slug redirects, shared template tags."""

    name = "newsroom"
    verbose_name = "Site"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from newsroom import checks  # noqa: F401  (registers the checks)
        from newsroom.content_version import record_write

        # Cache invalidation, not business logic: every write path (admin, import, shell,
        # commands) reaches these signals, so no cached page outlives the content it shows;
        # content_version.changed() decides whether readers could see the write.
        for label in PUBLIC_MODELS:
            model = apps.get_model(label)
            post_save.connect(record_write, sender=model, dispatch_uid=f"bump-save-{label}")
            post_delete.connect(record_write, sender=model, dispatch_uid=f"bump-del-{label}")
