"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Run them with ``make e2e`` (or ``pytest -m e2e``). They need /usr/bin/chromium
(``apt-get install -y chromium``) and, for the HTML checks, Java 17 and
``node_modules/vnu-jar`` (``npm ci``); ``make test-tools`` installs them. When one is missing the
tests fail with a message saying what to install: they never skip.

Database: browser tests run with ``transaction=True`` (the live server's threads must see
committed rows). A transactional test ends with a flush that empties every table, including
the Reporter and Editor groups that the data migration ``articles/0003_roles`` created, so
``role_groups`` below runs that migration's ``create_roles`` again before each test.
``serialized_rollback=True`` is not reliable here: once Playwright's sync API runs, the test
thread has a running asyncio loop, so Django's connection handler (an asgiref ``Local``) hands
out a new connection object, and the one holding the serialized copy of the database (made at
setup, often before the browser started) is never consulted again: the groups came back or
not depending on which test happened to start the browser.
"""

import functools
import importlib
import io
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import (
    make_article,
    make_correction,
    make_person,
    make_section,
    make_storyline,
    make_tag,
)

CHROMIUM = Path("/usr/bin/chromium")
# The flags known to work on these machines: without the background-networking ones Chromium
# keeps trying to reach Google's hosts through a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(settings.BASE_DIR) / "tests" / "e2e" / "screenshots"
PASSWORD = "correct horse battery"  # tests.factories.make_user's default
DESKTOP = {"width": 1280, "height": 900}
# How long a finished test waits for the live server's last answer before the flush.
IN_FLIGHT_SECONDS = 0.3

# Every test module in this folder starts with this.
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# --- Database --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file rather than in memory.

    With an in-memory database the live server's request threads all share the test's one
    connection, and Django's documentation warns against simultaneous queries on it; a
    browser makes them (a page and its autocomplete calls, two tabs). A file gives every
    thread its own connection, as in production (WAL, busy timeout). Applies when the browser
    tests run on their own (``make test`` and ``make e2e`` run them so); mixed into one run
    with the rest of the suite they use whatever database that run set up.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and not database.get("TEST", {}).get("NAME"):
        database.setdefault("TEST", {})
        database["TEST"]["NAME"] = str(tmp_path_factory.mktemp("e2e-db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Accounts are made and signed in to in almost every test: skip PBKDF2's half second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def role_groups(request):
    """The Reporter and Editor groups, made by the data migration itself (see above)."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    create_roles = importlib.import_module("articles.migrations.0003_roles").create_roles
    create_roles(_migration_state_apps(), None)


@functools.cache
def _migration_state_apps():
    """The models as the migrations define them, as a data migration receives them."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(connection).project_state().apps


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (each test gets fresh contexts)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(`make test-tools` installs it). Never `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in the test's thread, and Django's
    # ORM refuses to run where a loop runs unless told it is safe. It is: the loop only waits
    # for the browser, and tests call the ORM between browser calls, never during one.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Browsing:
    """Opens browser contexts (separate cookie jars: one per person) and records every
    JavaScript dialog any of their pages opens. No page of the site should ever open one."""

    browser: object
    base_url: str
    dialogs: list[str] = field(default_factory=list)
    contexts: list = field(default_factory=list)

    def context(self, *, width: int = DESKTOP["width"], height: int = DESKTOP["height"]):
        context = self.browser.new_context(
            base_url=self.base_url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        context.on("dialog", self._record_dialog)
        self.contexts.append(context)
        return context

    def page(self, **viewport):
        """A page in a new context: a reader who is not signed in."""
        return self.context(**viewport).new_page()

    def _record_dialog(self, dialog) -> None:
        where = dialog.page.url if dialog.page else "?"
        self.dialogs.append(f"{dialog.type} {dialog.message!r} on {where}")
        dialog.dismiss()

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        if self.contexts:
            # The live server may still be answering the last request a page sent (a presence
            # or live-updates poll); the database flush after the test, started meanwhile,
            # deadlocked with it once on PostgreSQL. Closing stops new ones; this lets the
            # last one finish.
            time.sleep(IN_FLIGHT_SECONDS)


@pytest.fixture
def browsing(browser, live_server):
    session = Browsing(browser=browser, base_url=live_server.url)
    yield session
    session.close()
    assert not session.dialogs, f"A page opened a JavaScript dialog: {session.dialogs}"


@pytest.fixture
def reader_page(browsing):
    return browsing.page()


def sign_in(context, username: str, password: str = PASSWORD):
    """Sign in through the admin's login form; returns the page, on the admin index."""
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def fits_width(page) -> tuple[bool, int, int]:
    """Whether the page scrolls sideways: (fits, scrollWidth, innerWidth)."""
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    return scroll_width <= inner_width, scroll_width, inner_width


