"""Benchmark the first views after a change: the CPU time to build again the 20 hot pages of
``../shared/peers/project/publish_storm.sh`` (front page, /articles/, the 10 newest stories,
4 sections, 4 tags) after a story readers can see is saved, in process, one request each.

Every change readers could see makes every cached page and piece stale at once (the content
version); this is the work the servers then do before they serve cached pages again. Each
round saves the newest story's dek (as the storm does) and times one pass over the pages.
It WRITES to the database (a dek edit per round): run it on a copy.

    DATABASE_URL=sqlite:////path/to/copy.sqlite3 .venv/bin/python bench/bench_after_change.py \
        [--rounds 3]
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

# Run as a plain script from anywhere: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from articles.models import Article, Section  # noqa: E402
from newsroom import content_version  # noqa: E402
from tags.models import Tag  # noqa: E402


def hot_paths() -> list[str]:
    """The storm's pages, chosen the way publish_storm.sh chooses them."""
    newest = Article.objects.published().order_by("-published_at")[:10]
    return [
        "/",
        "/articles/",
        *(article.get_absolute_url() for article in newest),
        *(section.get_absolute_url() for section in Section.objects.all()[:4]),
        *(tag.get_absolute_url() for tag in Tag.objects.all()[:4]),
    ]


def get(path: str) -> int:
    """One anonymous GET through the whole stack (middleware, page cache); its status."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    body = application(environ, lambda line, headers, exc_info=None: status.append(line))
    b"".join(body)
    body.close()
    return int(status[0].split()[0])


def save_newest_story() -> None:
    article = Article.objects.published().order_by("-published_at").first()
    article.dek = (article.dek or "")[:200] + " ."
    article.save()
    content_version.forget_last_read()  # as another server would see it a second later


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    paths = hot_paths()
    for path in paths:
        get(path)  # warm: every piece cached for the current version
    for round_number in range(1, args.rounds + 1):
        save_newest_story()
        costs = []
        started = time.process_time()
        for path in paths:
            before = time.process_time()
            status = get(path)
            costs.append(((time.process_time() - before) * 1000, path, status))
        total = (time.process_time() - started) * 1000
        dearest = ", ".join(f"{path} {ms:.1f} ms" for ms, path, _ in sorted(costs)[::-1][:3])
        errors = [path for _, path, status in costs if status != 200]
        print(
            f"round {round_number}: {len(paths)} pages after a change, {total:.0f} ms of CPU "
            f"(dearest: {dearest}){'; not 200: ' + ', '.join(errors) if errors else ''}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
