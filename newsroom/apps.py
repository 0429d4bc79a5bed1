from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Project-wide pieces: system checks, slug redirects, shared template tags."""

    name = "newsroom"
    verbose_name = "Site"

    def ready(self) -> None:
        from newsroom import checks  # noqa: F401  (registers the checks)
