"""The uncached story page, in process: median wall time, a cProfile, or a fixed number of
requests to run under ``valgrind --tool=callgrind`` (instruction counts stay steady on a busy
machine, wall time does not).

Requests go through the WSGI handler with the same session cookie the peers run sends, so the
page cache steps aside and the view runs every time, as in ``nr_detail_uncached``::

    export DATABASE_URL=sqlite:////tmp/peers-data/newsroom-100000.sqlite3 DJANGO_DEBUG=0 \\
        DJANGO_SECRET_KEY=x DJANGO_ALLOWED_HOSTS=127.0.0.1
    python bench/profile_story.py --requests 300              # median ms per request
    python bench/profile_story.py --requests 200 --profile    # cProfile, top 40 by own time
    # instructions per request: the difference of two runs, divided by the extra requests
    valgrind --tool=callgrind --callgrind-out-file=/dev/null python bench/profile_story.py \\
        --requests 10 --quiet   # then --requests 30; (Ir(30) - Ir(10)) / 20

The story is the one the peers run picks (the 5,000th generated headline) unless ``--slug``.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402

from articles.models import Article  # noqa: E402

PEERS_PICK = 5000  # peers/project/side_by_side.sh: rows[min(5000, n // 2) - 1]


def _environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8003",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": "sessionid=bench",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }


def _pick_slug() -> str:
    ids = Article.objects.published().order_by("id").values_list("slug", flat=True)
    return ids[min(PEERS_PICK, ids.count() // 2) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--dump", help="with --profile: also write the raw stats to this file")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache before each request (as after a publish)",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args()
    handler = WSGIHandler()
    path = f"/articles/{args.slug or _pick_slug()}/"

    def request() -> int:
        if args.cold:
            cache.clear()
        status = []
        body = handler(_environ(path), lambda s, h, exc_info=None: status.append(s))
        size = sum(len(chunk) for chunk in body)
        body.close()
        assert status[0].startswith("200"), status
        return size

    size = 0
    for _ in range(args.warmup):
        size = request()
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            request()
        profiler.disable()
        if args.dump:
            profiler.dump_stats(args.dump)
        stats = pstats.Stats(profiler).sort_stats("tottime")
        stats.print_stats(40)
        stats.sort_stats("cumulative").print_stats(60)
        return
    times = []
    for _ in range(args.requests):
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
    if not args.quiet:
        print(
            f"{path} {size} bytes: median {statistics.median(times):.3f} ms, "
            f"min {min(times):.3f} ms over {args.requests} requests"
        )


if __name__ == "__main__":
    main()
