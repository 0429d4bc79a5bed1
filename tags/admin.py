from django.apps import apps
from django.contrib import admin
from django.db.models import Count

from newsroom.admin import HiddenIsMissingMixin, SlugRedirectAdminMixin, merge_selected
from tags.models import Tag, TagSynonym
from tags.services import merge_tags


class TagSynonymInline(admin.TabularInline):
    model = TagSynonym
    extra = 1
    fields = ["name"]
    verbose_name = "synonym"
    verbose_name_plural = (
        "synonyms (other names that find this tag: imports, the tag field, search)"
    )


@admin.register(Tag)
class TagAdmin(HiddenIsMissingMixin, SlugRedirectAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]
    inlines = [TagSynonymInline]
    show_facets = admin.ShowFacets.ALWAYS

    def get_queryset(self, request):
        # Tags and counts of the stories this user may see only (Article.visible_to_q): a
        # colleague's unpublished work is neither listed nor counted.
        article_model = apps.get_model("articles", "Article")
        stories = article_model.visible_to_q(request.user, prefix="taggings__content_object__")
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .annotate(article_count=Count("taggings", filter=stories or None))
        )

    def get_search_results(self, request, queryset, search_term):
        # Also what the article form's tag field offers: typing a synonym ("MSS") finds its
        # tag ("Haiti mission") through Tag.objects.resolve, the importer's lookup too.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        resolved = Tag.objects.resolve(search_term)
        if resolved is not None:
            ordering = results.query.order_by or Tag._meta.ordering
            results = (results | queryset.filter(pk=resolved.pk)).order_by(*ordering)
        return results, may_have_duplicates

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj: Tag) -> int:
        return obj.article_count

    @admin.action(description="Merge the selected tags", permissions=["delete"])
    def merge(self, request, queryset):
        return merge_selected(self, request, queryset, merge=merge_tags, noun="tags")
