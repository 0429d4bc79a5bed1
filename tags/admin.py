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
        return super().get_queryset(request).annotate(article_count=Count("taggings"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj: Tag) -> int:
        return obj.article_count

    @admin.action(description="Merge the selected tags", permissions=["delete"])
    def merge(self, request, queryset):
        return merge_selected(self, request, queryset, merge=merge_tags, noun="tags")
