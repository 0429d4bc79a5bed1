"""The permission matrix: anonymous, reporter and editor against every workflow action,
through the change form and through bulk actions, with crafted POSTs."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Image
from people.models import Mention, NameSuggestion, Person, Quote
from tests.articles.admin_helpers import article_form_data
from tests.factories import (
    make_archived,
    make_article,
    make_draft,
    make_editor,
    make_in_review,
    make_person,
    make_reporter,
    make_scheduled,
    make_tag,
)

pytestmark = pytest.mark.django_db

FUTURE = timezone.now() + timedelta(days=3)

# (starting state, action, expected status afterwards when allowed)
CASES = [
    ("draft", "submit_for_review", "in_review"),
    ("draft", "publish", "published"),
    ("in_review", "publish", "published"),
    ("in_review", "schedule", "published"),
    ("published", "unpublish", "archived"),
    ("in_review", "back_to_draft", "draft"),
]
REPORTER_ALLOWED = {("draft", "submit_for_review"), ("in_review", "back_to_draft")}

BULK_ACTIONS = {
    "submit_for_review": "submit_for_review",
    "publish": "publish_now",
    "unpublish": "unpublish",
    "back_to_draft": "back_to_draft",
}


def article_in(state: str, owner) -> Article:
    maker = {"draft": make_draft, "in_review": make_in_review, "published": make_article}[state]
    # Tagged, so publishing it raises no warning to acknowledge.
    return maker(created_by=owner, tags=(make_tag(),))


def client_for(role: str):
    client = Client()
    if role == "reporter":
        user = make_reporter(f"r-{role}")
    elif role == "editor":
        user = make_editor(f"e-{role}")
    else:
        return client, None
    client.force_login(user)
    return client, user


def form_post(client, article, action):
    extra = {"_workflow": action}
    if action == "schedule":
        local = timezone.localtime(FUTURE)
        extra |= {"published_at_0": local.strftime("%Y-%m-%d"), "published_at_1": "09:00:00"}
    return client.post(
        f"/admin/articles/article/{article.pk}/change/", article_form_data(article, **extra)
    )


@pytest.mark.parametrize("role", ["anonymous", "reporter", "editor"])
@pytest.mark.parametrize(("state", "action", "after"), CASES)
def test_workflow_button_permission_matrix(role, state, action, after):
    client, user = client_for(role)
    owner = user if role == "reporter" else make_reporter("owner")
    article = article_in(state, owner)
    response = form_post(client, article, action)
    article.refresh_from_db()
    allowed = role == "editor" or (role == "reporter" and (state, action) in REPORTER_ALLOWED)
    if allowed:
        assert response.status_code == 302, response.content.decode()[:500]
        assert article.status == after
    else:
        assert response.status_code in (302, 403, 404)
        if role == "anonymous":
            assert "/admin/login/" in response["Location"]
        assert article.status == state


@pytest.mark.parametrize("role", ["anonymous", "reporter", "editor"])
@pytest.mark.parametrize(("state", "action", "after"), [c for c in CASES if c[1] in BULK_ACTIONS])
def test_bulk_action_permission_matrix(role, state, action, after):
    client, user = client_for(role)
    owner = user if role == "reporter" else make_reporter("owner")
    article = article_in(state, owner)
    client.post(
        "/admin/articles/article/",
        {"action": BULK_ACTIONS[action], "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    allowed = role == "editor" or (role == "reporter" and (state, action) in REPORTER_ALLOWED)
    assert article.status == (after if allowed else state)


def test_reporter_cannot_read_a_colleagues_draft_through_history_or_versions(reporter_client):
    secret = make_draft(created_by=make_editor("someone"), headline="Quokkaline merger")
    for url in (
        f"/admin/articles/article/{secret.pk}/history/",
        f"/admin/articles/article/{secret.pk}/revisions/",
        f"/admin/articles/article/{secret.pk}/preview/",
    ):
        response = reporter_client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b"Quokkaline merger" not in response.content


def test_reporter_cannot_find_a_colleagues_draft_through_autocomplete(reporter_client):
    make_draft(created_by=make_editor("someone"), headline="Quokkaline merger")
    response = reporter_client.get(
        "/admin/autocomplete/",
        {
            "term": "Quokkaline",
            "app_label": "people",
            "model_name": "mention",
            "field_name": "article",
        },
    )
    assert b"Quokkaline merger" not in response.content


def test_reporter_cannot_delete_articles(reporter_client, reporter):
    article = make_draft(created_by=reporter)
    reporter_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_create_a_share_link_for_a_colleagues_draft(reporter_client):
    secret = make_draft(created_by=make_editor("someone"))
    response = reporter_client.post(f"/admin/articles/article/{secret.pk}/share/", follow=True)
    assert b"/preview/" not in response.content


# --- What a staff member may see: Article.objects.visible_to, on every admin surface ---


def small_jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (10, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def colleagues_draft():
    """A colleague's draft whose headline, quote, mention and photo all say "Quokkaline"."""
    photo = Image.objects.create(file=small_jpeg(), caption="Quokkaline merger signing")
    article = make_draft(
        created_by=make_editor("colleague"), headline="Quokkaline merger", lead_image=photo
    )
    Mention.objects.create(article=article, person=make_person("Ada Lovelace"), count=1)
    Quote.objects.create(article=article, text="Quokkaline quote about the merger")
    NameSuggestion.objects.create(name="Quokkaline Name", key="quokkaline name", article=article)
    return article


