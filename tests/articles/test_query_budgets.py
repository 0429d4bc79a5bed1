"""Every public page runs a fixed number of SQL queries, whatever the amount of data: the
count is measured, the data tripled (stories, tags, people, authors, corrections), and the
count measured again."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import TOP_STORIES, Byline, Pin
from articles.services import refresh_search_terms
from people.models import Mention, Quote
from tests.factories import (
    make_article,
    make_correction,
    make_person,
    make_section,
    make_storyline,
    make_tag,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/articles/",
    "/articles/?section=world",
    "/articles/?tag=haiti",
    "/articles/?person=amani-kibet",
    "/articles/?author=amina-odhiambo",
    "/articles/?date_from=2000-01-01&date_to=2999-01-01",
    "/articles/?page=2",
    "/search/?q=mission",
    "/sections/world/",
    "/tags/",
    "/tags/haiti/",
    "/people/",
    "/people/amani-kibet/",
    "/authors/amina-odhiambo/",
    "/corrections/",
    "/feeds/latest/",
    "/feeds/latest/atom/",
    "/sections/world/feed/",
    "/tags/haiti/feed/",
    "/people/amani-kibet/feed/",
    "/authors/amina-odhiambo/feed/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/news-sitemap.xml",
    "/api/articles/",
    "/api/people/",
    "/api/tags/",
    "/storylines/",
    "/storylines/haiti/",
    "/storylines/haiti/?order=oldest",
    "/storylines/haiti/feed/",
    "/sitemap-storylines.xml",
    "ARTICLE",
]


class Newsroom:
    def __init__(self):
        self.sections = [make_section(name="World", slug="world")]
        self.author = make_person("Amina Odhiambo")
        self.kibet = make_person("Amani Kibet", honorific="President")
        self.haiti = make_tag("Haiti", slug="haiti")
        self.article = None
        # Every story joins the storyline with a milestone; the first few are pinned on the
        # front page and the section front (the article page then shows the storyline box).
        self.storyline = make_storyline(title="Haiti", slug="haiti")
        self.grow(1)

    def grow(self, times: int) -> None:
        for n in range(times * 25):
            section = make_section() if n % 10 == 0 else self.sections[0]
            self.sections.append(section)
            extra_tag, extra_person = make_tag(), make_person()
            article = make_article(
                section=section,
                tags=(self.haiti, extra_tag),
                body="<p>The mission needs money, said President Amani Kibet.</p>",
            )
            Byline.objects.create(article=article, person=self.author, order=0)
            Byline.objects.create(article=article, person=extra_person, order=1, role="photos")
            Mention.objects.create(article=article, person=self.kibet, count=1)
            Mention.objects.create(article=article, person=extra_person, count=1)
            Quote.objects.create(article=article, speaker=self.kibet, text="We need money.")
            make_correction(article)
            refresh_search_terms(article)
            self.article = self.article or article
            self.storyline.add_article(article)
            self.storyline.entries.create(title=f"Milestone {n}", date=article.published_at)
            make_storyline().add_article(article)
            position = Pin.objects.filter(section=None).count()
            if position <= TOP_STORIES:
                Pin.objects.create(article=article, position=position)
                Pin.objects.create(article=article, section=self.sections[0], position=position)

    def url(self, path: str) -> str:
        return self.article.get_absolute_url() if path == "ARTICLE" else path


def count_queries(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize("path", PAGES)
def test_query_count_does_not_grow_with_the_data(client, path):
    newsroom = Newsroom()
    before = count_queries(client, newsroom.url(path))
    newsroom.grow(2)
    after = count_queries(client, newsroom.url(path))
    assert after == before, f"{path}: {before} queries with little data, {after} with more"
    # 17: a story page with nothing cached reads which row is live at the slug (the key of its
    # cached pieces), then the row with everything it shows.
    assert after <= 17, f"{path} runs {after} queries"
