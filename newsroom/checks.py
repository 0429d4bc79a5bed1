"""System checks for configuration that settings.py cannot judge on its own."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Feeds and share links need an https SITE_URL in production."""
    if not settings.SITE_URL.startswith("https://"):
        return [
            Warning(
                "SITE_URL does not use https.",
                hint="Set SITE_URL to the public https address, e.g. https://news.example.com.",
                id="newsroom.W001",
            )
        ]
    return []


@register(Tags.caches)
def check_media_storage(app_configs, **kwargs):
    """Object storage needs a bucket name."""
    if (
        settings.MEDIA_STORAGE == "s3"
        and not settings.STORAGES["default"]["OPTIONS"]["bucket_name"]
    ):
        return [
            Error(
                "MEDIA_STORAGE=s3 but AWS_STORAGE_BUCKET_NAME is empty.",
                hint="Set AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL for MinIO or R2).",
                id="newsroom.E001",
            )
        ]
    return []