def test_editors_see_every_article():
    editor = make_editor("e1")
    make_draft(created_by=make_reporter("someone"))
    make_scheduled()
    make_archived()
    make_article()
    assert Article.objects.visible_to(editor).count() == 4


def test_reporters_see_their_own_articles_and_live_ones_only():
    reporter = make_reporter("r1")
    own_draft = make_draft(created_by=reporter)
    own_archived = make_archived(created_by=reporter)
    live = make_article(created_by=make_reporter("someone"))
    make_draft(created_by=make_reporter("other"))
    make_scheduled()
    make_archived()
    visible = set(Article.objects.visible_to(reporter))
    assert visible == {own_draft, own_archived, live}


def test_anonymous_users_see_live_articles_only():
    live = make_article()
    make_draft()
    assert list(Article.objects.visible_to(AnonymousUser())) == [live]


@pytest.mark.parametrize("model", ["mention", "quote"])
def test_reporter_cannot_list_mentions_or_quotes_of_a_colleagues_draft(
    reporter_client, colleagues_draft, model
):
    for query in ("", "?q=merger", f"?article__id__exact={colleagues_draft.pk}"):
        response = reporter_client.get(f"/admin/people/{model}/{query}")
        assert response.status_code == 200
        assert b"Quokkaline" not in response.content, query


def test_reporter_sees_mentions_and_quotes_of_live_stories(reporter_client):
    live = make_article(headline="Harbour reopens")
    Mention.objects.create(article=live, person=make_person("Ada Lovelace"), count=1)
    Quote.objects.create(article=live, text="We are open again")
    assert b"Harbour reopens" in reporter_client.get("/admin/people/mention/").content
    assert b"We are open again" in reporter_client.get("/admin/people/quote/").content


@pytest.mark.parametrize("model", ["mention", "quote", "namesuggestion"])
@pytest.mark.parametrize("view", ["change", "history", "delete"])
def test_reporter_gets_404_for_a_colleagues_draft_mention_quote_or_suggestion_by_id(
    reporter_client, colleagues_draft, model, view
):
    row = {
        "mention": colleagues_draft.mentions,
        "quote": colleagues_draft.quotes,
        "namesuggestion": colleagues_draft.name_suggestions,
    }[model].get()
    response = reporter_client.get(f"/admin/people/{model}/{row.pk}/{view}/")
    assert response.status_code in (403, 404)
    assert b"Quokkaline" not in response.content


def test_a_hidden_row_and_a_missing_row_both_answer_404(reporter_client, colleagues_draft):
    quote = colleagues_draft.quotes.get()
    assert reporter_client.get(f"/admin/people/quote/{quote.pk}/change/").status_code == 404
    assert reporter_client.get("/admin/people/quote/999999/change/").status_code == 404


def test_editor_sees_mentions_and_quotes_of_every_story(editor_client, colleagues_draft):
    assert b"Quokkaline merger" in editor_client.get("/admin/people/mention/").content
    assert b"Quokkaline quote" in editor_client.get("/admin/people/quote/").content
    assert b"Quokkaline Name" in editor_client.get("/admin/people/namesuggestion/").content


