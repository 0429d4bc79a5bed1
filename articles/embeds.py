"""Embeds in the body: a video, post, map or document from an allow-listed provider.

An editor pastes the address of the thing to embed; the body stores only that address,
``<figure data-embed="https://www.youtube.com/watch?v=..."></figure>``, and only when it
belongs to a provider below (``embed_for``). Nothing is fetched when a story is saved: the
player address is worked out from the URL itself. Readers first see a placeholder (the
provider, a link to the original); the provider's player loads only when they ask for it
(static/js/embeds.js), and the page's Content-Security-Policy lets frames come from these
providers' player origins only (``FRAME_ORIGINS``, as ``settings.CSP_FRAME_ORIGINS``).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlencode, urlsplit

# A stored address: https, no credentials, no quotes or brackets, not absurdly long.
_SAFE_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::443)?(/[A-Za-z0-9\-._~%!$&'()*+,;=:@/?#]*)?")
MAX_URL_LENGTH = 500


@dataclass(frozen=True)
class Embed:
    provider: str
    kind: str  # what the reader is offered: "video", "post", "map", "document"
    url: str  # the original address, as stored and linked
    player_url: str  # the address of the provider's player ("" when only a link is offered)


def _youtube(parts) -> str:
    host, path, query = parts.hostname, parts.path, parse_qs(parts.query)
    if host == "youtu.be":
        video = path.strip("/")
    elif path == "/watch":
        video = (query.get("v") or [""])[0]
    elif path.startswith(("/shorts/", "/embed/", "/live/")):
        video = path.split("/")[2]
    else:
        return ""
    if not re.fullmatch(r"[A-Za-z0-9_-]{6,20}", video):
        return ""
    return f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1"


def _vimeo(parts) -> str:
    match = re.fullmatch(r"/(?:video/)?(\d{4,12})/?", parts.path)
    return f"https://player.vimeo.com/video/{match.group(1)}?autoplay=1" if match else ""


def _twitter(parts) -> str:
    match = re.fullmatch(r"/[A-Za-z0-9_]{1,15}/status/(\d{5,25})/?", parts.path)
    return f"https://platform.twitter.com/embed/Tweet.html?id={match.group(1)}" if match else ""


def _bluesky(parts) -> str:
    # The player needs the author's DID; a handle would need a network lookup to resolve, so
    # a post addressed by handle is offered as a link only.
    match = re.fullmatch(r"/profile/(did:plc:[a-z0-9]{10,40})/post/([a-z0-9]{5,20})/?", parts.path)
    if not match:
        return ""
    return f"https://embed.bsky.app/embed/{match.group(1)}/app.bsky.feed.post/{match.group(2)}"


def _openstreetmap(parts) -> str:
    # https://www.openstreetmap.org/#map=15/-1.2864/36.8172 or ?mlat=..&mlon=..
    match = re.search(r"map=(\d{1,2})/(-?\d{1,2}(?:\.\d+)?)/(-?\d{1,3}(?:\.\d+)?)", parts.fragment)
    if not match:
        return ""
    zoom, lat, lon = int(match.group(1)), float(match.group(2)), float(match.group(3))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return ""
    span = 360 / 2 ** min(max(zoom, 1), 19)
    bbox = f"{lon - span:.5f},{lat - span / 2:.5f},{lon + span:.5f},{lat + span / 2:.5f}"
    query = urlencode({"bbox": bbox, "layer": "mapnik", "marker": f"{lat},{lon}"})
    return f"https://www.openstreetmap.org/export/embed.html?{query}"


def _documentcloud(parts) -> str:
    match = re.fullmatch(r"/documents/(\d{1,12}-[a-z0-9-]{1,200})/?", parts.path)
    if not match:
        return ""
    return f"https://embed.documentcloud.org/documents/{quote(match.group(1))}/"


@dataclass(frozen=True)
class Provider:
    name: str
    kind: str
    hosts: frozenset[str]
    frame_origin: str
    player: object  # (SplitResult) -> player address, "" when the URL gives none


PROVIDERS = (
    Provider(
        "YouTube",
        "video",
        frozenset({"www.youtube.com", "youtube.com", "m.youtube.com", "youtu.be"}),
        "https://www.youtube-nocookie.com",
        _youtube,
    ),
    Provider(
        "Vimeo",
        "video",
        frozenset({"vimeo.com", "www.vimeo.com"}),
        "https://player.vimeo.com",
        _vimeo,
    ),
    Provider(
        "X",
        "post",
        frozenset({"twitter.com", "www.twitter.com", "x.com", "www.x.com"}),
        "https://platform.twitter.com",
        _twitter,
    ),
    Provider("Bluesky", "post", frozenset({"bsky.app"}), "https://embed.bsky.app", _bluesky),
    Provider(
        "OpenStreetMap",
        "map",
        frozenset({"www.openstreetmap.org", "openstreetmap.org"}),
        "https://www.openstreetmap.org",
        _openstreetmap,
    ),
    Provider(
        "DocumentCloud",
        "document",
        frozenset({"www.documentcloud.org", "documentcloud.org"}),
        "https://embed.documentcloud.org",
        _documentcloud,
    ),
)

# A Bluesky post addressed by its author's handle: offered as a link, with no player.
_BLUESKY_POST = re.compile(r"https://bsky\.app/profile/[A-Za-z0-9.:-]{3,253}/post/[a-z0-9]{5,20}/?")

# Where the page may load frames from (and nowhere else).
FRAME_ORIGINS = tuple(dict.fromkeys(provider.frame_origin for provider in PROVIDERS))


def embed_for(url: str) -> Embed | None:
    """The embed an address stands for, or None when it is not from a provider we allow
    (or not a plain https address). Offline: reads only the address."""
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH or not _SAFE_URL.fullmatch(url):
        return None
    parts = urlsplit(url)
    if parts.username or parts.password or parts.port not in (None, 443):
        return None
    for provider in PROVIDERS:
        if parts.hostname in provider.hosts:
            player = provider.player(parts)
            if not player and not _BLUESKY_POST.fullmatch(url):
                return None  # an address of the provider that is not a video, post or map
            return Embed(provider.name, provider.kind, url, player)
    return None
