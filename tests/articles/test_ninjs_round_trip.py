"""ninjs export -> import into an empty database -> export: the same items, apart from the
fields listed in ALLOWED_TO_DIFFER (issue 17, item 7)."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Byline, Image, Section
from articles.services import store_uploaded_image
from people.models import Mention, NameSuggestion, Person, PersonAlias
from tags.models import Tag
from tests.articles.test_export_articles import ninjs_validator
from tests.articles.test_round_trip import png_bytes
from tests.factories import make_article, make_person, make_section, make_tag

pytestmark = pytest.mark.django_db

# What an import cannot keep, by design: the item's version counts edits in this database
# (the import is version 1), and ``versioncreated`` is when it was last saved (the import).
ALLOWED_TO_DIFFER = ("version", "versioncreated")


def export_ninjs() -> list[dict]:
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def comparable(items: list[dict]) -> list[dict]:
    """Items without the fields allowed to differ, the x-newsroom facts read as JSON."""
    kept = []
    for item in items:
        item = {key: value for key, value in item.items() if key not in ALLOWED_TO_DIFFER}
        item["altids"] = [{**a, "value": json.loads(a["value"])} for a in item["altids"]]
        kept.append(item)
    return kept


def empty_the_database() -> None:
    """Everything the export carries, gone (media files stay, as after a restore)."""
    Article.objects.all().delete()
    for model in (Image, Section, Tag, NameSuggestion, PersonAlias, Person):
        model.objects.all().delete()


def photo(caption: str, **fields) -> Image:
    image = Image(caption=caption, alt_text=f"Alt: {caption}", **fields)
    return store_uploaded_image(image=image, upload=ContentFile(png_bytes(64, 48), name="a.png"))


@pytest.fixture
def newsroom():
    """Stories in every status, with everything ninjs alone would lose."""
    now = timezone.now().replace(microsecond=0)
    world = make_section(name="World", slug="world")
    amina = make_person("Amina Odhiambo")
    peter = make_person("Peter Kamau")
    ruto = make_person("William Ruto")
    blinken = make_person("Antony Blinken")
    biden = make_person("Joe Biden")
    lead = photo("Officers board a plane", credit="Jane Doe/Newsroom", source="Newsroom")
    lead.focal_x, lead.focal_y = 0.25, 0.3
    lead.save()
    first, second = photo("The airport"), photo("The crowd")
    main = make_article(
        headline="Kenya sends more officers to Haiti",
        slug="officers-haiti",  # not the headline's slug: it must come back as it was
        dek="A second contingent leaves.",
        dateline="NAIROBI, Kenya, Jan. 5 (Newsroom)",
        body=(
            "<p>William Ruto and Antony Blinken spoke; Joe Biden did not.</p>"
            f'<figure data-image="{first.pk}" data-size="wide"></figure>'
            f'<figure class="gallery" data-images="{second.pk},{first.pk}"></figure>'
        ),
        section=world,
        lead_image=lead,
        tags=(
            make_tag("Security", slug="security", kind="topic"),
            make_tag("Haiti", slug="haiti", kind="place"),
            make_tag("United Nations", slug="un", kind="organisation"),
            make_tag("Haiti mission", slug="haiti-mission", kind="event"),
        ),
        revised_at=now - timedelta(minutes=5),
        expires_at=now + timedelta(days=30),
        source_notes="Contact: Jane Roe, 202-555-0100\nCredit: By Amina Odhiambo / Newsroom",
    )
    main.dateline_date = date(2024, 1, 5)
    main.save()
    for order, (person, role) in enumerate(
        [(amina, "by"), (peter, "additional reporting"), (amina, "photos")]
    ):
        Byline.objects.create(article=main, person=person, role=role, order=order)
    # In the order the text names them, as the linker and the importer count them.
    Mention.objects.create(article=main, person=ruto, count=1, first_position=0)
    Mention.objects.create(article=main, person=blinken, status="confirmed", first_position=1)
    Mention.objects.create(article=main, person=biden, status="rejected", first_position=2)
    make_article(
        headline="Budget week begins",
        slug="budget-embargoed",
        published_at=now - timedelta(minutes=1),
        embargo_until=now + timedelta(hours=2),
        section=world,
        authors=(peter,),
    )
    make_article(headline="Tomorrow", slug="tomorrow", published_at=now + timedelta(days=1))
    make_article(headline="In review", slug="in-review", status="in_review")
    make_article(headline="A draft", slug="a-draft", status="draft", body="")
    make_article(headline="Taken down", slug="taken-down", status="archived", published_at=now)
    return main


def test_ninjs_export_import_export_is_the_same_apart_from_documented_fields(newsroom, tmp_path):
    first = export_ninjs()
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in first) + "\n", encoding="utf-8")
    empty_the_database()
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("6 created, 0 updated")
    second = export_ninjs()
    assert comparable(second) == comparable(first)
    validator = ninjs_validator()
    assert all(not list(validator.iter_errors(item)) for item in second)


def test_round_trip_keeps_what_ninjs_alone_would_lose(newsroom, tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in export_ninjs()), encoding="utf-8")
    empty_the_database()
    call_command("import_articles", str(path), stdout=io.StringIO())
    main = Article.objects.get(slug="officers-haiti")
    assert (main.status, main.section.slug, main.expires_at) == (
        "published",
        "world",
        newsroom.expires_at,
    )
    assert list(main.bylines.values_list("person__slug", "role", "order")) == [
        ("amina-odhiambo", "by", 0),
        ("peter-kamau", "additional reporting", 1),
        ("amina-odhiambo", "photos", 2),
    ]
    assert dict(main.mentions.values_list("person__slug", "status")) == {
        "william-ruto": "auto",
        "antony-blinken": "confirmed",
        "joe-biden": "rejected",
    }
    assert dict(main.tags.values_list("slug", "kind")) == {
        "security": "topic",
        "haiti": "place",
        "un": "organisation",
        "haiti-mission": "event",
    }
    assert main.source_notes == newsroom.source_notes
    assert (main.dateline_place, main.dateline_country, main.dateline_source) == (
        "Nairobi",
        "KE",
        "Newsroom",
    )
    lead = main.lead_image
    assert (lead.caption, lead.alt_text, lead.credit, lead.source, lead.focal_point) == (
        "Officers board a plane",
        "Alt: Officers board a plane",
        "Jane Doe/Newsroom",
        "Newsroom",
        (0.25, 0.3),
    )
    assert Image.objects.count() == 3  # the lead and the two body photos, each once
    embargoed = Article.objects.get(slug="budget-embargoed")
    assert embargoed.is_embargoed and not embargoed.is_live
    assert dict(Article.objects.values_list("slug", "status")) == {
        "officers-haiti": "published",
        "budget-embargoed": "published",
        "tomorrow": "published",
        "in-review": "in_review",
        "a-draft": "draft",
        "taken-down": "archived",
    }


def test_importing_the_export_again_changes_nothing(newsroom, tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in export_ninjs()), encoding="utf-8")
    empty_the_database()
    call_command("import_articles", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("0 created, 0 updated, 6 unchanged")
    assert Image.objects.count() == 3


def test_public_api_and_partner_items_carry_no_newsroom_facts(newsroom, client):
    items = client.get("/api/articles/").json()["results"]
    assert items and all("altids" not in item for item in items)
