"""Structured datelines: the parser's table, the model's parts, the page, JSON-LD and ninjs."""

import io
import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles.datelines import Dateline, parse_dateline
from articles.models import Article
from tests.factories import make_article

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NAIROBI, Kenya —", Dateline(place="Nairobi", country="KE")),
        ("Nairobi, Kenya", Dateline(place="Nairobi", country="KE")),
        ("WASHINGTON (Reuters) -", Dateline(place="Washington", source="Reuters")),
        ("COLUMBIA, S.C. --", Dateline(place="Columbia, S.C.", country="US")),
        ("SACRAMENTO, Calif. –", Dateline(place="Sacramento, Calif.", country="US")),
        ("WASHINGTON, D.C.:", Dateline(place="Washington, D.C.", country="US")),
        (
            "BOGOTA (AP, Oct. 2, 2009) --",
            Dateline(place="Bogota", date=date(2009, 10, 2), source="AP"),
        ),
        ("JERUSALEM/GAZA —", Dateline(place="Jerusalem/Gaza")),
        ("WASHINGTON (Oct. 2, 2024) --", Dateline(place="Washington", date=date(2024, 10, 2))),
        ("DAR ES SALAAM, Tanzania —", Dateline(place="Dar es Salaam", country="TZ")),
        (
            "NAIROBI, Kenya, Jan. 5 (Newsroom) -",
            Dateline(place="Nairobi", country="KE", date=date(2024, 1, 5), source="Newsroom"),
        ),
        (
            "LONDON, Oct 2 (Reuters) -",
            Dateline(place="London", date=date(2024, 10, 2), source="Reuters"),
        ),
        ("Geneva, 5 March 2023 -", Dateline(place="Geneva", date=date(2023, 3, 5))),
        ("RIO DE JANEIRO, Brazil ―", Dateline(place="Rio de Janeiro", country="BR")),
        ("PORT-AU-PRINCE, Haiti", Dateline(place="Port-au-Prince", country="HT")),
        ("UNITED NATIONS (AP) —", Dateline(place="United Nations", source="AP")),
        ("SAN JUAN, Puerto Rico", Dateline(place="San Juan", country="PR")),
        ("KINSHASA, DR Congo", Dateline(place="Kinshasa", country="CD")),
        ("LONDON, U.K.", Dateline(place="London", country="GB")),
        ("McALLEN, Texas", Dateline(place="McALLEN, Texas", country="US")),
        ("Springfield, Somewhere", Dateline(place="Springfield, Somewhere")),
        ("", Dateline()),
    ],
)
def test_parse_dateline_reads_the_common_wire_styles(text, expected):
    assert parse_dateline(text, year=2024) == expected


@pytest.mark.parametrize(
    ("parts", "house"),
    [
        (Dateline(place="Nairobi", country="KE"), "NAIROBI, Kenya"),
        (
            Dateline(place="Nairobi", country="KE", date=date(2024, 1, 5), source="Newsroom"),
            "NAIROBI, Kenya, Jan. 5 (Newsroom)",
        ),
        (
            Dateline(place="Bogota", date=date(2009, 10, 2), source="AP"),
            "BOGOTA, Oct. 2, 2009 (AP)",
        ),
        (Dateline(place="Columbia, S.C.", country="US"), "COLUMBIA, S.C."),
        (
            Dateline(place="Rio de Janeiro", country="BR", date=date(2024, 9, 30)),
            "RIO DE JANEIRO, Brazil, Sept. 30",
        ),
    ],
)
def test_house_style_prints_the_city_in_capitals_and_the_year_only_when_it_differs(parts, house):
    assert parts.house(year=2024) == house


def test_parsing_the_printed_text_gives_the_same_parts():
    parts = Dateline(place="Nairobi", country="KE", date=date(2024, 1, 5), source="Newsroom")
    assert parse_dateline(parts.text(year=2024), year=2024) == parts
    assert parse_dateline(parts.house(year=2024), year=2024) == parts


# --- the model -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_story_given_only_a_dateline_text_gets_its_parts():
    article = make_article(
        dateline="NAIROBI, Kenya, Jan. 5 (Newsroom) -",
        published_at=timezone.make_aware(datetime(2024, 1, 6, 9)),
    )
    article.refresh_from_db()
    assert (article.dateline_place, article.dateline_country, article.dateline_source) == (
        "Nairobi",
        "KE",
        "Newsroom",
    )
    assert article.dateline_date == date(2024, 1, 5)
    assert article.dateline_display == "NAIROBI, Kenya, Jan. 5 (Newsroom)"


