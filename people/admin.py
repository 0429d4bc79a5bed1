from urllib.parse import urlencode

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from newsroom.admin import HiddenIsMissingMixin, SlugRedirectAdminMixin, merge_selected
from newsroom.images import clean_upload
from people.models import Mention, NameSuggestion, Person, PersonAlias, Quote
from people.services import create_person_from_suggestion, merge_people


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(HiddenIsMissingMixin, SlugRedirectAdminMixin, admin.ModelAdmin):
    list_display = ["name", "honorific", "role", "organisation", "slug"]
    list_filter = ["organisation"]
    search_fields = ["name", "aliases__text", "role", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonAliasInline]
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "honorific", "role", "organisation"]}),
        ("About", {"fields": ["bio", "photo", "sort_name"]}),
        ("Staff", {"fields": ["user"], "classes": ["collapse"]}),
    ]

    actions = ["merge"]

    def get_queryset(self, request):
        # Also what every people autocomplete (bylines, mentions, quotes) offers.
        return super().get_queryset(request).visible_to(request.user)

    @admin.action(description="Merge the selected people", permissions=["delete"])
    def merge(self, request, queryset):
        return merge_selected(self, request, queryset, merge=merge_people, noun="people")

    def save_model(self, request, obj, form, change):
        if "photo" in form.changed_data and form.cleaned_data.get("photo"):
            # Re-encoded without EXIF (GPS) under a generated name.
            clean_file, _data = clean_upload(form.cleaned_data["photo"])
            obj.photo.save(clean_file.name, clean_file, save=False)
        super().save_model(request, obj, form, change)
        # Created from the suggestion list: mark that suggestion as done.
        suggestion_id = request.GET.get("suggestion", "")
        if not change and suggestion_id.isdigit():
            NameSuggestion.objects.filter(
                pk=int(suggestion_id), status=NameSuggestion.Status.OPEN
            ).update(status=NameSuggestion.Status.CREATED, person=obj)


class OfVisibleArticlesMixin(HiddenIsMissingMixin):
    """Rows that belong to a story: a staff member lists, searches, filters, finds and opens
    only those of stories they may see (``Article.visible_to_q``), so a reporter never reads
    a colleague's unpublished headline or quote here. ``people`` may not import ``articles``:
    the rule is reached through the ``article`` foreign key."""

    def get_queryset(self, request):
        article_model = self.model._meta.get_field("article").related_model
        visible = article_model.visible_to_q(request.user, prefix="article__")
        return super().get_queryset(request).filter(visible)


@admin.register(Mention)
class MentionAdmin(OfVisibleArticlesMixin, admin.ModelAdmin):
    list_display = ["person", "article", "count", "status"]
    list_filter = ["status"]
    list_select_related = ["person", "article"]
    search_fields = ["person__name", "article__headline"]
    autocomplete_fields = ["person", "article"]


@admin.register(Quote)
class QuoteAdmin(OfVisibleArticlesMixin, admin.ModelAdmin):
    list_display = ["text", "speaker", "speaker_text", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker_text", "speaker__name"]
    autocomplete_fields = ["speaker", "article"]


@admin.register(NameSuggestion)
class NameSuggestionAdmin(OfVisibleArticlesMixin, admin.ModelAdmin):
    list_display = ["name", "honorific", "occurrences", "status", "article", "add_link"]
    list_filter = ["status"]
    list_select_related = ["article"]
    search_fields = ["name"]
    readonly_fields = ["name", "honorific", "occurrences", "article", "person", "created_at"]
    actions = ["create_people", "dismiss"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Add to the directory")
    def add_link(self, obj: NameSuggestion):
        if obj.status != NameSuggestion.Status.OPEN:
            return "-"
        query = urlencode({"name": obj.name, "honorific": obj.honorific, "suggestion": obj.pk})
        return format_html(
            '<a class="button" href="{}?{}">Create person</a>',
            reverse("admin:people_person_add"),
            query,
        )

    @admin.action(description="Create people from the selected names", permissions=["change"])
    def create_people(self, request, queryset):
        created = [
            create_person_from_suggestion(suggestion).name
            for suggestion in queryset.filter(status=NameSuggestion.Status.OPEN)
        ]
        self.message_user(request, f"Created {len(created)} people.", messages.SUCCESS)

    @admin.action(description="Dismiss the selected names", permissions=["change"])
    def dismiss(self, request, queryset):
        updated = queryset.filter(status=NameSuggestion.Status.OPEN).update(
            status=NameSuggestion.Status.DISMISSED
        )
        self.message_user(request, f"Dismissed {updated} names.", messages.SUCCESS)
