import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Byline, Correction, Section
from people.models import Person, PersonAlias
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
    assert "Demo account 'editor'" in first_run
    call_command("load_demo")
    assert "password" not in capsys.readouterr().out
