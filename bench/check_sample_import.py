"""Import the shared sample story into a throwaway database and check what the importer made.

The sample (/work/shared/samples/kenya-haiti-mission-call.txt) lives outside the repository,
so this is a script rather than a test. It loads the demo newsroom (whose directory has Ruto,
Trump, Blinken and Biden), imports the sample twice and checks the dateline, subheads,
headline, people, quotes and that the second import changed nothing. Exit status 1 on any
failed check.

    .venv/bin/python bench/check_sample_import.py [PATH]
"""

import io
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path("/work/shared/samples/kenya-haiti-mission-call.txt")


def main() -> int:
    sample = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    if not sample.is_file():
        print(f"FAIL: no sample at {sample}")
        return 1
    work = Path(tempfile.mkdtemp(prefix="check-sample-"))
    os.environ.update(
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        DJANGO_DEBUG="1",
        MEDIA_ROOT=str(work / "media"),
        DEMO_PASSWORD="sample-check-password-1",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from articles.models import Article

    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("load_demo", stdout=quiet)
    out = io.StringIO()
    call_command("import_articles", str(sample), stdout=out)
    first = out.getvalue().strip()
    out = io.StringIO()
    call_command("import_articles", str(sample), stdout=out)
    second = out.getvalue().strip()

    article = Article.objects.get(source_key=sample.resolve().as_uri())
    mentions = {m.person.slug: (m.status, m.count) for m in article.mentions.all()}
    quotes = [
        (q.speaker.slug if q.speaker else None, q.speaker_text, q.text[:60])
        for q in article.quotes.order_by("position")
    ]
    checks = {
        "first import created one article": first.startswith("1 created"),
        "second import changed nothing": second.startswith("0 created, 0 updated, 1 unchanged"),
        "one article for the sample": Article.objects.filter(
            source_key=sample.resolve().as_uri()
        ).count()
        == 1,
        "dateline is 'Nairobi, Kenya'": article.dateline == "Nairobi, Kenya",
        "dateline removed from the body": not article.body.startswith("<p>Nairobi"),
        "two subheads": article.body.count("<h2>") == 2,
        "headline at most 100 characters": 0 < len(article.headline) <= 100,
        "headline flagged for review": article.headline_needs_review,
        "headline does not end on a comma or 'and'": not article.headline.endswith((",", " and")),
        "Ruto, Trump, Blinken and Biden linked": {
            "william-ruto",
            "donald-trump",
            "antony-blinken",
            "joe-biden",
        }
        <= set(mentions),
        "a quote attributed to Ruto": any(q[0] == "william-ruto" for q in quotes),
        "a quote attributed to the State Department": any(
            q[0] is None and "Department of State" in q[1] for q in quotes
        ),
    }
    print(f"first import:  {first}")
    print(f"second import: {second}")
    print(f"headline:      {article.headline!r} (needs review: {article.headline_needs_review})")
    print(f"slug:          {article.slug}")
    print(f"dateline:      {article.dateline!r}")
    print(f"subheads:      {re.findall(r'<h2>(.*?)</h2>', article.body)}")
    print(f"mentions:      {mentions}")
    for speaker, speaker_text, text in quotes:
        print(f"quote:         {speaker or '-'} ({speaker_text!r}): {text}...")
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    connections.close_all()
    shutil.rmtree(work, ignore_errors=True)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
