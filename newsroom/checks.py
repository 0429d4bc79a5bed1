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


PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, Tags.caches, deploy=True)
def check_shared_cache_for_sign_in_throttling(app_configs, **kwargs):
    """Sign-in throttling counts in the cache: per-process caches multiply its limits.

    A deploy check: production runs several workers (the README's gunicorn line has four), and
    start-up cannot see the worker count, so a per-process cache is refused unless the operator
    states that one process serves the site. Plain `check`, `migrate` and local benchmarks with
    DEBUG off are not blocked.
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or settings.SINGLE_PROCESS or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Error(
            f"The cache ({backend.rsplit('.', 1)[-1]}) is private to each process, so every "
            "worker counts failed sign-ins on its own and the limits multiply by the number "
            "of workers.",
            hint="Set REDIS_URL to a Redis shared by every worker and server, or set "
            "DJANGO_SINGLE_PROCESS=1 if exactly one process serves the site.",
            id="newsroom.E002",
        )
    ]


@register(Tags.security, deploy=True)
def check_two_step_sign_in(app_configs, **kwargs):
    """Production should not run with two-step sign-in turned off by mistake."""
    if settings.DEBUG or settings.REQUIRE_2FA:
        return []
    return [
        Warning(
            "DJANGO_REQUIRE_2FA is off: editors and superusers can reach the admin with a "
            "password alone.",
            hint="Remove DJANGO_REQUIRE_2FA=0 (it is on by default when DJANGO_DEBUG is off), "
            "unless this is a test rig.",
            id="newsroom.W002",
        )
    ]
