"""Who may do what to an article. Every admin path (forms, buttons, bulk actions, history,
restore, preview, autocomplete) asks these functions, so the rules live in one place. What a
staff member may *see* is ``Article.objects.visible_to(user)`` (``Article.visible_to_q`` for
rows that belong to a story): every admin list, inline, autocomplete and shortcut uses it."""

from articles.models import PUBLISH_PERMISSION, Article

# Reporters may edit their own stories while they are still work in progress.
REPORTER_EDITABLE_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)


def can_publish(user) -> bool:
    """Publish, schedule, unpublish and edit any story: editors and superusers."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article: Article | None) -> bool:
    """Change this article (None: the list as a whole)."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or can_publish(user):
        return True
    if article.pk is None:
        return True  # a story being written is its writer's
    return article.created_by_id == user.pk and article.status in REPORTER_EDITABLE_STATUSES


def allowed_transitions(user, article: Article) -> list[str]:
    """The workflow buttons this user may press on this article."""
    if not can_edit(user, article):
        return []
    if can_publish(user):
        actions = ["publish", "schedule"]
        if article.status == Article.Status.PUBLISHED:
            actions.append("unpublish")
        if article.status != Article.Status.DRAFT:
            actions.append("back_to_draft")
        if article.status == Article.Status.DRAFT:
            actions.append("submit_for_review")
        return actions
    if article.status == Article.Status.DRAFT:
        return ["submit_for_review"]
    if article.status == Article.Status.IN_REVIEW:
        return ["back_to_draft"]
    return []
