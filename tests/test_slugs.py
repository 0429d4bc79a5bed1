import pytest

from articles.models import Section
from newsroom.slugs import free_slug, slug_base, unique_slug, unique_slugs
from tests.factories import make_section


def test_slug_base_is_the_text_as_a_slug():
    assert slug_base("Ruto meets Kenyan police", max_length=80, fallback="story") == (
        "ruto-meets-kenyan-police"
    )


def test_slug_base_keeps_whole_words_within_the_length():
    assert slug_base("Ruto meets Kenyan police", max_length=12, fallback="story") == "ruto-meets"


def test_slug_base_cuts_a_single_word_longer_than_the_length():
    assert slug_base("Supercalifragilistic", max_length=5, fallback="story") == "super"


def test_slug_base_falls_back_when_nothing_is_left():
    assert slug_base("¿¡!?", max_length=80, fallback="person") == "person"


@pytest.mark.django_db
def test_free_slug_is_the_slug_itself_when_nobody_holds_it():
    make_section(slug="sport")
    assert free_slug("news", rows=Section) == "news"


@pytest.mark.django_db
def test_free_slug_numbers_a_slug_already_held():
    make_section(slug="news")
    make_section(slug="news-2")
    assert free_slug("news", rows=Section.objects) == "news-3"


@pytest.mark.django_db
def test_free_slug_ignores_slugs_that_only_start_with_it():
    make_section(slug="news-analysis")
    assert free_slug("news", rows=Section) == "news"


@pytest.mark.django_db
def test_free_slug_lets_a_row_keep_its_own_slug():
    own = make_section(slug="news")
    assert free_slug("news", rows=Section, exclude_pk=own.pk) == "news"


@pytest.mark.django_db
def test_free_slug_avoids_slugs_about_to_be_written():
    assert free_slug("news", rows=Section, also_taken=["news", "news-2"]) == "news-3"


@pytest.mark.django_db
def test_free_slug_checks_only_the_rows_it_is_given():
    make_section(slug="news", order=1)
    assert free_slug("news", rows=Section.objects.filter(order=2)) == "news"


@pytest.mark.django_db
def test_free_slug_checks_the_field_it_is_given():
    make_section(name="news", slug="other")
    assert free_slug("news", rows=Section, field="name") == "news-2"


@pytest.mark.django_db
def test_unique_slug_makes_a_slug_from_the_text_and_numbers_it_when_held():
    make_section(slug="kenya-police")
    assert unique_slug("Kenya police", rows=Section, max_length=80, fallback="story") == (
        "kenya-police-2"
    )


@pytest.mark.django_db
def test_unique_slug_is_one_query_however_many_are_held(django_assert_num_queries):
    for slug in ["news", "news-2", "news-3"]:
        make_section(slug=slug)
    with django_assert_num_queries(1):
        assert unique_slug("News", rows=Section, max_length=80, fallback="story") == "news-4"


@pytest.mark.django_db
def test_unique_slugs_are_distinct_from_each_other_and_from_the_rows():
    make_section(slug="budget")
    slugs = unique_slugs(
        ["Budget", "Budget", "Floods", "Floods"], rows=Section, max_length=80, fallback="story"
    )
    assert slugs == ["budget-2", "budget-3", "floods", "floods-2"]


@pytest.mark.django_db
def test_unique_slugs_is_one_query_when_no_slug_is_held(django_assert_num_queries):
    with django_assert_num_queries(1):
        slugs = unique_slugs(["Budget", "Floods"], rows=Section, max_length=80, fallback="story")
    assert slugs == ["budget", "floods"]
