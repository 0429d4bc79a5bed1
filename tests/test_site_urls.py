import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, set_script_prefix

NAMES = [
    "articles:front",
    "articles:feed_latest",
    "people:index",
    "tags:index",
    "alerts:newsletters",
]


def render(text: str) -> str:
    return Template("{% load site_urls %}" + text).render(Context())


@pytest.mark.parametrize("name", NAMES)
def test_site_url_is_the_same_as_url(name):
    assert render(f"{{% site_url '{name}' %}}") == render(f"{{% url '{name}' %}}")


def test_site_url_follows_the_script_prefix():
    try:
        set_script_prefix("/news/")
        assert render("{% site_url 'articles:front' %}") == "/news/"
    finally:
        set_script_prefix("/")
    assert render("{% site_url 'articles:front' %}") == "/"


def test_site_url_of_an_unknown_name_raises_like_url():
    with pytest.raises(NoReverseMatch):
        render("{% site_url 'articles:no_such_page' %}")
