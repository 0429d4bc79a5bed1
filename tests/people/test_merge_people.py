import pytest

from articles.models import Byline
from people.models import Mention, Person, PersonAlias, Quote
from people.services import merge_people
from tests.factories import make_article, make_person

pytestmark = pytest.mark.django_db


def test_merging_people_moves_bylines_mentions_quotes_and_aliases():
    keep = make_person("Amina Odhiambo")
    duplicate = make_person("Amina Odiambo", aliases=("A. Odhiambo",))
    story = make_article(authors=(duplicate,))
    both = make_article(authors=(keep, duplicate))
    Mention.objects.create(article=story, person=duplicate, count=2, first_position=10)
    Mention.objects.create(article=both, person=keep, count=1, first_position=50)
    Mention.objects.create(
        article=both, person=duplicate, count=3, first_position=5, status="confirmed"
    )
    Quote.objects.create(article=story, speaker=duplicate, text="We will be back.")

    merge_people(keep=keep, others=[duplicate])

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Byline.objects.filter(person=keep).count() == 2
    merged = Mention.objects.get(article=both, person=keep)
    assert (merged.count, merged.first_position, merged.status) == (4, 5, "confirmed")
    assert Quote.objects.get().speaker == keep
    assert set(PersonAlias.objects.filter(person=keep).values_list("text", flat=True)) == {
        "A. Odhiambo",
        "Amina Odiambo",
    }


def test_merged_persons_old_page_and_feed_redirect(client):
    keep = make_person("Joseph Kariuki")
    duplicate = make_person("Joe Kariuki")
    make_article(authors=(duplicate,))  # public: readers may follow a redirect to the keeper
    old_url = duplicate.get_absolute_url()
    merge_people(keep=keep, others=[duplicate])
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == keep.get_absolute_url()
    feed = client.get(old_url + "feed/")
    assert feed.status_code == 301
    assert feed["Location"] == keep.get_absolute_url() + "feed/"


def test_editor_merges_people_from_the_admin(editor_client):
    keep = make_person("Grace Wanjiru")
    duplicate = make_person("Grace Wanjirū")
    response = editor_client.post(
        "/admin/people/person/",
        {
            "action": "merge",
            "_selected_action": [keep.pk, duplicate.pk],
            "confirm": "yes",
            "keep": keep.pk,
        },
    )
    assert response.status_code == 302
    assert list(Person.objects.all()) == [keep]


def test_reporter_cannot_merge_people(reporter_client):
    first, second = make_person("A One"), make_person("B Two")
    reporter_client.post(
        "/admin/people/person/",
        {
            "action": "merge",
            "_selected_action": [first.pk, second.pk],
            "confirm": "yes",
            "keep": first.pk,
        },
    )
    assert Person.objects.count() == 2


def test_merging_two_people_who_share_an_alias_keeps_it_once():
    keep = make_person("Astrid Young", aliases=("A. Young",))
    duplicate = make_person("Astrid Yong", aliases=("a. young", "Tiddy"))
    other = make_person("Adam Young", aliases=("A. Young",))

    merge_people(keep=keep, others=[duplicate])

    assert sorted(keep.aliases.values_list("text", flat=True)) == [
        "A. Young",
        "Astrid Yong",
        "Tiddy",
    ]
    assert list(other.aliases.values_list("text", flat=True)) == ["A. Young"]


def test_merging_keeps_the_old_name_as_an_alias_even_when_someone_else_holds_it():
    keep = make_person("Astrid Young")
    duplicate = make_person("A. Young")
    other = make_person("Adam Young", aliases=("A. Young",))

    merge_people(keep=keep, others=[duplicate])

    assert list(keep.aliases.values_list("text", flat=True)) == ["A. Young"]
    assert list(other.aliases.values_list("text", flat=True)) == ["A. Young"]
