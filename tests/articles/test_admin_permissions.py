"""The permission matrix: anonymous, reporter and editor against every workflow action,
through the change form and through bulk actions, with crafted POSTs."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.articles.admin_helpers import article_form_data
from tests.factories import (
    make_article,
    make_draft,
    make_editor,
    make_in_review,
    make_reporter,
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
    secret = make_draft(created_by=make_editor("someone"), headline="Embargoed merger")
    for url in (
        f"/admin/articles/article/{secret.pk}/history/",
        f"/admin/articles/article/{secret.pk}/revisions/",
        f"/admin/articles/article/{secret.pk}/preview/",
    ):
        response = reporter_client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b"Embargoed merger" not in response.content


def test_reporter_cannot_find_a_colleagues_draft_through_autocomplete(reporter_client):
    make_draft(created_by=make_editor("someone"), headline="Embargoed merger")
    response = reporter_client.get(
        "/admin/autocomplete/",
        {
            "term": "Embargoed",
            "app_label": "people",
            "model_name": "mention",
            "field_name": "article",
        },
    )
    assert b"Embargoed merger" not in response.content


def test_reporter_cannot_delete_articles(reporter_client, reporter):
    article = make_draft(created_by=reporter)
    reporter_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    assert Article.objects.filter(pk=article.pk).exists()


def test_reporter_cannot_create_a_share_link_for_a_colleagues_draft(reporter_client):
    secret = make_draft(created_by=make_editor("someone"))
    response = reporter_client.post(f"/admin/articles/article/{secret.pk}/share/", follow=True)
    assert b"/preview/" not in response.content
