"""Pictures in ninjs (issue 20, item 8): associations into the photo library, placed as the
lead image or in the body; written back by the export; carried by the full format."""

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Image
from articles.services import store_uploaded_image
from tests.articles.test_export_articles import ninjs_validator
from tests.articles.test_round_trip import png_bytes
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def story(uri: str = "urn:agency:story:1", **fields) -> dict:
    return {
        "uri": uri,
        "type": "text",
        "headlines": [{"role": "main", "value": "Kenyan officers land in Haiti"}],
        "bodies": [
            {"contenttype": "text/html", "value": "<p>The first officers arrived on Tuesday.</p>"}
        ],
        **fields,
    }


def picture(name: str = "featureimage", href: str = "photos/plane.png", **fields) -> dict:
    return {
        "name": name,
        "uri": f"urn:agency:picture:{name}:{href}",
        "type": "picture",
        "renditions": [{"name": "original", "href": href, "width": 64, "height": 48}],
        **fields,
    }


def import_items(tmp_path, *items, name="wire.jsonl", **options) -> tuple[str, str]:
    path = tmp_path / name
    path.write_text("\n".join(json.dumps(item) for item in items) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(path), stdout=out, stderr=err, **options)
    except CommandError as error:
        err.write(str(error))
    return out.getvalue(), err.getvalue()


@pytest.fixture
def photos(tmp_path):
    """Picture files beside the file to import."""
    folder = tmp_path / "photos"
    folder.mkdir()
    for stem in ("plane", "crowd", "airport"):
        (folder / f"{stem}.png").write_bytes(png_bytes(64, 48))
    (folder / "notes.png").write_text("not a picture", encoding="utf-8")
    return folder


def test_picture_association_imports_with_caption_and_credit_as_lead_image(tmp_path, photos):
    item = story(
        associations=[
            picture(
                descriptions=[
                    {"role": "caption", "value": "Officers leave the plane."},
                    {"role": "alt", "value": "Police officers walk down airplane stairs"},
                ],
                by="Jane Doe/Agency",
                copyrightholder="Agency; all rights reserved",
            )
        ]
    )
    _out, err = import_items(tmp_path, item)
    assert err == ""
    image = Article.objects.get().lead_image
    assert (image.caption, image.alt_text, image.credit, image.source) == (
        "Officers leave the plane.",
        "Police officers walk down airplane stairs",
        "Jane Doe/Agency",
        "Agency; all rights reserved",
    )
    assert (image.width, image.height) == (64, 48)
    assert image.renditions and image.crops  # like any upload


def test_ninjs_1_picture_reads_headline_description_text_and_creditline(tmp_path, photos):
    item = story(
        associations={
            "featureimage": {
                "uri": "urn:agency:picture:1",
                "type": "picture",
                "headline": "Officers at the airport",
                "description_text": "Officers stand in rows on the tarmac",
                "creditline": "AP Photo/John Roe",
                "renditions": {"original": {"href": "file:photos/airport.png"}},
            }
        }
    )
    import_items(tmp_path, item)
    image = Article.objects.get().lead_image
    assert (image.caption, image.alt_text, image.credit) == (
        "Officers at the airport",
        "Officers stand in rows on the tarmac",
        "AP Photo/John Roe",
    )


def test_the_same_picture_imported_twice_is_one_library_photo(tmp_path, photos):
    shared = picture(descriptions=[{"role": "caption", "value": "Shared."}])
    import_items(
        tmp_path, story("urn:a:1", associations=[shared]), story("urn:a:2", associations=[shared])
    )
    import_items(tmp_path, story("urn:a:3", associations=[shared]), name="later.jsonl")
    assert Image.objects.count() == 1
    assert set(Article.objects.values_list("lead_image", flat=True)) == {Image.objects.get().pk}


def test_body_figures_import_as_library_photos_and_export_back(tmp_path, photos, settings):
    body = (
        "<p>They arrived.</p>"
        '<figure data-image="1" data-size="wide"></figure>'
        '<figure class="gallery" data-images="2,1"></figure>'
    )
    item = story(
        bodies=[{"contenttype": "text/html", "value": body}],
        associations=[
            picture("image-1", "photos/crowd.png", descriptions=[{"value": "The crowd."}]),
            picture("image-2", "photos/airport.png", descriptions=[{"value": "The airport."}]),
        ],
    )
    import_items(tmp_path, item)
    article = Article.objects.get()
    crowd = Image.objects.get(caption="The crowd.")
    airport = Image.objects.get(caption="The airport.")
    assert article.body == (
        "<p>They arrived.</p>"
        f'<figure data-image="{crowd.pk}" data-size="wide"></figure>'
        f'<figure class="gallery" data-images="{airport.pk},{crowd.pk}"></figure>'
    )
    assert article.lead_image is None  # both pictures are in the body

    out = io.StringIO()
    call_command("export_articles", stdout=out)
    exported = json.loads(out.getvalue())
    assert exported["bodies"][0]["value"] == body
    associations = {a["name"]: a for a in exported["associations"]}
    assert list(associations) == ["image-1", "image-2"]
    crowd_out = associations["image-1"]
    assert crowd_out["descriptions"][0] == {"role": "caption", "value": "The crowd."}
    hrefs = [rendition["href"] for rendition in crowd_out["renditions"]]
    assert all(href.startswith(settings.SITE_URL + "/media/images/") for href in hrefs)
    assert len(hrefs) == 1 + len(crowd.renditions)
    assert not list(ninjs_validator().iter_errors(exported))


