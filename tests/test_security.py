"""Hardened by default: deploy checks, CSP, login throttling, redirects, stored XSS."""

import json
import os
import re
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.factories import make_article, make_editor

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_the_deploy_check():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="news.example.com",
        SITE_URL="https://news.example.com",
        DJANGO_SECURE_SSL_REDIRECT="1",
        DJANGO_SECURE_COOKIES="1",
        DJANGO_SECURE_HSTS_SECONDS="31536000",
        DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
        DJANGO_SECURE_HSTS_PRELOAD="1",
        DJANGO_BEHIND_HTTPS_PROXY="1",
        # As in README's deployment block: the sign-in throttle needs a shared cache (E002).
        # The check does not connect to it.
        REDIS_URL="redis://cache.internal:6379/0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_without_the_https_switches():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr or "security.W004" in result.stdout


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style(client):
    article = make_article(body="<p>Body</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('type="application/ld+json"' in attrs for attrs in scripts)
    assert " style=" not in html and "<style" not in html


@pytest.mark.django_db
def test_admin_works_under_its_own_policy_allowing_only_the_editor_import_map(editor_client):
    response = editor_client.get("/admin/articles/article/add/")
    policy = response["Content-Security-Policy"]
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="importmap"' in attrs or "json" in attrs for attrs in inline), inline
    if 'type="importmap"' in html:
        assert "'sha256-" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]


@pytest.mark.django_db
def test_no_page_lets_a_base_element_change_where_relative_urls_point(client, editor_client):
    """No page uses <base>, so an injected one must not be able to redirect relative links."""
    article = make_article()
    public = client.get(article.get_absolute_url())["Content-Security-Policy"]
    admin_policy = editor_client.get("/admin/articles/article/")["Content-Security-Policy"]
    for policy in (public, admin_policy):
        assert "base-uri 'none'" in policy


# --- Login throttling -----------------------------------------------------------------


def login(client, username, password, address="203.0.113.7"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


@pytest.mark.django_db
def test_repeated_failures_lock_the_username_with_a_clear_message(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_editor("desk", password="the right password 1")
    for _ in range(3):
        assert login(client, "desk", "wrong").status_code == 200
    locked = login(client, "desk", "the right password 1")
    assert locked.status_code == 200
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_locked_username_does_not_lock_out_other_users(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    make_editor("desk", password="the right password 1")
    make_editor("other", password="the right password 2")
    for _ in range(3):
        login(client, "desk", "wrong")
    response = login(client, "other", "the right password 2")
    assert response.status_code == 302


@pytest.mark.django_db
def test_one_address_spraying_many_usernames_is_locked(client, settings):
    settings.LOGIN_ADDRESS_LIMIT = 4
    make_editor("victim", password="the right password 1")
    for n in range(4):
        login(client, f"guess{n}", "wrong", address="198.51.100.9")
    response = login(client, "victim", "the right password 1", address="198.51.100.9")
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert login(client, "victim", "the right password 1", address="192.0.2.1").status_code == 302


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, settings):
    import time_machine
    from django.utils import timezone

    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_SECONDS = 60
    settings.LOGIN_WINDOW_SECONDS = 60
    make_editor("desk", password="the right password 1")
    login(client, "desk", "wrong")
    login(client, "desk", "wrong")
    assert "Too many" in login(client, "desk", "the right password 1").content.decode()
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=121)):
        assert login(client, "desk", "the right password 1").status_code == 302
    cache.clear()


