"""The story screen (the article change form): the status pill and buttons in the top bar,
the tag box that takes new names, the headline review flag, the pickers without edit
buttons, the share-links panel, the list's headline column."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.admin import status_label
from articles.models import HEADLINE_WARNING_LENGTH, STANDFIRST_WARNING_LENGTH, Article
from articles.preview import create_preview_link, preview_url
from tags.models import Tag
from tests.articles.admin_helpers import article_form_data
from tests.factories import make_article, make_draft, make_scheduled, make_section, make_tag

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def page(client, article) -> str:
    response = client.get(change_url(article))
    assert response.status_code == 200
    return response.content.decode()


def action_bar(html: str) -> str:
    start = html.index('class="story-actions"')
    return html[start : html.index("</form>", start)].split('<div class="story-desk">')[0]


# --- The top bar ---------------------------------------------------------------------------


def test_reporter_sees_only_submit_for_review_in_the_top_bar_of_a_draft(reporter_client, reporter):
    bar = action_bar(page(reporter_client, make_draft(created_by=reporter)))
    assert 'value="submit_for_review"' in bar
    assert 'value="publish"' not in bar and 'value="schedule"' not in bar
    assert 'name="publish_anyway"' not in bar
    assert ">Save<" in bar or 'value="Save"' in bar


def test_editor_sees_publish_schedule_preview_and_share_in_the_top_bar(editor_client):
    story = make_draft()
    bar = action_bar(page(editor_client, story))
    for value in ("submit_for_review", "publish", "schedule"):
        assert f'value="{value}"' in bar
    assert f"/admin/articles/article/{story.pk}/preview/" in bar
    assert 'href="#share-links"' in bar
    assert '<span class="status-pill status-draft">Draft</span>' in bar


def test_save_is_the_first_button_so_enter_in_a_box_never_publishes(editor_client):
    bar = action_bar(page(editor_client, make_draft()))
    assert bar.index('name="_continue"') < bar.index('name="_workflow"')


def test_status_pill_says_when_a_scheduled_story_goes_live(editor_client):
    story = make_scheduled(hours_ahead=5)
    when = timezone.localtime(story.published_at).strftime("%d %b %Y %H:%M")
    assert f"Scheduled for {when}" in action_bar(page(editor_client, story))


def test_status_pill_of_a_live_story_edited_after_publication_says_changed_since_published(
    editor_client,
):
    with time_machine.travel(timezone.now() - timedelta(hours=2), tick=False):
        story = make_draft()
        story.publish()
        story.save()
    assert status_label(story, on_story_screen=True) == ("Live", "published")
    story.dek = "A later line."
    story.save()
    assert status_label(story, on_story_screen=True) == (
        "Live, changed since published",
        "published",
    )
    assert "Live, changed since published" in action_bar(page(editor_client, story))


def test_status_of_a_story_scheduled_then_edited_before_it_went_live_is_plain_live():
    start = timezone.now() - timedelta(hours=3)
    with time_machine.travel(start, tick=False):
        story = make_draft()
        story.publish(at=start + timedelta(hours=1))
        story.save()
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        story.dek = "Edited while it waited."
        story.save()
    assert status_label(story, on_story_screen=True) == ("Live", "published")


def test_publish_anyway_sits_beside_the_publish_button_when_there_are_warnings(editor_client):
    story = make_draft(headline="x" * (HEADLINE_WARNING_LENGTH + 1))
    assert 'name="publish_anyway"' in action_bar(page(editor_client, story))


# --- Writing column ------------------------------------------------------------------------


def test_headline_and_standfirst_carry_the_length_limits_of_the_publishing_checks(editor_client):
    html = page(editor_client, make_draft())
    assert f'data-length-limit="{HEADLINE_WARNING_LENGTH}"' in html
    assert f'data-length-limit="{STANDFIRST_WARNING_LENGTH}"' in html
    assert f"Aim for {HEADLINE_WARNING_LENGTH} characters at most." in html


def test_the_story_screen_loads_no_inline_script(editor_client):
    html = page(editor_client, make_draft())
    scripts = html.split("<script")[1:]
    inline = [s for s in scripts if " src=" not in s.split(">")[0] and "importmap" not in s[:60]]
    assert inline == []


def test_section_person_and_photo_pickers_have_no_change_or_delete_buttons(editor_client):
    story = make_draft(section=make_section())
    html = page(editor_client, story)
    for field in ("id_section", "id_lead_image", "id_bylines-0-person"):
        assert f'id="change_{field}"' not in html, field
        assert f'id="delete_{field}"' not in html, field
    assert 'id="add_id_lead_image"' in html  # uploading a new photo stays one click away


# --- The headline review flag ----------------------------------------------------------------


def test_rewriting_the_headline_clears_the_headline_needs_review_flag(editor_client):
    story = make_draft(headline="Police said on Monday that", headline_needs_review=True)
    data = article_form_data(story, headline="Police arrest two", headline_needs_review="on")
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline == "Police arrest two"
    assert story.headline_needs_review is False


def test_saving_with_the_same_headline_keeps_the_headline_needs_review_flag(editor_client):
    story = make_draft(headline="Police said on Monday that", headline_needs_review=True)
    data = article_form_data(story, dek="New standfirst.", headline_needs_review="on")
    assert editor_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.headline_needs_review is True


def test_source_notes_sit_in_a_collapsed_from_the_source_panel(editor_client):
    story = make_draft(source_notes="Contact: Jane Roe, 202-555-0100")
    html = page(editor_client, story)
    panel = html[html.index("From the source") - 600 : html.index('name="source_notes"')]
    assert "collapse" in panel
    assert "Contact: Jane Roe, 202-555-0100" in html


def test_reporter_edits_the_source_notes_of_their_own_story(reporter_client, reporter):
    story = make_draft(created_by=reporter, source_notes="Sign-off: -end-")
    data = article_form_data(story, source_notes="Contact: the harbour master, not the port.")
    assert reporter_client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.source_notes == "Contact: the harbour master, not the port."


# --- Tags ------------------------------------------------------------------------------------


def test_reporter_adds_a_new_tag_by_typing_its_name(reporter_client, reporter):
    story = make_draft(created_by=reporter)
    data = article_form_data(story, tags=["new:Coastal floods"])
    response = reporter_client.post(change_url(story), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [tag.name for tag in story.tags.all()] == ["Coastal floods"]


def test_typing_kenya_reuses_the_existing_kenya_tag_with_a_note(editor_client):
    kenya = make_tag("Kenya")
    story = make_draft()
    data = article_form_data(story, tags=["new:kenya"])
    response = editor_client.post(change_url(story), data, follow=True)
    assert list(story.tags.all()) == [kenya]
    assert Tag.objects.filter(name__iexact="kenya").count() == 1
    notes = [str(m) for m in response.context["messages"]]
    assert "“kenya” is the existing tag “Kenya”: the story uses it." in notes


def test_a_chosen_tag_and_the_same_name_typed_make_one_tag(editor_client):
    kenya = make_tag("Kenya")
    story = make_draft()
    data = article_form_data(story, tags=[str(kenya.pk), "new:KENYA", "new:Nairobi"])
    assert editor_client.post(change_url(story), data).status_code == 302
    assert sorted(tag.name for tag in story.tags.all()) == ["Kenya", "Nairobi"]


def test_a_typed_tag_is_not_created_when_the_story_is_not_saved(editor_client):
    story = make_draft()
    data = article_form_data(story, tags=["new:Never saved"], slug="")
    response = editor_client.post(change_url(story), data)
    assert response.status_code == 200  # the form came back with an error
    assert not Tag.objects.filter(name="Never saved").exists()
    assert 'value="new:Never saved" selected' in response.content.decode()


def test_a_user_without_the_add_tag_permission_may_only_choose_existing_tags(client):
    from django.contrib.auth.models import Permission

    from tests.factories import make_reporter

    rita = make_reporter("rita")
    rita.groups.first().permissions.remove(
        Permission.objects.get(codename="add_tag", content_type__app_label="tags")
    )
    client.force_login(rita)
    story = make_draft(created_by=rita)
    response = client.post(change_url(story), article_form_data(story, tags=["new:Secret"]))
    assert response.status_code == 200
    assert "ask an editor to add: Secret" in response.content.decode()
    assert not Tag.objects.filter(name="Secret").exists()


def test_a_tag_that_no_longer_exists_is_a_form_error_not_a_crash(editor_client):
    story = make_draft()
    response = editor_client.post(change_url(story), article_form_data(story, tags=["999999"]))
    assert response.status_code == 200
    assert "One of the chosen tags no longer exists" in response.content.decode()


# --- Share links panel -------------------------------------------------------------------------


def test_share_panel_lists_each_live_link_with_its_address_expiry_and_withdraw_button(
    editor_client, editor
):
    story = make_draft()
    link = create_preview_link(article=story, created_by=editor, note="Legal desk")
    html = page(editor_client, story)
    panel = html[html.index('id="share-links"') :]
    # The address is signed with the time it was made: compare all but the signature.
    address = preview_url(link).rsplit(":", 2)[0]
    assert f'readonly value="{address}:' in panel
    assert "Legal desk" in panel
    assert f"{timezone.localtime(link.expires_at):%-d %b %Y %H:%M}" in panel
    assert f"/share/{link.pk}/revoke/" in panel


def test_share_panel_leaves_out_withdrawn_links(editor_client, editor):
    story = make_draft()
    link = create_preview_link(article=story, created_by=editor, note="Old link")
    link.revoke(by=editor)
    assert "Old link" not in page(editor_client, story)


# --- The list ----------------------------------------------------------------------------------


def test_article_list_headline_is_clamped_with_the_whole_headline_on_hover(editor_client):
    headline = "A very long headline " * 8
    make_article(headline=headline.strip())
    html = editor_client.get("/admin/articles/article/").content.decode()
    assert f'<span class="cell-headline" title="{headline.strip()}">' in html
    assert "css/admin_story.css" in html


def test_article_list_status_column_uses_the_status_pill(editor_client):
    make_article(headline="Live story")
    html = editor_client.get("/admin/articles/article/").content.decode()
    assert '<span class="status-pill status-published">Live</span>' in html
    assert Article.objects.count() == 1


# --- Lead-image picker -------------------------------------------------------------------------


PHOTO_SEARCH = (
    "/admin/articles/image/photo-search/?app_label=articles&model_name=article"
    "&field_name=lead_image&term="
)


def test_lead_image_search_gives_each_photo_a_thumbnail(editor_client):
    from tests.e2e.conftest import make_photo

    photo = make_photo(caption="Flooded road near Mombasa")
    results = editor_client.get(PHOTO_SEARCH + "Mombasa").json()["results"]
    assert [r["id"] for r in results] == [str(photo.pk)]
    assert results[0]["thumbnail"] == photo.url_for_width(160)


def test_lead_image_search_leaves_out_a_colleagues_unpublished_photo(reporter_client):
    from tests.e2e.conftest import make_photo

    hidden = make_photo(caption="Secret Mombasa picture")
    make_draft(lead_image=hidden)  # a colleague's draft is its only use
    results = reporter_client.get(PHOTO_SEARCH + "Mombasa").json()["results"]
    assert results == []


def test_lead_image_box_uses_the_photo_search(editor_client):
    html = page(editor_client, make_draft())
    assert 'data-ajax--url="/admin/articles/image/photo-search/"' in html
    assert "js/admin_photos.js" in html