# --- Tools outside Python ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def vnu():
    """The command line of the Nu HTML Checker; fails when Java or vnu.jar is missing."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is not on PATH: the HTML checks need Java 17 (vnu.jar).", pytrace=False)
    if not VNU_JAR.exists():
        pytest.fail(
            f"{VNU_JAR} is missing: run `make test-tools` (npm ci, pinned by package-lock.json).",
            pytrace=False,
        )
    version = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    if version.returncode != 0:
        pytest.fail(f"`java -version` failed: {version.stderr}", pytrace=False)
    return [java, "-jar", str(VNU_JAR)]


# --- Content -----------------------------------------------------------------------------------


def jpeg_bytes(width: int = 1200, height: int = 800, colour=(38, 84, 124)) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def make_photo(**fields):
    """A photo in the library with its renditions, as an upload in the admin would make it."""
    from articles.models import Image
    from articles.services import store_uploaded_image

    fields.setdefault("alt_text", "Delegates gather in the conference hall")
    fields.setdefault("caption", "The opening session in Nairobi.")
    fields.setdefault("credit", "Jane Doe/Newsroom")
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(), content_type="image/jpeg")
    return store_uploaded_image(image=Image(**fields), upload=upload)


def build_newsroom() -> SimpleNamespace:
    """A small newsroom with every kind of public page filled in: sections, authors, people
    mentioned and quoted, tags of each kind, a lead photo, a correction and enough stories in
    one section to need a second page."""
    from articles.models import Byline
    from articles.services import article_changed
    from people.models import Quote

    world = make_section(
        name="World", slug="world", description="News from every continent.", order=1
    )
    business = make_section(name="Business", slug="business", order=2)
    author = make_person(
        "Amina Odhiambo",
        slug="amina-odhiambo",
        role="Nairobi correspondent",
        bio="Amina covers East Africa and the United Nations.",
    )
    kibet = make_person(
        "Amani Kibet",
        slug="amani-kibet",
        honorific="President",
        role="President of Tamaland",
        organisation="Government of Tamaland",
        bio="Elected in 2024 on a promise of regional cooperation.",
    )
    haiti = make_tag("Haiti", slug="haiti", kind="place", description="The Caribbean republic.")
    elections = make_tag("Elections", slug="elections", kind="topic")
    united_nations = make_tag("United Nations", slug="united-nations", kind="organisation")
    photo = make_photo()
    # A photo, a gallery and an embed in the body (articles/rendering.py), so every browser
    # check of the article page covers them.
    inline = make_photo(caption="Delegates queue at the entrance.", credit="Ana Lima/Newsroom")
    gallery = [make_photo(caption=f"Day {n} of the talks.") for n in (1, 2, 3)]
    figures = (
        f'<figure data-image="{inline.pk}" data-size="wide"></figure>',
        '<figure class="gallery" data-images="' + ",".join(str(p.pk) for p in gallery) + '">'
        "</figure>",
        '<figure data-embed="https://vimeo.com/76979871"></figure>',
    )

    story = make_article(
        headline="Kibet presses the case for the Haiti mission",
        slug="kibet-presses-case",
        dek="The president wants more countries to send police officers.",
        dateline="Nairobi, Kenya",
        section=world,
        lead_image=photo,
        tags=(haiti, united_nations),
        body=(
            "<p>President Amani Kibet spoke on Friday to delegates from twelve countries. "
            "Kibet said the mission needed more officers before the rainy season.</p>"
            + figures[0]
            + "<h2>Two calls</h2><p>He then called the secretary-general, aides said.</p>"
            "<blockquote><p>“We will stay until the job is done,” said Kibet.</p></blockquote>"
            "<ul><li>Twelve countries attended.</li><li>Four pledged officers.</li></ul>"
            + figures[1]
            + figures[2]
            + '<p>The full statement is at <a href="https://www.example.org/statements/2026/'
            'kibet-haiti-mission-full-text-and-annexes">https://www.example.org/statements/'
            "2026/kibet-haiti-mission-full-text-and-annexes</a>.</p>"
        ),
    )
    Byline.objects.create(article=story, person=author, order=0)
    article_changed(story)
    Quote.objects.create(article=story, speaker=kibet, text="We will stay until the job is done.")
    make_correction(story, text="An earlier version misstated the date of the call.")

    election_story = make_article(
        headline="Tamaland sets a date for regional elections",
        published_at=timezone.now() - timedelta(minutes=90),
        slug="tamaland-election-date",
        dek="Voters will choose governors in March.",
        section=world,
        tags=(elections,),
        body="<p>President Amani Kibet announced the date on state television.</p>",
    )
    Byline.objects.create(article=election_story, person=author, order=0)
    article_changed(election_story)

    # Enough stories in one section for the lists to have a second page (20 a page), all
    # older than the story above, which leads the front page with its photo.
    for number in range(1, 22):
        make_article(
            headline=f"Markets close higher, day {number} of the rally",
            slug=f"markets-day-{number}",
            published_at=timezone.now() - timedelta(hours=2, minutes=number),
            dek="Traders shrugged off the latest inflation figures.",
            section=business,
            tags=(elections,) if number % 5 == 0 else (),
        )
    live_story = make_live_story(world=world, author=author, photo=photo)
    # A storyline holding both stories and a milestone; the story then shows its box.
    storyline = make_storyline(
        title="Kenya-led mission in Haiti",
        slug="haiti-mission",
        description="The police mission, from the first offer to the deployment.",
        lead_image=photo,
    )
    storyline.entries.create(
        title="UN Security Council authorises the mission",
        date=date(2023, 10, 2),
        text="Resolution 2699 authorises a Multinational Security Support mission.",
    )
    storyline.add_article(story)
    storyline.add_article(election_story)
    return SimpleNamespace(
        live_story=live_story,
        story=story,
        election_story=election_story,
        author=author,
        person=kibet,
        tag=haiti,
        section=world,
        photo=photo,
    )


def make_live_story(*, world, author, photo):
    """A story covered live now: three updates (one pinned, one with a photo and author)."""
    from articles.models import LiveUpdate

    story = make_article(
        headline="Live: Kenyan police begin patrols in Port-au-Prince",
        slug="patrols-live",
        published_at=timezone.now() - timedelta(hours=3),
        dek="Updates from the first day of joint patrols.",
        section=world,
        body="<p>Officers left their base on Thursday morning.</p>",
    )
    story.start_live_coverage(at=timezone.now() - timedelta(hours=3))
    story.save()
    for minutes, text, extra in (
        (150, "A mission spokesperson says no shots have been fired.", {"pinned": True}),
        (120, "The column has left the base near the airport.", {"author": author}),
        (60, "The patrol has reached the national palace.", {"photo": photo}),
    ):
        LiveUpdate.objects.create(
            article=story,
            text=f"<p>{text}</p>",
            published_at=timezone.now() - timedelta(minutes=minutes),
            **extra,
        )
    return story


# Every kind of public page, by name, with the path that shows it for build_newsroom().
PUBLIC_PAGES = {
    "front": "/",
    "list": "/articles/",
    "article": "/articles/kibet-presses-case/",
    "live story": "/articles/patrols-live/",
    "section": "/sections/world/",
    "tag index": "/tags/",
    "tag": "/tags/haiti/",
    "people index": "/people/",
    "person": "/people/amani-kibet/",
    "author": "/authors/amina-odhiambo/",
    "search results": "/search/?q=Kibet",
    "corrections": "/corrections/",
    "follow a person": "/follow/person/amani-kibet/",
    "follow a section": "/follow/section/world/",
    "404": "/articles/no-such-story/",
    "storyline index": "/storylines/",
    "storyline": "/storylines/haiti-mission/",
    "storyline, oldest first": "/storylines/haiti-mission/?order=oldest",
}


@pytest.fixture
def newsroom():
    return build_newsroom()