# --- No open doors --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"],
)
def test_login_next_only_goes_to_this_site(client, next_url):
    make_editor("desk", password="the right password 1")
    response = client.post(
        "/admin/login/",
        {"username": "desk", "password": "the right password 1", "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/")


@pytest.mark.django_db
def test_feed_and_sitemap_urls_ignore_the_request_host(client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    make_article()
    for path in ("/feeds/latest/", "/sitemap-articles.xml", "/news-sitemap.xml", "/api/articles/"):
        body = client.get(path, HTTP_HOST="evil.example").content.decode()
        assert "evil.example" not in body, path
        assert "http://127.0.0.1:8000/" in body, path


# --- Stored XSS -----------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "<svg onload=alert(3)>",
    '<a href="javascript:alert(4)">click</a>',
    "</title><script>alert(5)</script>",
    "</textarea><script>alert(6)</script>",
    "{{7*7}}",
    "{% debug %}",
    "\u202eevil\u202c",
]
PAYLOAD = " ".join(PAYLOADS)


class InertChecker(HTMLParser):
    """Collects anything in a page that could run: handlers, scripts, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_script: str | None = None
        self.json_blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            dangerous = ("javascript:", "data:text")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith(dangerous):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script":
            kind = attributes.get("type", "")
            if "src" in attributes or kind in (
                "application/ld+json",
                "application/json",
                "importmap",
            ):
                self.in_script = kind
            else:
                self.problems.append(f"inline <script {attributes}>")
                self.in_script = "inline"

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None

    def handle_data(self, data):
        if self.in_script == "application/ld+json":
            self.json_blocks.append(data)
        elif (
            self.in_script
            and data.strip()
            and self.in_script not in ("application/json", "importmap")
        ):
            self.problems.append(f"script text {data[:40]!r}")


def assert_inert(body: str, where: str) -> None:
    checker = InertChecker()
    checker.feed(body)
    assert not checker.problems, (where, checker.problems)
    for block in checker.json_blocks:
        json.loads(block)
    # "</title><script>" in a headline must not end the real <title> early.
    assert body.count("<title>") <= 1 and body.count("</title>") <= 1, where
    assert "\u202e" not in body, where
    assert "sql_queries" not in body, where  # {% debug %} was not executed


@pytest.fixture
def poisoned(db, tmp_path):
    """Every text field an editor or importer can fill, holding the whole payload corpus."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    from articles.models import Byline, Correction, Image, Section
    from articles.services import article_changed
    from people.models import Mention, Person, PersonAlias, Quote
    from tags.models import Tag

    section = Section.objects.create(name="Sec " + PAYLOAD[:80], slug="sec")
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30)).save(buffer, "JPEG")
    image = Image.objects.create(
        file=SimpleUploadedFile("p.jpg", buffer.getvalue()),
        alt_text="Alt " + PAYLOAD,
        caption="Caption " + PAYLOAD,
        credit="Credit " + PAYLOAD[:150],
        source="Source " + PAYLOAD[:150],
    )
    person = Person.objects.create(
        name="Amani " + PAYLOADS[0],
        slug="amani",
        bio="Bio " + PAYLOAD,
    )
    person.roles.create(title="Role " + PAYLOAD[:150], organisation="Org " + PAYLOADS[3])
    PersonAlias.objects.create(person=person, text="Alias " + PAYLOADS[1])
    tag = Tag.objects.create(name="Tag " + PAYLOADS[2], slug="tagx", description="Desc " + PAYLOAD)
    article = make_article(
        headline="Head " + PAYLOAD[:250],
        slug="poisoned",
        dek="Dek " + PAYLOAD,
        body="<p>Body " + PAYLOAD + "</p><p>Escaped &lt;script&gt;alert(7)&lt;/script&gt;</p>",
        dateline="Dateline " + PAYLOADS[4],
        meta_description="Meta " + PAYLOAD[:250],
        section=section,
        lead_image=image,
        tags=(tag,),
    )
    Byline.objects.create(article=article, person=person)
    Mention.objects.create(article=article, person=person, count=1)
    Quote.objects.create(article=article, speaker=person, text="Quote " + PAYLOAD)
    Correction.objects.create(article=article, text="Correction " + PAYLOAD)
    article_changed(article)
    return article


PUBLIC_PATHS = [
    "/",
    "/articles/",
    "/articles/poisoned/",
    "/search/?q=Body",
    "/sections/sec/",
    "/tags/",
    "/tags/tagx/",
    "/people/",
    "/people/amani/",
    "/authors/amani/",
    "/corrections/",
]
MACHINE_PATHS = [
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/sections/sec/feed/",
    "/tags/tagx/feed/",
    "/people/amani/feed/",
    "/authors/amani/feed/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-tags.xml",
    "/news-sitemap.xml",
    "/api/articles/",
    "/api/people/",
    "/api/tags/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_payloads_are_inert_on_every_public_page(client, poisoned, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    assert_inert(body, path)
    if path == "/articles/poisoned/":
        assert "{{7*7}}" in body and "{% debug %}" in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
        assert "Escaped &lt;script&gt;alert(7)&lt;/script&gt;" in body


@pytest.mark.parametrize("path", MACHINE_PATHS)
def test_payloads_are_inert_in_feeds_sitemaps_and_the_api(client, poisoned, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.content.decode()
    if path.startswith("/api/"):
        data = response.json()
        for item in data["results"]:
            for body_item in item.get("bodies", []):
                assert_inert(body_item["value"], path)
    else:
        # XML: markup in text is escaped, never raw.
        assert "<script>" not in body and "<svg" not in body and "<img src=x" not in body


@pytest.mark.django_db
def test_payloads_are_inert_in_the_admin(editor_client, poisoned):
    from people.models import Person

    person = Person.objects.get(slug="amani")
    editor_client.post(
        f"/admin/articles/article/{poisoned.pk}/change/",
        __import__("tests.articles.admin_helpers", fromlist=["x"]).article_form_data(poisoned),
        follow=True,
    )
    pages = [
        "/admin/articles/article/",
        f"/admin/articles/article/{poisoned.pk}/change/",
        f"/admin/articles/article/{poisoned.pk}/history/",
        # History shows each version's changes (the compare view); /revisions/ redirects here.
        f"/admin/articles/article/{poisoned.pk}/preview/",
        "/admin/people/person/",
        f"/admin/people/person/{person.pk}/change/",
        "/admin/tags/tag/",
        "/admin/articles/image/",
        "/admin/articles/section/",
        "/admin/people/quote/",
        "/admin/people/mention/",
    ]
    for path in pages:
        response = editor_client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.content.decode(), path)


@pytest.mark.django_db
def test_right_to_left_override_is_never_stored(poisoned):
    poisoned.refresh_from_db()
    assert "\u202e" not in poisoned.headline + poisoned.dek + poisoned.body
