from django.contrib import admin

from people.models import Mention, NameSuggestion, Person, PersonAlias, Quote


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific", "role", "organisation", "slug"]
    list_filter = ["organisation"]
    search_fields = ["name", "aliases__text", "role", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]
    autocomplete_fields = ["user"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["person", "article", "count", "status"]
    list_filter = ["status"]
    list_select_related = ["person", "article"]
    search_fields = ["person__name", "article__headline"]
    autocomplete_fields = ["person", "article"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["text", "speaker", "speaker_text", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker_text", "speaker__name"]
    autocomplete_fields = ["speaker", "article"]


@admin.register(NameSuggestion)
class NameSuggestionAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific", "occurrences", "status", "article"]
    list_filter = ["status"]
    search_fields = ["name"]
