"""Every kind of public page is valid HTML, by the Nu HTML Checker (vnu.jar, as used by the
W3C validator). All pages go to one Java run: the JVM takes seconds to start."""

import json
import re
import subprocess

import pytest

from tests.e2e.conftest import PUBLIC_PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# Pages in a state the main crawl does not reach.
EXTRA_PAGES = {
    "list, page 2": "/articles/?page=2",
    "list, filtered": "/articles/?section=world&date_from=2020-01-01",
    "list, bad filter": "/articles/?date_from=yesterday",
    "search, no results": "/search/?q=zebrafish",
    "search, no query": "/search/",
    "people, one letter": "/people/?letter=K",
    "people, search": "/people/?q=amani",
    "follow a tag": "/follow/tag/haiti/",
    "follow an author": "/follow/author/amina-odhiambo/",
    "newsletters, none yet": "/newsletters/",
}
# Checked in the same run as the pages: proves that the checker really read the files.
BROKEN_CONTROL = '<!DOCTYPE html><html lang="en"><title>x</title><p><div>broken</p>'


def check_html(vnu, files) -> list[dict]:
    """vnu's error messages for ``files`` (it writes its JSON report to stderr)."""
    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar did not report (exit {result.returncode}): {result.stderr[:2000]}")
    return [m for m in report["messages"] if m["type"] in ("error", "non-document-error")]


def test_every_kind_of_public_page_is_valid_html(client, newsroom, vnu, tmp_path):
    pages = {**PUBLIC_PAGES, **EXTRA_PAGES}
    names = {}  # file name -> page name and path
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "404" else 200), path
        assert response["Content-Type"].startswith("text/html"), path
        file = tmp_path / (name.replace(" ", "-").replace(",", "") + ".html")
        file.write_bytes(response.content)
        names[file.name] = f"{name} ({path})"
    control = tmp_path / "broken-control.html"
    control.write_text(BROKEN_CONTROL)

    errors = check_html(vnu, [control, *(tmp_path / file_name for file_name in names)])
    assert any(m.get("url", "").endswith("/broken-control.html") for m in errors), errors
    # One line per page and kind of error, with how often it occurs and where first.
    grouped: dict[tuple[str, str], list[dict]] = {}
    for message in errors:
        file_name = message.get("url", "?").rsplit("/", 1)[-1]
        if file_name == control.name:
            continue
        kind = re.sub(r"Bad value “[^”]*”", "Bad value", message["message"])
        grouped.setdefault((names.get(file_name, file_name), kind), []).append(message)
    problems = [
        f"{page}: {text} ({len(found)}x, first at line {found[0].get('lastLine')}: "
        f"{' '.join(found[0].get('extract', '').split())})"
        for (page, text), found in grouped.items()
    ]
    assert not problems, "\n".join(problems)
