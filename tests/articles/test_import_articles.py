import io
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.importing import derive_headline, first_sentence, raw_text
from articles.models import Article
from people.models import Mention, Person, PersonAlias, Quote
from tags.models import Tag
from tests.factories import make_person, make_section

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SUMMARY_CREATED = "1 created, 0 updated, 0 unchanged, 0 kept, 0 skipped, 0 failed"


def run_import(*paths, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def directory():
    """The people the test story names, as an editor would have entered them."""
    return {
        "ruto": make_person("William Ruto", honorific="President"),
        "trump": make_person("Donald Trump", honorific="President"),
        "blinken": make_person("Antony Blinken", honorific="Secretary of State"),
        "biden": make_person("Joe Biden", honorific="President"),
    }


@pytest.fixture
def story(tmp_path) -> Path:
    """A copy of the test story that a test may edit."""
    path = tmp_path / "nairobi-call.txt"
    shutil.copy(DATA / "nairobi-call.txt", path)
    return path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def write_json(path: Path, item) -> Path:
    return write(path, json.dumps(item))


# --- Raw text ---------------------------------------------------------------------------


def test_raw_text_story_gets_dateline_paragraphs_and_subheads(directory, story):
    out, _ = run_import(story)
    assert SUMMARY_CREATED in out
    article = Article.objects.get()
    assert article.dateline == "Nairobi, Kenya"
    assert article.body.startswith("<p>President William Ruto spoke by telephone")
    assert "Nairobi, Kenya –" not in article.body
    assert "<h2>What the mission still needs</h2>" in article.body
    assert "<h2>Trade on the agenda</h2>" in article.body
    assert article.body.count("<p>") == 8
    assert article.status == Article.Status.DRAFT


def test_headline_is_cut_from_the_first_sentence_and_flagged_for_review(directory, story):
    run_import(story)
    article = Article.objects.get()
    assert article.headline == (
        "President William Ruto spoke by telephone on Friday with President-elect Donald Trump"
    )
    assert article.headline_needs_review is True
    # Long headlines give slugs of whole words, at most 80 characters.
    assert (
        article.slug
        == "president-william-ruto-spoke-by-telephone-on-friday-with-president-elect-donald"
    )


def test_people_and_quotes_are_linked_after_import(directory, story):
    run_import(story)
    article = Article.objects.get()
    mentioned = set(article.mentions.values_list("person__name", flat=True))
    assert mentioned == {"William Ruto", "Donald Trump", "Antony Blinken", "Joe Biden"}
    quotes = list(article.quotes.order_by("position"))
    assert [q.speaker for q in quotes] == [directory["ruto"], None]
    assert "Department of State" in quotes[1].speaker_text


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "The finance minister said on Tuesday that the budget would be cut, and that "
            "hospitals would be spared the worst of the reductions planned for next year.",
            "The finance minister said on Tuesday that the budget would be cut",
        ),
        (
            "Mr. Odhiambo flew to the U.S. on Monday. He returns next week.",
            "Mr. Odhiambo flew to the U.S. on Monday",
        ),
        ("Rains return to the coast.", "Rains return to the coast"),
        (
            "A very long opening sentence without any commas that keeps going and going past "
            "the limit of a headline for quite a while longer",
            "A very long opening sentence without any commas that keeps going",
        ),
    ],
)
def test_derived_headline_is_a_clean_clause_of_the_first_sentence(paragraph, expected):
    headline = derive_headline(paragraph)
    assert headline == expected
    assert len(headline) <= 100


def test_finding_the_first_sentence_reads_a_few_characters_per_full_stop_not_the_whole_line(
    monkeypatch,
):
    # A hostile line of 100,000 abbreviations once took hours: each full stop re-read the
    # line from its start. Count what the abbreviation check is given to read instead.
    real = raw_text._ABBREVIATION
    spans = []

    class Spy:
        def search(self, text, pos=0, endpos=None):
            spans.append((endpos or len(text)) - pos)
            return real.search(text, pos, endpos or len(text))

    monkeypatch.setattr(raw_text, "_ABBREVIATION", Spy())
    line = "a. B " * 2_000
    assert first_sentence(line) == line
    assert len(spans) >= 2_000
    assert max(spans) <= 13
    monkeypatch.undo()
    assert first_sentence("Mr. Odhiambo flew to the U.S. on Monday. More.") == (
        "Mr. Odhiambo flew to the U.S. on Monday."
    )


