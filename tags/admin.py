"""The tags' admin, without what depends on stories: ``articles.tag_admin`` registers it with
the rows and story counts a staff member may see (``tags`` may not import ``articles``)."""

from django.contrib import admin

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


class TagAdmin(HiddenIsMissingMixin, SlugRedirectAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    ordering = ["name"]  # also what autocompletes page through
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge"]
    inlines = [TagSynonymInline]
    show_facets = admin.ShowFacets.ALWAYS

    def get_search_results(self, request, queryset, search_term):
        # Also what the article form's tag field offers: typing a synonym ("MSS") finds its
        # tag ("Haiti mission") through Tag.objects.resolve, the importer's lookup too.
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        resolved = Tag.objects.resolve(search_term)
        if resolved is not None:
            ordering = results.query.order_by or Tag._meta.ordering
            results = (results | queryset.filter(pk=resolved.pk)).order_by(*ordering)
        return results, may_have_duplicates

    @admin.action(description="Merge the selected tags", permissions=["delete"])
    def merge(self, request, queryset):
        return merge_selected(self, request, queryset, merge=merge_tags, noun="tags")
