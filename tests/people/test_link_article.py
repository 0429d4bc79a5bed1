import pytest
from django.core.management import CommandError, call_command

from articles.people_links import link_article
from people.models import Mention, NameSuggestion, Quote
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db

BODY = (
    "<p>President Amani Kibet opened the bridge on Monday.</p>"
    "<p>“This crossing will carry goods to the coast in half the time,” Kibet said.</p>"
    "<p>Finance Minister Otieno Baraka Wekesa, who is not in the directory, attended.</p>"
)


@pytest.fixture
def kibet():
    return make_person("Amani Kibet", honorific="President")


def test_linking_stores_each_person_with_count_and_first_position(kibet):
    article = make_article(body=BODY)
    link_article(article)
    mention = Mention.objects.get(article=article)
    assert mention.person == kibet
    assert mention.count == 2
    assert mention.status == Mention.Status.AUTO


def test_linking_attributes_the_quote_to_the_person(kibet):
    article = make_article(body=BODY)
    link_article(article)
    quote = Quote.objects.get(article=article)
    assert quote.speaker == kibet
    assert quote.text.startswith("This crossing will carry goods")


def test_relinking_twice_gives_the_same_rows(kibet):
    article = make_article(body=BODY)
    link_article(article)
    link_article(article)
    assert Mention.objects.filter(article=article).count() == 1
    assert Quote.objects.filter(article=article).count() == 1


def test_rejected_mention_stays_rejected_on_relinking(kibet):
    article = make_article(body=BODY)
    link_article(article)
    Mention.objects.filter(article=article).update(status=Mention.Status.REJECTED)
    link_article(article)
    assert Mention.objects.get(article=article).status == Mention.Status.REJECTED


def test_confirmed_mention_added_by_hand_survives_relinking(kibet):
    other = make_person("Halima Yusuf")
    article = make_article(body=BODY)
    Mention.objects.create(article=article, person=other, status=Mention.Status.CONFIRMED)
    link_article(article)
    assert set(Mention.objects.filter(article=article).values_list("person__name", flat=True)) == {
        "Amani Kibet",
        "Halima Yusuf",
    }


def test_automatic_mention_disappears_when_the_text_no_longer_names_the_person(kibet):
    article = make_article(body=BODY)
    link_article(article)
    article.body = "<p>The bridge opened on Monday.</p>"
    article.save()
    link_article(article)
    assert not Mention.objects.filter(article=article).exists()


def test_editor_quote_survives_relinking(kibet):
    article = make_article(body=BODY)
    Quote.objects.create(article=article, text="Added by hand.", source=Quote.Source.MANUAL)
    link_article(article)
    assert Quote.objects.filter(article=article, source="manual").count() == 1


def test_unknown_name_after_an_office_becomes_a_suggestion(kibet):
    article = make_article(body=BODY)
    link_article(article)
    suggestion = NameSuggestion.objects.get()
    assert suggestion.name == "Otieno Baraka Wekesa"
    assert suggestion.honorific == "Finance Minister"


def test_dismissed_suggestion_is_not_brought_back(kibet):
    article = make_article(body=BODY)
    link_article(article)
    NameSuggestion.objects.update(status=NameSuggestion.Status.DISMISSED)
    link_article(make_article(body=BODY))
    assert NameSuggestion.objects.get().status == NameSuggestion.Status.DISMISSED


def test_link_people_command_picks_up_a_person_added_later(capsys):
    article = make_article(body="<p>Governor Neema Achieng toured the clinic.</p>")
    link_article(article)
    assert not Mention.objects.exists()
    make_person("Neema Achieng", honorific="Governor")
    call_command("link_people")
    assert Mention.objects.get().article == article
    assert f"{article.slug}: + Neema Achieng" in capsys.readouterr().out


def test_link_people_dry_run_writes_nothing():
    make_article(body="<p>Governor Neema Achieng toured the clinic.</p>")
    make_person("Neema Achieng", honorific="Governor")
    call_command("link_people", "--dry-run", verbosity=0)
    assert not Mention.objects.exists()


def test_link_people_for_one_article_and_since_a_date():
    first = make_article(body="<p>Governor Neema Achieng spoke.</p>")
    second = make_article(body="<p>Governor Neema Achieng spoke again.</p>")
    make_person("Neema Achieng", honorific="Governor")
    call_command("link_people", "--article", first.slug, verbosity=0)
    assert list(Mention.objects.values_list("article", flat=True)) == [first.pk]
    call_command("link_people", "--since", "2000-01-01", verbosity=0)
    assert Mention.objects.filter(article=second).exists()


def test_link_people_rejects_a_bad_date_and_an_unknown_slug():
    with pytest.raises(CommandError, match="not a date"):
        call_command("link_people", "--since", "yesterday")
    with pytest.raises(CommandError, match="No article"):
        call_command("link_people", "--article", "nope")


@pytest.fixture
def the_youngs():
    """Two people who share the initials-style alias "A. Young"."""
    return (
        make_person("Astrid Young", aliases=("A. Young",)),
        make_person("Adam Young", aliases=("A. Young",)),
    )


def test_a_story_with_only_a_shared_alias_links_nobody(the_youngs):
    article = make_article(body="<p>A. Young said the bridge would open in May.</p>")
    link_article(article)
    assert not Mention.objects.filter(article=article).exists()


def test_a_shared_alias_links_the_person_the_story_named_in_full_first(the_youngs):
    astrid, _adam = the_youngs
    article = make_article(
        body="<p>Astrid Young opened the bridge.</p><p>A. Young said it cost less.</p>"
    )
    link_article(article)
    mention = Mention.objects.get(article=article)
    assert (mention.person, mention.count) == (astrid, 2)