def test_first_line_starting_with_hash_is_the_headline(directory, tmp_path):
    path = write(
        tmp_path / "a.txt",
        "# Kenya asks for helicopters for Haiti mission\nNairobi, Kenya – Officials asked.\n",
    )
    run_import(path)
    article = Article.objects.get()
    assert article.headline == "Kenya asks for helicopters for Haiti mission"
    assert article.headline_needs_review is False
    assert article.body == "<p>Officials asked.</p>"
    assert article.dateline == "Nairobi, Kenya"


def test_headline_line_prefix_is_the_headline(tmp_path):
    path = write(
        tmp_path / "a.txt", "Headline: Port reopens after strike\nDock workers returned.\n"
    )
    run_import(path)
    article = Article.objects.get()
    assert (article.headline, article.headline_needs_review) == ("Port reopens after strike", False)
    assert article.body == "<p>Dock workers returned.</p>"


def test_short_unpunctuated_first_line_becomes_the_headline_for_review(tmp_path):
    path = write(
        tmp_path / "a.txt", "Port reopens after strike\nDock workers returned on Monday.\n"
    )
    run_import(path)
    article = Article.objects.get()
    assert article.headline == "Port reopens after strike"
    assert article.headline_needs_review is True
    assert "<h2>" not in article.body


def test_headline_option_names_the_headline_of_one_file(story):
    run_import(story, headline="Ruto and Trump discuss Haiti")
    article = Article.objects.get()
    assert article.headline == "Ruto and Trump discuss Haiti"
    assert article.headline_needs_review is False


def test_headline_option_is_refused_with_several_files(tmp_path):
    write(tmp_path / "a.txt", "One story.\n")
    write(tmp_path / "b.txt", "Another story.\n")
    with pytest.raises(CommandError, match="exactly one"):
        run_import(tmp_path, headline="Same for both")
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("paragraph", "dateline", "rest"),
    [
        ("Nairobi, Kenya – Talks resumed.", "Nairobi, Kenya", "Talks resumed."),
        ("PORT-AU-PRINCE, Haiti — Gangs withdrew.", "PORT-AU-PRINCE, Haiti", "Gangs withdrew."),
        ("Mombasa, Kenya - Port workers struck.", "Mombasa, Kenya", "Port workers struck."),
        ("LONDON — Markets fell.", "LONDON", "Markets fell."),
        (
            "President Ruto – who spoke first – said no.",
            "",
            "President Ruto – who spoke first – said no.",
        ),
        ("In the end - after hours - they agreed.", "", "In the end - after hours - they agreed."),
    ],
)
def test_dateline_is_recognised_only_when_it_reads_like_a_place(paragraph, dateline, rest):
    draft = raw_text.parse_raw_text(f"# A headline\n{paragraph}\n", source_key="urn:test:1")
    assert draft.dateline == dateline
    assert draft.body == f"<p>{rest}</p>"


def test_text_is_stored_nfc_normalised(tmp_path):
    decomposed = "Cafe\u0301 owners in Mombasa reopened.\n"
    run_import(write(tmp_path / "a.txt", decomposed))
    assert "Café owners" in Article.objects.get().body


# --- Identity and re-imports ------------------------------------------------------------


def test_importing_the_same_file_twice_gives_one_article(directory, story):
    run_import(story)
    counts = (Mention.objects.count(), Quote.objects.count())
    out, _ = run_import(story)
    assert "0 created, 0 updated, 1 unchanged" in out
    article = Article.objects.get()
    assert (article.version, article.imported_version) == (1, 1)
    assert (Mention.objects.count(), Quote.objects.count()) == counts


