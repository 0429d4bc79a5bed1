"""Benchmark the story screen: server time of the admin's article change form (GET) for a
story with 20 people mentioned (each also quoted once), 3 bylines, 5 tags, a lead photo and 30
saved versions, as an editor sees it. The target is 150 ms.

Builds the story in a throwaway SQLite database (the test runner's, migrated from scratch),
then times ``--repeat`` requests through Django's test client after two warm-up requests, and
prints the median and best wall-clock time, the CPU time of the best request and the number of
SQL queries. Not a test: timings depend on the machine.

    .venv/bin/python bench/bench_story_screen.py [--repeat 30] [--mentions 20] [--versions 30]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

# Run as a plain script from anywhere: make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # a development key; DEBUG is turned off below

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def build_story(*, mentions: int, versions: int):
    """The story and an editor, made with the test suite's helpers."""
    from articles.models import Byline
    from articles.preview import create_preview_link
    from people.models import Mention, Quote
    from tests.e2e.conftest import make_photo
    from tests.factories import make_draft, make_editor, make_person, make_section, make_tag

    editor = make_editor("bench-editor")
    people = [make_person(f"Person Number{n} Bench") for n in range(mentions)]
    body = "".join(
        f"<p>{person.name} said something on day {n}.</p>" for n, person in enumerate(people)
    )
    story = make_draft(
        headline="Kibet presses the case for the Haiti mission",
        dek="The president wants more countries to send police officers.",
        body=body,
        section=make_section(),
        lead_image=make_photo(),
        tags=tuple(make_tag() for _ in range(5)),
        created_by=editor,
    )
    for order, person in enumerate(people[:3]):
        Byline.objects.create(article=story, person=person, order=order)
    for n, person in enumerate(people):
        Mention.objects.create(article=story, person=person, count=1, first_position=n * 40)
        Quote.objects.create(article=story, speaker=person, text=f"Quote number {n}.")
    for n in range(versions - 1):  # make_draft saved the first version
        story.dek = f"The president wants more countries to send officers ({n})."
        story.bump_version()
        story.save()
    create_preview_link(article=story, created_by=editor, note="Legal desk")
    return story, editor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--mentions", type=int, default=20)
    parser.add_argument("--versions", type=int, default=30)
    args = parser.parse_args(argv)

    # Not setup_test_environment(): its template instrumentation copies every context and
    # would be most of the time measured.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    story, editor = build_story(mentions=args.mentions, versions=args.versions)
    assert story.history.count() == args.versions
    client = Client()
    client.force_login(editor)
    url = f"/admin/articles/article/{story.pk}/change/"
    for _ in range(2):  # warm-up: templates compiled, caches filled
        assert client.get(url).status_code == 200

    walls, cpus = [], []
    for _ in range(args.repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)

    print(
        f"story screen ({args.mentions} mentions, {args.versions} versions, "
        f"{args.repeat} requests): median {statistics.median(walls) * 1000:.1f} ms, "
        f"best {min(walls) * 1000:.1f} ms (CPU {cpus[walls.index(min(walls))] * 1000:.1f} ms), "
        f"{len(queries.captured_queries)} queries; target 150 ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
