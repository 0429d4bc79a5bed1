"""Quotes on the story screen: how sure each speaker is, and the one-click fix."""

import pytest
from django.urls import reverse

from articles.people_links import link_article
from people.links import links_in
from people.models import Mention, PersonAlias, Quote
from tests.factories import make_article, make_draft, make_person, make_reporter

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Judge Carmen Ibarra and Colonel Bernard Pike met on Friday.</p>"
    "<p>“The roofs should have been replaced a decade ago,” Grimsby said.</p>"
)


@pytest.fixture
def story():
    make_person(name="Carmen Ibarra", honorific="Judge")
    make_person(name="Bernard Pike", honorific="Colonel")
    article = make_article(body=BODY)
    link_article(article)
    return article


def fix_url(article, quote) -> str:
    return reverse("admin:articles_article_quote_review", args=[article.pk, quote.pk])


def test_a_speaker_the_directory_cannot_resolve_is_a_guess_to_review(story):
    [quote] = story.quotes.all()
    assert (quote.speaker_text, quote.confidence) == ("Grimsby", Quote.Confidence.GUESS)


def test_editor_sets_the_speaker_in_one_click_and_it_survives_relinking(story, editor_client):
    [quote] = story.quotes.all()
    pike = Mention.objects.get(article=story, person__name="Bernard Pike").person
    response = editor_client.post(fix_url(story, quote), {"speaker": pike.pk})
    assert response.status_code == 302
    link_article(story)
    [quote] = story.quotes.all()
    assert (quote.speaker, quote.confidence, quote.source) == (
        pike,
        Quote.Confidence.CERTAIN,
        Quote.Source.CORRECTED,
    )


def test_editor_cannot_pick_someone_the_story_does_not_name(story, editor_client):
    [quote] = story.quotes.all()
    stranger = make_person(name="Walter Grimsby")
    editor_client.post(fix_url(story, quote), {"speaker": stranger.pk})
    assert story.quotes.get().speaker is None


def test_reporter_cannot_fix_a_quote_on_a_colleagues_draft(client):
    make_person(name="Bernard Pike", honorific="Colonel")
    draft = make_draft(body=BODY)
    link_article(draft)
    client.force_login(make_reporter("colleague"))
    [quote] = draft.quotes.all()
    response = client.post(fix_url(draft, quote), {"speaker": "none"})
    assert response.status_code in (403, 404)
    assert draft.quotes.get().confidence == Quote.Confidence.GUESS


def test_panel_lists_the_quote_to_check(story, editor_client):
    page = editor_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    assert b"1 to check" in page.content


def test_a_former_name_links_to_the_person():
    greta = make_person(name="Greta Nyberg", honorific="Judge")
    PersonAlias.objects.create(person=greta, text="Greta Solberg", used_until=2019)
    links = links_in(
        ["In 2017 Greta Solberg won the case. “We did what the law asked,” Solberg said."]
    )
    assert list(links.found) == [greta.pk]
    assert [(q.speaker_text, q.speaker_person_id) for q in links.quotes] == [("Solberg", greta.pk)]


def test_a_confident_quote_can_still_be_given_another_speaker_from_the_panel(editor_client):
    make_person(name="Carmen Ibarra", honorific="Judge")
    make_person(name="Bernard Pike", honorific="Colonel")
    story = make_article(
        body="<p>Judge Carmen Ibarra and Colonel Bernard Pike met on Friday.</p>"
        "<p>“We start on Monday,” Judge Ibarra said.</p>"
    )
    link_article(story)
    [quote] = story.quotes.all()
    assert quote.confidence not in Quote.TO_REVIEW
    page = editor_client.get(reverse("admin:articles_article_change", args=[story.pk]))
    html = page.content.decode()
    # No formset row per quote (an edit there was undone by the next relink): the panel's fix.
    assert 'name="quotes-TOTAL_FORMS"' not in html and "quote_set-TOTAL_FORMS" not in html
    row = html.split(f'formaction="{fix_url(story, quote)}"')
    assert len(row) > 1 and "Change speaker" in html
    pike = Mention.objects.get(article=story, person__name="Bernard Pike").person
    editor_client.post(fix_url(story, quote), {"speaker": pike.pk})
    link_article(story)
    assert story.quotes.get().speaker == pike