def test_importing_an_edited_file_updates_the_same_article(directory, story):
    run_import(story)
    slug = Article.objects.get().slug
    story.write_text(story.read_text() + "Officials will meet again in March.\n")
    out, _ = run_import(story)
    assert "0 created, 1 updated" in out
    article = Article.objects.get()
    assert article.slug == slug
    assert article.body.endswith("<p>Officials will meet again in March.</p>")
    assert (article.version, article.imported_version) == (2, 2)
    assert article.quotes.count() == 2


def test_same_file_reached_by_directory_glob_and_name_is_one_article(story):
    run_import(story.parent)
    run_import(str(story.parent / "*.txt"))
    run_import(story)
    assert Article.objects.count() == 1


def test_id_header_keeps_identity_when_the_file_moves(tmp_path):
    run_import(write(tmp_path / "inbox/a.txt", "Id: haiti-call-7\nFirst version.\n"))
    out, _ = run_import(write(tmp_path / "archive/renamed.txt", "Id: haiti-call-7\nSecond.\n"))
    assert "1 updated" in out
    article = Article.objects.get()
    assert article.source_key == "urn:newsroom:story:haiti-call-7"
    assert article.body == "<p>Second.</p>"


def test_article_edited_in_newsroom_is_kept_on_reimport(story):
    run_import(story)
    article = Article.objects.get()
    article.headline = "An editor's headline"
    article.bump_version()
    article.save()
    story.write_text("A different text altogether.\n")
    out, _ = run_import(story)
    assert "edited in Newsroom since the last import; use --overwrite to replace" in out
    assert "0 updated, 0 unchanged, 1 kept" in out
    article.refresh_from_db()
    assert article.headline == "An editor's headline"
    assert "A different text" not in article.body


def test_overwrite_replaces_an_article_edited_in_newsroom(story):
    run_import(story)
    article = Article.objects.get()
    article.bump_version()
    article.save()
    story.write_text("A different text altogether.\n")
    out, _ = run_import(story, overwrite=True)
    assert "1 updated" in out
    article.refresh_from_db()
    assert article.body == "<p>A different text altogether.</p>"
    assert (article.version, article.imported_version) == (3, 3)


def test_rejected_mention_stays_rejected_and_single_after_overwrite(directory, story):
    run_import(story)
    mention = Mention.objects.get(person=directory["biden"])
    mention.status = Mention.Status.REJECTED
    mention.save()
    story.write_text(story.read_text() + "Joe Biden did not comment.\n")
    run_import(story, overwrite=True)
    assert list(Mention.objects.filter(person=directory["biden"]).values_list("status")) == [
        ("rejected",)
    ]


def test_different_stories_with_the_same_headline_get_numbered_slugs(tmp_path):
    run_import(write(tmp_path / "a.txt", "# Rains return\nFirst town.\n"))
    run_import(write(tmp_path / "b.txt", "# Rains return\nSecond town.\n"))
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "rains-return",
        "rains-return-2",
    ]


# --- Options ----------------------------------------------------------------------------


def test_section_author_and_status_options_apply(story):
    section = make_section(name="World", slug="world")
    run_import(story, section="world", author="Amina Odhiambo", status="in_review")
    article = Article.objects.get()
    assert article.section == section
    assert article.status == Article.Status.IN_REVIEW
    assert [b.person.name for b in article.bylines.all()] == ["Amina Odhiambo"]


def test_author_option_reuses_the_person_with_that_name(story):
    reporter = make_person("Amina Odhiambo")
    run_import(story, author="amina odhiambo")
    assert Article.objects.get().bylines.get().person == reporter
    assert Person.objects.filter(name__iexact="amina odhiambo").count() == 1