@pytest.mark.django_db
def test_a_changed_dateline_text_is_read_again_but_parts_an_editor_set_are_kept():
    article = make_article(dateline="Nairobi, Kenya")
    article = Article.objects.get(pk=article.pk)
    article.dateline = "MOMBASA, Kenya (Reuters) -"
    article.save()
    assert (article.dateline_place, article.dateline_source) == ("Mombasa", "Reuters")
    article = Article.objects.get(pk=article.pk)
    article.dateline_place = "Mombasa Old Town"
    article.dateline_source = ""
    article.save()
    article = Article.objects.get(pk=article.pk)
    assert article.dateline_display == "MOMBASA OLD TOWN, Kenya"


@pytest.mark.django_db
def test_parts_alone_give_the_story_its_dateline_text():
    article = make_article(dateline_place="Kigali", dateline_country="RW")
    assert article.dateline == "Kigali, Rwanda"
    assert article.dateline_display == "KIGALI, Rwanda"


@pytest.mark.django_db
def test_a_country_code_that_is_not_iso_3166_is_refused():
    article = make_article(dateline="Nairobi, Kenya")
    article.dateline_country = "XX"
    with pytest.raises(ValidationError, match="not an ISO 3166 country code"):
        article.full_clean()


# --- what readers, search engines and partners get ----------------------------------------


@pytest.mark.django_db
def test_sample_story_dateline_is_a_place_in_kenya_on_the_page_and_in_json_ld(client, tmp_path):
    path = tmp_path / "nairobi-call.txt"
    shutil.copy(DATA / "nairobi-call.txt", path)
    call_command(
        "import_articles", str(path), status="published", stdout=io.StringIO(), stderr=io.StringIO()
    )
    article = Article.objects.get()
    assert (article.dateline_place, article.dateline_country) == ("Nairobi", "KE")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<span class="dateline">NAIROBI, Kenya –</span>' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["locationCreated"] == {
        "@type": "Place",
        "name": "Nairobi",
        "address": {"@type": "PostalAddress", "addressLocality": "Nairobi", "addressCountry": "KE"},
    }


@pytest.mark.django_db
def test_json_ld_location_of_a_us_dateline_has_its_state_as_region(client):
    article = make_article(dateline="COLUMBIA, S.C. (AP) --")
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["locationCreated"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Columbia",
        "addressRegion": "S.C.",
        "addressCountry": "US",
    }
    assert '<span class="dateline">COLUMBIA, S.C. (AP) –</span>' in html


@pytest.mark.django_db
def test_ninjs_located_carries_every_part_of_the_dateline():
    make_article(
        dateline_place="Nairobi",
        dateline_country="KE",
        dateline_date=date(2020, 1, 5),
        dateline_source="Newsroom",
    )
    out = io.StringIO()
    call_command("export_articles", format="ninjs", stdout=out)
    item = json.loads(out.getvalue().splitlines()[0])
    assert item["located"] == "Nairobi, Kenya, Jan. 5, 2020 (Newsroom)"


# --- the admin -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_sets_the_dateline_parts_in_the_admin(editor_client):
    from tests.articles.admin_helpers import article_form_data

    article = make_article(dateline="Nairobi, Kenya")
    page = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "<h2>Dateline</h2>" in page or ">Dateline</h2>" in page
    data = article_form_data(
        article,
        dateline_place="Mombasa",
        dateline_country="KE",
        dateline_date="2024-01-05",
        dateline_source="Reuters",
    )
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.dateline_parts == Dateline(
        place="Mombasa", country="KE", date=date(2024, 1, 5), source="Reuters"
    )


@pytest.mark.django_db
def test_a_bad_country_code_in_the_admin_is_a_form_error(editor_client):
    from tests.articles.admin_helpers import article_form_data

    article = make_article(dateline="Nairobi, Kenya")
    data = article_form_data(article, dateline_place="Nairobi", dateline_country="ZZ")
    response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert "not an ISO 3166 country code" in response.content.decode()
    article.refresh_from_db()
    assert article.dateline_country == "KE"
