"""Who may do what to an article. Every admin path (forms, buttons, bulk actions, history,
restore, preview, autocomplete) asks these functions, so the rules live in one place."""

from django.db.models import Q, QuerySet

from articles.models import Article, live_q

PUBLISH_PERMISSION = "articles.publish_article"
# Reporters may edit their own stories while they are still work in progress.
REPORTER_EDITABLE_STATUSES = (Article.Status.DRAFT, Article.Status.IN_REVIEW)


def can_publish(user) -> bool:
    """Publish, schedule, unpublish and edit any story: editors and superusers."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def visible_articles(user, queryset: QuerySet) -> QuerySet:
    """What a staff member may see in the admin: editors everything, reporters their own
    stories and stories readers can see (never colleagues' drafts, scheduled or embargoed
    work)."""
    if can_publish(user):
        return queryset
    return queryset.filter(Q(created_by=user) | live_q())


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