def test_a_byline_naming_an_alias_two_people_share_is_refused_not_guessed(story):
    for name in ("Astrid Young", "Adam Young"):
        PersonAlias.objects.create(person=make_person(name), text="A. Young")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 failed"):
        call_command(
            "import_articles", str(story), author="A. Young", stdout=io.StringIO(), stderr=err
        )
    assert "'A. Young' is an alias shared by Astrid Young and Adam Young" in err.getvalue()
    assert not Article.objects.exists()


def test_a_byline_naming_an_alias_one_person_holds_credits_that_person(story):
    astrid = make_person("Astrid Young")
    PersonAlias.objects.create(person=astrid, text="A. Young")
    run_import(story, author="A. Young")
    assert Article.objects.get().bylines.get().person == astrid


def test_published_with_a_future_time_is_scheduled(story):
    later = timezone.now() + timedelta(days=2)
    run_import(story, status="published", publish_at=later.isoformat())
    article = Article.objects.get()
    assert article.is_scheduled
    assert not Article.objects.published().exists()


def test_published_without_a_time_goes_live_now(story):
    run_import(story, status="published")
    article = Article.objects.get()
    assert article.is_live
    assert article.first_published_at == article.published_at


def test_reimport_without_status_keeps_the_published_status_and_time(story):
    run_import(story, status="published", publish_at="2024-11-08T09:00:00Z")
    out, _ = run_import(story)
    article = Article.objects.get()
    assert "1 unchanged" in out
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == datetime(2024, 11, 8, 9, tzinfo=UTC)


def test_unknown_section_stops_the_command_before_importing(story):
    with pytest.raises(CommandError, match="No section 'nowhere'"):
        run_import(story, section="nowhere")
    assert not Article.objects.exists()


def test_invalid_publish_at_stops_the_command(story):
    with pytest.raises(CommandError, match="not an ISO date-time"):
        run_import(story, publish_at="next tuesday")


def test_dry_run_reports_but_writes_nothing(directory, story):
    people = Person.objects.count()
    out, _ = run_import(story, dry_run=True, author="New Reporter")
    assert "Dry run, nothing written: 1 created" in out
    assert not Article.objects.exists()
    assert not Mention.objects.exists()
    assert Person.objects.count() == people


def test_directory_is_walked_recursively_for_story_files_only(tmp_path):
    write(tmp_path / "in/a.txt", "First story.\n")
    write(tmp_path / "in/deeper/b.txt", "Second story.\n")
    write_json(tmp_path / "in/deeper/c.json", {"uri": "urn:t:c", "headline": "C", "body_text": "x"})
    write(tmp_path / "in/notes.md", "Not a story.\n")
    write(tmp_path / "in/.hidden.txt", "An editor's swap file.\n")
    out, _ = run_import(tmp_path / "in", verbosity=2)
    assert "3 created" in out
    assert str(tmp_path / "in/deeper/b.txt") in out


def test_glob_pattern_imports_matching_files(tmp_path):
    write(tmp_path / "a.txt", "First.\n")
    write(tmp_path / "b.txt", "Second.\n")
    write(tmp_path / "c.text", "Not matched.\n")
    out, _ = run_import(str(tmp_path / "*.txt"))
    assert "2 created" in out


# --- ninjs ------------------------------------------------------------------------------

NINJS_ITEM = {
    "uri": "urn:agency:2024:haiti-1",
    "type": "text",
    "version": "3",
    "headlines": [{"role": "main", "value": "Kenya seeks helicopters for Haiti"}],
    "descriptions": [{"role": "summary", "value": "Officials list what the mission lacks."}],
    "bodies": [
        {
            "role": "main",
            "contenttype": "text/html",
            "value": "<p>President William Ruto asked for help.</p><script>alert(1)</script>"
            '<p onclick="x()">Funding is <b>short</b>.</p>',
        }
    ],
    "by": "By Amina Odhiambo and Peter Kamau",
    "located": "Nairobi, Kenya",
    "firstcreated": "2024-11-08T09:30:00Z",
    "versioncreated": "2024-11-08T11:00:00Z",
    "subjects": [{"name": "Security", "rel": "about"}, {"name": "Haiti", "literal": "haiti"}],
    "places": [{"name": "Port-au-Prince"}],
}