def test_photo_where_used_lists_only_articles_the_user_may_see(reporter_client, reporter):
    photo = Image.objects.create(file=small_jpeg(), caption="Harbour at dawn")
    make_article(headline="Harbour reopens", lead_image=photo)
    make_draft(created_by=make_editor("colleague"), headline="Quokkaline merger", lead_image=photo)
    response = reporter_client.get(f"/admin/articles/image/{photo.pk}/change/")
    assert response.status_code == 200
    assert b"Harbour reopens" in response.content
    assert b"Quokkaline merger" not in response.content


def test_photo_where_used_lists_every_article_for_an_editor(editor_client):
    photo = Image.objects.create(file=small_jpeg(), caption="Harbour at dawn")
    make_draft(created_by=make_reporter("someone"), headline="Quokkaline merger", lead_image=photo)
    response = editor_client.get(f"/admin/articles/image/{photo.pk}/change/")
    assert b"Quokkaline merger" in response.content


def test_reporter_does_not_see_a_photo_used_only_by_a_colleagues_draft(
    reporter_client, colleagues_draft
):
    photo = colleagues_draft.lead_image
    for url in (
        "/admin/articles/image/",
        "/admin/articles/image/?q=signing",
        f"/admin/articles/image/{photo.pk}/change/",
        "/admin/autocomplete/?app_label=articles&model_name=article&field_name=lead_image"
        "&term=signing",
    ):
        response = reporter_client.get(url)
        assert b"Quokkaline" not in response.content, url


def test_reporter_sees_unused_photos_and_their_own_uploads(reporter_client, reporter):
    unused = Image.objects.create(file=small_jpeg(), caption="Library shot of the harbour")
    own = Image.objects.create(file=small_jpeg(), caption="My own photo", uploaded_by=reporter)
    make_draft(created_by=reporter, lead_image=own)
    content = reporter_client.get("/admin/articles/image/").content
    assert unused.caption.encode() in content
    assert own.caption.encode() in content


def test_tag_list_counts_only_articles_the_user_may_see():
    tag = make_tag("Harbour")
    make_article(tags=(tag,))
    make_draft(created_by=make_editor("colleague"), tags=(tag,))
    counts = {}
    for role in ("reporter", "editor"):
        client, _user = client_for(role)
        response = client.get("/admin/tags/tag/")
        counts[role] = response.context["cl"].result_list.get(pk=tag.pk).article_count
    assert counts == {"reporter": 1, "editor": 2}


def test_view_on_site_shortcut_is_404_for_an_article_the_reporter_may_not_see(
    reporter_client, colleagues_draft
):
    article_type = ContentType.objects.get_for_model(Article)
    response = reporter_client.get(f"/admin/r/{article_type.pk}/{colleagues_draft.pk}/")
    assert response.status_code == 404
    assert "embargoed" not in response.get("Location", "")
    assert b"mbargoed" not in response.content


