from django.contrib import admin
from django.db.models import Count

from newsroom.admin import SlugRedirectAdminMixin, merge_selected
from tags.models import Tag
from tags.services import merge_tags


@admin.register(Tag)
class TagAdmin(SlugRedirectAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]
    show_facets = admin.ShowFacets.ALWAYS

    def get_queryset(self, request):
        # Counts only the stories this user may see (Article.visible_to_q): a colleague's
        # drafts are not theirs to count. Reached through the taggings (tags may not import
        # articles).
        tagging_model = self.model._meta.get_field("taggings").related_model
        article_model = tagging_model._meta.get_field("content_object").related_model
        visible = article_model.visible_to_q(request.user, prefix="taggings__content_object__")
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("taggings", filter=visible or None))
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj: Tag) -> int:
        return obj.article_count

    @admin.action(description="Merge the selected tags", permissions=["delete"])
    def merge(self, request, queryset):
        return merge_selected(self, request, queryset, merge=merge_tags, noun="tags")
