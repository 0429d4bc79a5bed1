from django.http import HttpResponsePermanentRedirect

from newsroom.models import PathRedirect


class SlugRedirectMiddleware:
    """Turn a 404 into a permanent redirect when the path (or a parent path) moved.

    A parent match carries the rest of the path along: when /people/old/ moved to
    /people/new/, /people/old/feed/ goes to /people/new/feed/.
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
                if target.startswith("/") and not target.startswith("//"):
                    query = request.META.get("QUERY_STRING", "")
                    return HttpResponsePermanentRedirect(target + (f"?{query}" if query else ""))
        return response