def test_ninjs_item_becomes_an_article_with_all_its_parts(directory, tmp_path):
    run_import(write_json(tmp_path / "item.json", NINJS_ITEM), status="published")
    article = Article.objects.get()
    assert article.source_key == "urn:agency:2024:haiti-1"
    assert article.headline == "Kenya seeks helicopters for Haiti"
    assert article.headline_needs_review is False
    assert article.dek == "Officials list what the mission lacks."
    assert article.body == (
        "<p>President William Ruto asked for help.</p><p>Funding is <strong>short</strong>.</p>"
    )
    assert article.dateline == "Nairobi, Kenya"
    assert article.published_at == datetime(2024, 11, 8, 9, 30, tzinfo=UTC)
    assert [b.person.name for b in article.bylines.all()] == ["Amina Odhiambo", "Peter Kamau"]
    assert {(t.name, t.kind) for t in article.tags.all()} == {
        ("Security", "topic"),
        ("Haiti", "topic"),
        ("Port-au-Prince", "place"),
    }
    assert article.mentions.get().person == directory["ruto"]


def test_ninjs_uri_is_the_identity_across_imports(tmp_path):
    path = write_json(tmp_path / "item.json", NINJS_ITEM)
    run_import(path)
    out, _ = run_import(path)
    assert "1 unchanged" in out
    write_json(path, NINJS_ITEM | {"headlines": [{"value": "Kenya lists needs"}]})
    out, _ = run_import(path)
    assert "1 updated" in out
    assert Article.objects.get().headline == "Kenya lists needs"
    assert Tag.objects.count() == 3


def test_ninjs_1x_fields_are_read(tmp_path):
    item = {
        "uri": "urn:agency:old-1",
        "headline": "Old style item",
        "body_text": "First paragraph <with> a bracket.\n\nSecond paragraph.",
        "description_text": "An old summary.",
    }
    run_import(write_json(tmp_path / "old.json", item))
    article = Article.objects.get()
    assert article.headline == "Old style item"
    assert article.body == "<p>First paragraph &lt;with&gt; a bracket.</p><p>Second paragraph.</p>"
    assert article.dek == "An old summary."


def test_ninjs_without_headline_gets_one_derived_for_review(tmp_path):
    item = {"uri": "urn:x:1", "bodies": [{"value": "Dock workers returned on Monday. More."}]}
    run_import(write_json(tmp_path / "x.json", item))
    article = Article.objects.get()
    assert (article.headline, article.headline_needs_review) == (
        "Dock workers returned on Monday",
        True,
    )


NTB_BRIEF_2X = {
    "uri": "urn:ntb:brief:2x",
    "type": "text",
    "version": "1",
    "headlines": [{"role": "main", "value": "Brann sikret seieren"}],
    "descriptions": [{"role": "summary", "value": "Brann slo Molde 2–1 på Brann stadion søndag."}],
    "firstcreated": "2024-11-10T18:02:00Z",
}
NTB_BRIEF_1X = {
    "uri": "urn:ntb:brief:1x",
    "type": "text",
    "headline": "Stengt vei etter ras",
    "description_text": "Fylkesvei 60 er stengt etter et ras ved Hellesylt <mandag>.",
}


@pytest.mark.parametrize(
    ("item", "headline", "paragraph"),
    [
        (NTB_BRIEF_2X, "Brann sikret seieren", "Brann slo Molde 2–1 på Brann stadion søndag."),
        (
            NTB_BRIEF_1X,
            "Stengt vei etter ras",
            "Fylkesvei 60 er stengt etter et ras ved Hellesylt &lt;mandag&gt;.",
        ),
    ],
    ids=["ninjs-2x", "ninjs-1x"],
)
def test_ninjs_brief_without_a_body_imports_with_its_description_as_the_paragraph_for_review(
    tmp_path, item, headline, paragraph
):
    out, err = run_import(write_json(tmp_path / "brief.json", item))
    assert SUMMARY_CREATED in out and err == ""
    article = Article.objects.get()
    assert article.source_key == item["uri"]
    assert (article.headline, article.body, article.dek) == (headline, f"<p>{paragraph}</p>", "")
    assert article.headline_needs_review is True


