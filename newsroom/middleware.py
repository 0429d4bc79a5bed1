import base64
import hashlib
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseNotModified, HttpResponsePermanentRedirect
from django.utils import timezone

from newsroom import content_version
from newsroom.models import PathRedirect
from newsroom.page_cache import cached_page, hash_url


class SlugRedirectMiddleware:
    """Turn a 404 into a permanent redirect when the path (or a parent path) moved.

    A parent match carries the rest of the path along: when /people/old/ moved to
    /people/new/, /people/old/feed/ goes to /people/new/feed/. A redirect whose target readers
    cannot see (a renamed draft, a person known only from drafts) stays a 404.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        path = request.path
        candidates = [path]
        parts = path.rstrip("/").split("/")
        while len(parts) > 2:
            parts.pop()
            candidates.append("/".join(parts) + "/")
        redirects = dict(
            PathRedirect.objects.filter(old_path__in=candidates).values_list("old_path", "new_path")
        )
        for candidate in candidates:  # longest first
            if candidate in redirects:
                target = redirects[candidate] + path[len(candidate) :]
                on_site = target.startswith("/") and not target.startswith("//")
                if on_site and PathRedirect.is_public_target(target):
                    query = request.META.get("QUERY_STRING", "")
                    return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))
        return response


PRIVATE_PREFIXES = ("/admin/", "/preview/", "/partners/", "/static/", "/media/")
MAX_PAGE_CACHE_SECONDS = 600


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


class PublicPageCacheMiddleware:
    """Anonymous readers' pages: conditional GET, a shared page cache, public caching headers.

    Every key and ETag carries the content version, so any change readers could see (publish,
    edit, unpublish, a scheduled time passing) makes them all stale at once, on every server.
    A 304 or a cache hit runs no view and renders no template. Signed-in users (anyone with a
    session cookie) bypass the cache and get ``private, no-store``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(PRIVATE_PREFIXES):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                _private(response)
            return response
        return self._anonymous(request)

    def _anonymous(self, request):
        version = request.content_version = content_version.current()
        url_hash = hash_url(request.get_full_path())
        etag = f'W/"{version.tag}-{url_hash}"'
        seconds = settings.PUBLIC_CACHE_SECONDS
        page_seconds = MAX_PAGE_CACHE_SECONDS
        if version.next_publication_at:
            until = int((version.next_publication_at - timezone.now()).total_seconds())
            seconds, page_seconds = min(seconds, max(until, 0)), min(page_seconds, max(until, 1))
        headers = {
            "ETag": etag,
            "Last-Modified": version.last_modified,
            "Cache-Control": f"public, max-age={seconds}",
            "Vary": "Cookie, Accept-Encoding",
        }
        if etag in request.headers.get("If-None-Match", ""):
            not_modified = HttpResponseNotModified()
            for name, value in headers.items():
                not_modified[name] = value
            return not_modified
        return cached_page(
            version,
            url_hash,
            lambda: self._render(request, headers, page_seconds),
            grace=settings.PAGE_CACHE_GRACE_SECONDS,
        )

    def _render(self, request, headers: dict, seconds: int):
        """The view's response, and how long the page cache may keep it (``None``: not)."""
        response = self.get_response(request)
        if response.status_code != 200 or response.has_header("Cache-Control"):
            return response, None
        if getattr(response, "streaming", False) or response.cookies:
            return response, None
        for name, value in headers.items():
            response[name] = value
        if hasattr(response, "render") and callable(response.render):
            response.render()
        response.content = response.content  # one piece, however the view wrote it
        return response, seconds


# Frames only from settings.CSP_FRAME_ORIGINS (the embed providers' players), loaded on a click.
PUBLIC_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{media}; "
    "font-src 'self'; connect-src 'self'; frame-src {frames}; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# The admin's own widgets (and the prose editor) set style attributes; scripts stay 'self'.
ADMIN_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:{media}; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)


IMPORTMAP_BLOCK = re.compile(r'<script type="importmap"[^>]*>(.*?)</script>', re.S)


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every response: no inline script anywhere, no inline style
    on public pages. JSON-LD blocks are data, not script, so the policy does not block them."""

    def __init__(self, get_response):
        media = urlsplit(settings.MEDIA_URL)
        extra = f" {media.scheme}://{media.netloc}" if media.netloc else ""
        self.public = PUBLIC_CSP.format(media=extra, frames=" ".join(settings.CSP_FRAME_ORIGINS))
        self.admin = ADMIN_CSP.format(media=extra)
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            if request.path.startswith("/admin/"):
                response["Content-Security-Policy"] = self._admin_policy(response)
            else:
                response["Content-Security-Policy"] = self.public
        return response

    def _admin_policy(self, response) -> str:
        """The admin policy, allowing the prose editor's import map by its hash.

        An import map must be inline; it only maps module names to our static files, and
        only ``type="importmap"`` blocks are hashed, so no other inline script can run.
        """
        content_type = response.get("Content-Type", "")
        if getattr(response, "streaming", False) or not content_type.startswith("text/html"):
            return self.admin
        body = response.content.decode(response.charset or "utf-8", errors="replace")
        hashes = [
            "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
            for block in IMPORTMAP_BLOCK.findall(body)
        ]
        if not hashes:
            return self.admin
        return self.admin.replace("script-src 'self'", "script-src 'self' " + " ".join(hashes))
