"""The tags' admin as registered: ``tags.admin.TagAdmin`` with the tags and story counts a
staff member may see (``Article.visible_to_q``), so a colleague's unpublished work is neither
listed, counted nor offered by the article form's tag field."""

from django.contrib import admin
from django.db.models import Count

from articles.models import Article
from articles.tagging import tags_visible_to
from tags import admin as tags_admin
from tags.models import Tag


@admin.register(Tag)
class TagAdmin(tags_admin.TagAdmin):
    list_display = [*tags_admin.TagAdmin.list_display, "article_count"]

    def get_queryset(self, request):
        stories = Article.visible_to_q(request.user, prefix="taggings__content_object__")
        return tags_visible_to(request.user, super().get_queryset(request)).annotate(
            article_count=Count("taggings", filter=stories or None)
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj: Tag) -> int:
        return obj.article_count
