import pytest

from tests.factories import make_editor, make_reporter


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Each test writes uploads to its own folder, starts with an empty cache, reads the
    content version afresh on every request (tests/test_content_version_reads.py checks the
    reuse between reads that servers get) and builds pages after a change without pausing
    between builds (tests/test_page_cache_grace.py checks the pause servers get)."""
    from django.core.cache import cache

    from newsroom import content_version, page_cache

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CONTENT_VERSION_CHECK_SECONDS = 0
    settings.PAGE_CACHE_RENDER_PAUSE = 0
    page_cache.pacing.resume_at = 0.0
    content_version.forget_last_read()
    cache.clear()
    yield
    cache.clear()
    content_version.forget_last_read()


@pytest.fixture
def reporter(db):
    return make_reporter("reporter1")


@pytest.fixture
def editor(db):
    return make_editor("editor1")


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