def test_a_figure_naming_no_picture_is_dropped(tmp_path):
    mine = Image.objects.create(file=ContentFile(png_bytes(), name="x.png"), caption="Private")
    body = f'<p>Text.</p><figure data-image="{mine.pk}" data-size="inline"></figure>'
    import_items(tmp_path, story(bodies=[{"contenttype": "text/html", "value": body}]))
    assert Article.objects.get().body == "<p>Text.</p>"


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("photos/missing.png", "photos/missing.png: no such file or directory"),
        ("photos/notes.png", "not an image Newsroom can read"),
        ("https://pictures.example/plane.jpg", "pictures are not fetched from the web"),
        ("../outside.png", "is outside the imported file's folder"),
        ("/etc/passwd", "is outside the imported file's folder"),
    ],
)
def test_a_bad_picture_is_reported_and_the_story_lands_without_it(tmp_path, photos, href, reason):
    (tmp_path.parent / "outside.png").write_bytes(png_bytes())
    body = '<p>Text.</p><figure data-image="1" data-size="inline"></figure>'
    item = story(
        bodies=[{"contenttype": "text/html", "value": body}],
        associations=[picture("featureimage", href), picture("image-1", "photos/crowd.png")],
    )
    out, err = import_items(tmp_path, item, story("urn:agency:story:2"))
    assert err == ""
    assert "line 1: picture 'featureimage' not imported: " in out
    assert reason in out
    assert out.splitlines()[-1].startswith("2 created, 0 updated")
    article = Article.objects.get(source_key="urn:agency:story:1")
    assert article.lead_image is None
    crowd = Image.objects.get()  # the story's other picture is in
    figure = f'<figure data-image="{crowd.pk}" data-size="inline"></figure>'
    assert article.body == f"<p>Text.</p>{figure}"


def test_importing_again_once_the_file_is_there_adds_the_picture(tmp_path, photos):
    item = story(associations=[picture(href="photos/later.png")])
    import_items(tmp_path, item)
    assert Article.objects.get().lead_image is None
    (photos / "later.png").write_bytes(png_bytes())
    out, _err = import_items(tmp_path, item)
    assert "1 updated" in out
    assert Article.objects.get().lead_image is not None


def test_dry_run_checks_pictures_but_stores_nothing(tmp_path, photos):
    out, _err = import_items(
        tmp_path, story(associations=[picture(href="photos/notes.png")]), dry_run=True
    )
    assert "not an image Newsroom can read" in out
    assert not Image.objects.exists()


def test_full_format_carries_figures_and_galleries_losslessly(tmp_path):
    first, second = (
        store_uploaded_image(
            image=Image(caption=caption, alt_text=caption, focal_x=0.2),
            upload=ContentFile(png_bytes(), name="p.png"),
        )
        for caption in ("First", "Second")
    )
    make_article(
        slug="with-figures",
        body=(
            f'<p>Text.</p><figure data-image="{second.pk}" data-size="full"></figure>'
            f'<figure class="gallery" data-images="{first.pk},{second.pk}"></figure>'
        ),
    )
    out = io.StringIO()
    call_command("export_articles", format="full", stdout=out)
    backup = tmp_path / "backup.jsonl"
    backup.write_text(out.getvalue(), encoding="utf-8")
    Article.objects.all().delete()
    Image.objects.all().delete()
    call_command("import_articles", str(backup), stdout=io.StringIO())
    again = io.StringIO()
    call_command("export_articles", format="full", stdout=again)
    assert again.getvalue() == out.getvalue()
    article = Article.objects.get()
    restored = {image.caption: image for image in Image.objects.all()}
    assert article.body == (
        f'<p>Text.</p><figure data-image="{restored["Second"].pk}" data-size="full"></figure>'
        f'<figure class="gallery" data-images="{restored["First"].pk},{restored["Second"].pk}">'
        "</figure>"
    )
    assert restored["First"].focal_x == 0.2 and restored["First"].crops == first.crops


def test_published_story_with_a_lead_picture_without_alt_text_is_refused(tmp_path, photos):
    item = story(associations=[picture(descriptions=[{"role": "caption", "value": "No alt."}])])
    _out, err = import_items(tmp_path, item, story("urn:agency:story:2"), status="published")
    assert "line 1: not published:" in err
    assert "Traceback" not in err
    assert list(Article.objects.values_list("source_key", flat=True)) == ["urn:agency:story:2"]
    assert not Image.objects.exists()


def test_malformed_associations_are_reported_and_the_story_lands(tmp_path):
    out, err = import_items(tmp_path, story(associations=["not an object"]))
    assert err == ""
    assert "picture 'associations' not imported: associations must be a list of objects" in out
    assert Article.objects.count() == 1
