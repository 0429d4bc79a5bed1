from django.apps import AppConfig, apps


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
        # content_version.changed() decides whether readers could see the write. Models whose
        # rows appear on public pages say so by answering ``readers_may_see_change``. Bulk
        # writes (bulk_create, update) send no signals: the services that use them call
        # content_version.changed() themselves.
        for model in apps.get_models():
            if not hasattr(model, "readers_may_see_change"):
                continue
            label = model._meta.label
            post_save.connect(record_write, sender=model, dispatch_uid=f"bump-save-{label}")
            post_delete.connect(record_write, sender=model, dispatch_uid=f"bump-del-{label}")
