"""Embeds: only from allow-listed providers, stored as the address, shown as a placeholder
that loads the provider's player on a click, with frames allowed from those players only."""

import re

import pytest

from articles.embeds import FRAME_ORIGINS, embed_for
from articles.text_format import sanitize_html
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def embed(url: str) -> str:
    return f'<figure data-embed="{url}"></figure>'


@pytest.mark.parametrize(
    "url, provider, player",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "youtube-nocookie.com/embed/"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "Vimeo", "player.vimeo.com/video/76979871"),
        ("https://x.com/newsroom/status/1234567890123", "X", "platform.twitter.com/embed/"),
        ("https://www.openstreetmap.org/#map=15/-1.2864/36.8172", "OpenStreetMap", "bbox="),
        (
            "https://www.documentcloud.org/documents/2461-budget-report",
            "DocumentCloud",
            "embed.documentcloud.org/documents/2461-budget-report/",
        ),
    ],
)
def test_addresses_from_allowed_providers_become_embeds(url, provider, player):
    found = embed_for(url)
    assert found.provider == provider and player in found.player_url
    assert sanitize_html(embed(url)) == embed(url.replace("&", "&amp;"))


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pass@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/about",  # the provider, but nothing to embed
        "javascript:alert(1)",
    ],
)
def test_embeds_are_not_allowed_for_unknown_providers_or_odd_addresses(url):
    assert embed_for(url) is None
    assert "<figure" not in sanitize_html(f"<p>x</p>{embed(url)}")


def test_a_crafted_embed_keeps_only_its_address():
    crafted = '<figure data-embed="https://vimeo.com/76979871" onload="alert(1)" style="x">'
    crafted += "<iframe src=https://evil.example></iframe></figure>"
    assert sanitize_html(crafted) == embed("https://vimeo.com/76979871")


def test_an_embed_renders_a_placeholder_that_loads_the_player_only_on_a_click(client):
    article = make_article(body=f"<p>Watch.</p>{embed('https://vimeo.com/76979871')}")
    html = client.get(article.get_absolute_url()).content.decode()
    figure = re.search(r'<figure class="embed embed-video">.*?</figure>', html, re.S).group(0)
    assert "<iframe" not in html
    assert "Video on Vimeo" in figure
    assert 'href="https://vimeo.com/76979871"' in figure
    assert 'data-player="https://player.vimeo.com/video/76979871?autoplay=1"' in figure
    assert 'src="/static/js/embeds.js"' in html or "js/embeds" in html


def test_a_bluesky_post_by_handle_is_a_link_without_a_player(client):
    url = "https://bsky.app/profile/newsroom.example/post/3kabc123xyz"
    article = make_article(body=embed(url))
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{url}"' in html and "data-player" not in html


def test_public_pages_allow_frames_only_from_the_embed_players(client):
    article = make_article()
    policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]+);", policy).group(1).split()
    assert frame_src == list(FRAME_ORIGINS)
    assert "https://www.youtube-nocookie.com" in frame_src
    assert "'self'" not in frame_src and "*" not in " ".join(frame_src)