def test_ninjs_briefs_in_a_json_lines_feed_import_alongside_full_stories(tmp_path):
    lines = [NTB_BRIEF_2X, NINJS_ITEM, NTB_BRIEF_1X]
    path = write(tmp_path / "ntb.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    out, err = run_import(path)
    assert "3 created" in out and err == ""
    flagged = dict(Article.objects.values_list("source_key", "headline_needs_review"))
    assert flagged == {
        "urn:ntb:brief:2x": True,
        "urn:agency:2024:haiti-1": False,
        "urn:ntb:brief:1x": True,
    }


def test_ninjs_people_become_confirmed_mentions(directory, tmp_path):
    item = NINJS_ITEM | {
        "people": [
            {"name": "W. Ruto", "literal": "william-ruto"},
            {"name": "Joe Biden"},
            {"name": "Grace Wanjiru", "literal": "grace-wanjiru"},
        ]
    }
    run_import(write_json(tmp_path / "item.json", item))
    article = Article.objects.get()
    statuses = dict(article.mentions.values_list("person__slug", "status"))
    assert statuses == {
        "william-ruto": "confirmed",
        "joe-biden": "confirmed",
        "grace-wanjiru": "confirmed",
    }
    assert Person.objects.get(slug="grace-wanjiru").name == "Grace Wanjiru"
    assert article.mentions.get(person__slug="william-ruto").count == 1


def test_ninjs_subject_with_section_rel_files_the_story_in_that_section(tmp_path):
    section = make_section(name="World", slug="world")
    item = NINJS_ITEM | {
        "subjects": [{"name": "World", "literal": "world", "rel": "section"}],
        "places": [],
    }
    run_import(write_json(tmp_path / "item.json", item))
    article = Article.objects.get()
    assert article.section == section
    assert not article.tags.exists()


def test_non_text_ninjs_items_are_skipped_not_failed(tmp_path):
    lines = [
        {"uri": "urn:p:1", "type": "picture", "headlines": [{"value": "A photo"}]},
        NINJS_ITEM,
        {"uri": "urn:v:1", "type": "video"},
        {"uri": "urn:c:1", "type": "composite", "headlines": [{"value": "Package"}]},
    ]
    path = write(tmp_path / "feed.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n")
    out, err = run_import(path)
    assert "1 created, 0 updated, 0 unchanged, 0 kept, 3 skipped, 0 failed" in out
    assert f"{path}: line 1: ninjs type 'picture' is not a text story" in out
    assert err == ""


def test_json_file_holding_several_lines_is_read_as_json_lines(tmp_path):
    first = NINJS_ITEM | {"uri": "urn:a:1"}
    second = NINJS_ITEM | {"uri": "urn:a:2", "headlines": [{"value": "Another"}]}
    path = write(tmp_path / "feed.json", json.dumps(first) + "\n" + json.dumps(second) + "\n")
    out, _ = run_import(path)
    assert "2 created" in out
    assert set(Article.objects.values_list("source_key", flat=True)) == {"urn:a:1", "urn:a:2"}


# --- Output -----------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_is_drawn_on_a_terminal_only(tmp_path):
    write(tmp_path / "a.txt", "First.\n")
    write(tmp_path / "b.txt", "Second.\n")
    terminal = Terminal()
    call_command("import_articles", str(tmp_path), stdout=io.StringIO(), stderr=terminal)
    assert "Import [" in terminal.getvalue()
    assert "2/2" in terminal.getvalue()
    _, err = run_import(tmp_path)
    assert err == ""


def test_verbosity_zero_prints_nothing_when_all_is_well(story):
    out, err = run_import(story, verbosity=0)
    assert (out, err) == ("", "")
    assert Article.objects.count() == 1
