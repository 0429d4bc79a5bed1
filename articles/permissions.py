"""Who may do what to an article. Every admin path (forms, buttons, bulk actions, history,
restore, preview, autocomplete) asks these functions, so the rules live in one place. What a
staff member may *see* is ``Article.objects.visible_to(user)`` (``Article.visible_to_q`` for
rows that belong to a story): every admin list, inline, autocomplete and shortcut uses it."""

from django.db.models import QuerySet

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


def can_share_preview(user, article: Article) -> bool:
    """Create, list and revoke share-preview links to this story: editors, and the reporter
    who wrote it."""
    if not (user.is_active and user.has_perm("articles.view_article")):
        return False
    return can_publish(user) or article.created_by_id == user.pk


def can_change_image(user, image) -> bool:
    """Change or delete this library photo (None: the library as a whole).

    A photo appears in every story that uses it, so changing it changes those stories: a
    reporter may change it only while they may change every one of them (their own drafts).
    A photo of a live, scheduled or colleague's story goes through an editor; a reporter
    makes a new version of it instead (``services.new_version_of_image``).
    """
    if not user.has_perm("articles.change_image"):
        return False
    if image is None or image.pk is None or can_publish(user):
        return True
    stories = Article.objects.filter(Article.uses_image_q(image)).only("pk", "status", "created_by")
    return all(can_edit(user, article) for article in stories)


def stories_in_progress(user) -> QuerySet:
    """The user's own stories still being written (draft or in review), newest first."""
    return Article.objects.filter(created_by=user, status__in=REPORTER_EDITABLE_STATUSES).order_by(
        "-updated_at", "-pk"
    )


def can_post_live_update(user, article: Article) -> bool:
    """Add, change, pin or delete updates on this story: whoever may edit the story (editors;
    a reporter on their own draft or story in review), while its live coverage runs."""
    return (
        user.has_perm("articles.add_liveupdate")
        and article.live_coverage
        and can_edit(user, article)
    )


def can_run_live_coverage(user) -> bool:
    """Start and end live coverage: it changes how a published story looks, so editors."""
    return can_publish(user)


def stories_open_for_updates(user) -> QuerySet:
    """The live stories ``user`` may post updates to (``can_post_live_update`` for many)."""
    live = Article.objects.filter(live_coverage=True)
    if can_publish(user):
        return live
    return live.filter(created_by=user, status__in=REPORTER_EDITABLE_STATUSES)


def can_change_live_update(user, update) -> bool:
    """Correct or delete an update (also after the coverage ended): whoever may edit its story."""
    if not user.has_perm("articles.change_liveupdate"):
        return False
    return update is None or can_edit(user, update.article)