def test_view_on_site_shortcut_sends_anonymous_users_to_the_login_page(client, colleagues_draft):
    article_type = ContentType.objects.get_for_model(Article)
    response = client.get(f"/admin/r/{article_type.pk}/{colleagues_draft.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "embargoed" not in response["Location"].split("?")[0]


def test_view_on_site_shortcut_still_works_for_what_the_user_may_see(reporter_client, reporter):
    article_type = ContentType.objects.get_for_model(Article)
    live = make_article(headline="Harbour reopens", slug="harbour-reopens")
    own = make_draft(created_by=reporter, slug="my-own-draft")
    for article in (live, own):
        response = reporter_client.get(f"/admin/r/{article_type.pk}/{article.pk}/")
        assert response.status_code == 302
        assert article.slug in response["Location"]


@pytest.mark.parametrize("object_id", ["abc", "99999999", "1/2", "-1", "9" * 30])
def test_view_on_site_shortcut_answers_404_for_nonsense_ids(editor_client, object_id):
    article_type = ContentType.objects.get_for_model(Article)
    for type_id in (article_type.pk, 999999, "x"):
        response = editor_client.get(f"/admin/r/{type_id}/{object_id}/")
        assert response.status_code == 404


def test_reporter_cannot_attach_a_photo_they_may_not_see_to_their_draft(
    reporter_client, reporter, colleagues_draft
):
    own = make_draft(created_by=reporter)
    hidden_photo = colleagues_draft.lead_image
    response = reporter_client.post(
        f"/admin/articles/article/{own.pk}/change/",
        article_form_data(own, lead_image=hidden_photo.pk),
    )
    own.refresh_from_db()
    assert own.lead_image_id is None
    assert response.status_code == 200
    assert b"Quokkaline" not in response.content


@pytest.fixture
def known_only_from_a_draft():
    """A person and a tag that only a colleague's draft names: the story itself."""
    minister = make_person("Quokkaline Minister")
    talks = make_tag("Quokkaline talks")
    draft = make_draft(created_by=make_editor("colleague"), tags=(talks,))
    Mention.objects.create(article=draft, person=minister, count=1)
    return minister, talks


def test_reporter_does_not_see_a_person_or_tag_known_only_from_a_colleagues_draft(
    reporter_client, known_only_from_a_draft
):
    minister, talks = known_only_from_a_draft
    for url in (
        "/admin/people/person/",
        "/admin/people/person/?q=Minister",
        "/admin/tags/tag/",
        "/admin/tags/tag/?q=talks",
        "/admin/articles/article/",
        "/admin/articles/article/?_facets=1",
        "/admin/autocomplete/?app_label=articles&model_name=byline&field_name=person&term=Min",
        "/admin/autocomplete/?app_label=people&model_name=mention&field_name=person&term=Min",
    ):
        response = reporter_client.get(url)
        assert response.status_code == 200, url
        assert b"Quokkaline" not in response.content, url
    for url in (f"/admin/people/person/{minister.pk}/change/", f"/admin/tags/tag/{talks.pk}/"):
        response = reporter_client.get(url, follow=True)
        assert response.status_code == 404, url


def test_reporter_sees_staff_unnamed_people_and_those_in_stories_they_may_see(
    reporter_client, reporter
):
    colleague = make_person("Colleague Writer", user=make_reporter("colleague"))
    make_draft(created_by=colleague.user, authors=(colleague,))
    newcomer = make_person("Newcomer Nobody")
    quoted = make_person("Quoted Mayor")
    Quote.objects.create(article=make_article(), text="Fine.", speaker=quoted)
    mine = make_person("My Source")
    Mention.objects.create(article=make_draft(created_by=reporter), person=mine, count=1)
    content = reporter_client.get("/admin/people/person/").content
    for person in (colleague, newcomer, quoted, mine):
        assert person.name.encode() in content, person.name


def test_reporter_sees_unused_tags_and_tags_of_stories_they_may_see(reporter_client, reporter):
    unused = make_tag("Unused topic")
    live = make_tag("Live topic")
    own = make_tag("My topic")
    make_article(tags=(live,))
    make_draft(created_by=reporter, tags=(own,))
    content = reporter_client.get("/admin/tags/tag/").content
    for tag in (unused, live, own):
        assert tag.name.encode() in content, tag.name


def test_editor_sees_people_and_tags_known_only_from_drafts(editor_client, known_only_from_a_draft):
    assert b"Quokkaline Minister" in editor_client.get("/admin/people/person/").content
    assert b"Quokkaline talks" in editor_client.get("/admin/tags/tag/").content


@pytest.mark.parametrize(
    ("inline", "row"),
    [
        ("bylines", {"person": None, "role": "author", "order": "0"}),
        ("mentions", {"person": None, "status": "confirmed"}),
        ("quotes", {"text": "A line.", "speaker": None, "speaker_text": ""}),
    ],
)
def test_reporter_cannot_attach_a_person_they_may_not_see_to_their_draft(
    reporter_client, reporter, known_only_from_a_draft, inline, row
):
    minister, _talks = known_only_from_a_draft
    own = make_draft(created_by=reporter)
    data = article_form_data(own)
    data[f"{inline}-TOTAL_FORMS"] = "1"
    for name, value in row.items():
        data[f"{inline}-0-{name}"] = str(minister.pk) if value is None else value
    # Reporters may not add mentions or quotes at all: those rows are ignored.
    response = reporter_client.post(f"/admin/articles/article/{own.pk}/change/", data)
    assert b"Quokkaline" not in response.content
    assert not Person.objects.visible_to(reporter).filter(pk=minister.pk).exists()
