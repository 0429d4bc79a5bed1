import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from newsroom.links import slug_url

VIEWS = ["articles:detail", "articles:section", "people:detail", "tags:detail"]


@pytest.mark.parametrize("viewname", VIEWS)
@pytest.mark.parametrize("slug", ["kenya-haiti-call", "a", "story_2-3", "9"])
def test_slug_url_is_what_reverse_gives(viewname, slug):
    assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_slug_url_follows_the_script_prefix():
    set_script_prefix("/news/")
    try:
        assert slug_url("articles:detail", "budget") == "/news/articles/budget/"
    finally:
        set_script_prefix("/")
    assert slug_url("articles:detail", "budget") == "/articles/budget/"


@pytest.mark.parametrize("slug", ["", "two words", "../admin", "ünïcode"])
def test_slug_url_refuses_what_the_url_pattern_refuses(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("people:detail", slug)
