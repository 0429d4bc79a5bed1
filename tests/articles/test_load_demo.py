import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from articles.models import Article, Byline, Correction, Pin, Section
from people.models import Person, PersonAlias
from storylines.models import Storyline
from tags.models import Tag

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Article, Byline, Correction, Section, Person, PersonAlias, Tag)
    } | {"users": get_user_model().objects.count()}


def test_load_demo_twice_gives_the_same_counts(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first


def test_demo_has_the_content_the_newsroom_needs(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo", verbosity=0)
    assert Person.objects.count() >= 20
    for slug in ("william-ruto", "donald-trump", "antony-blinken", "joe-biden"):
        assert Person.objects.get(slug=slug).honorific
    assert set(Tag.objects.values_list("kind", flat=True)) == {
        "topic",
        "place",
        "organisation",
        "event",
    }
    assert Article.objects.count() >= 12
    assert Article.objects.filter(status="draft").exists()
    assert Article.objects.filter(status="in_review").exists()
    assert Article.objects.scheduled().exists()
    assert Article.objects.filter(bylines__order=1).distinct().count() >= 2
    haiti = Article.objects.get(dateline__icontains="Nairobi", body__icontains="Haiti")
    assert haiti.body.count("<h2>") >= 2


def test_demo_editor_account_logs_in_to_the_admin(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo", verbosity=0)
    assert client.login(username="editor", password="a demo password 42")
    assert client.get("/admin/articles/article/").status_code == 200


def test_demo_password_is_generated_and_printed_once_when_not_given(monkeypatch, capsys):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo")
    first_run = capsys.readouterr().out
    generated = re.search(r"editor .*\n\s+password: (\S+)", first_run).group(1)
    call_command("load_demo")
    second_run = capsys.readouterr().out
    assert generated not in second_run
    assert "as printed when it was created" in second_run


@override_settings(SITE_URL="http://127.0.0.1:8200")
def test_demo_accounts_their_roles_and_the_admin_url_are_printed_with_a_chosen_password(
    monkeypatch, capsys
):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "sign in at http://127.0.0.1:8200/admin/" in out
    assert re.search(r"editor\s+Editor: ", out)
    assert re.search(r"reporter\s+Reporter: ", out)
    assert "a demo password 42" not in out


def test_demo_has_a_finished_live_coverage_and_tag_synonyms(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo", verbosity=0)
    live = Article.objects.get(coverage_ended_at__isnull=False)
    assert not live.live_coverage and live.live_updates.count() >= 3
    assert live.live_updates.filter(pinned=True).count() == 1
    assert "armoured vehicles" in client.get(live.get_absolute_url()).content.decode()
    haiti_mission = Tag.objects.get(name="Haiti mission")
    assert Tag.objects.resolve("MSS") == haiti_mission
    assert Tag.objects.resolve("Multinational Security Support mission") == haiti_mission


def test_demo_shows_a_body_photo_a_gallery_an_embed_focal_points_and_portraits(monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo", verbosity=0)
    bodies = {
        slug: Article.objects.get(slug=slug).body
        for slug in (
            "drought-tolerant-sorghum-trials-eastern-kenya",
            "port-au-prince-artists-keep-studios-open",
            "lamu-cultural-festival-dhow-races",
        )
    }
    assert '<figure data-image="' in bodies["drought-tolerant-sorghum-trials-eastern-kenya"]
    assert '<figure class="gallery"' in bodies["port-au-prince-artists-keep-studios-open"]
    assert "<figure data-embed=" in bodies["lamu-cultural-festival-dhow-races"]
    from articles.models import Image

    assert Image.objects.exclude(focal_x=0.5).exists()
    writers = Person.objects.filter(bylines__isnull=False).distinct()
    assert writers and all(person.photo_renditions for person in writers)
    for slug in bodies:
        page = client.get(f"/articles/{slug}/")
        assert page.status_code == 200
        shown = r'<figure class="(figure|embed)|<ul class="gallery"'
        assert re.search(shown, page.content.decode())


def test_demo_has_the_haiti_storyline_and_a_pinned_lead(client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a demo password 42")
    call_command("load_demo", verbosity=0)
    storyline = Storyline.objects.get(slug="kenya-led-mission-in-haiti")
    assert storyline.entries.count() >= 5
    assert storyline.entries.filter(article__isnull=True).count() >= 4
    assert storyline.entries.filter(article__isnull=False).count() >= 2
    page = client.get(storyline.get_absolute_url()).content.decode()
    assert "Kenya’s High Court blocks deployment" in page
    assert "Resolution 2699" in page
    lead = Pin.objects.get(section=None, position=0).article
    front = client.get("/").content.decode()
    assert f'id="lead-headline" class="lead-headline"><a href="{lead.get_absolute_url()}"' in front
