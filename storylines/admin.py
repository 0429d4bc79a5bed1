"""Storylines in the admin: the timeline as an inline, and suggestions to add in one click."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse

from articles.models import Article, Image
from newsroom.admin import HiddenIsMissingMixin
from storylines.models import Storyline, StorylineEntry


class VisibleArticlesMixin:
    """A story or photo chosen by id must be one the user may see (``visible_to``): the
    autocompletes offer only those, and a hand-made POST naming another is refused."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (Article, Image):
            kwargs["queryset"] = db_field.related_model.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StorylineEntryInline(VisibleArticlesMixin, admin.TabularInline):
    model = StorylineEntry
    extra = 1
    fields = ["date", "article", "title", "text"]
    autocomplete_fields = ["article"]
    ordering = ["-date", "-id"]

    def get_queryset(self, request):
        # Entries naming a story this user may not see stay hidden (and untouched).
        return super().get_queryset(request).select_related("article").visible_to(request.user)


@admin.register(Storyline)
class StorylineAdmin(HiddenIsMissingMixin, VisibleArticlesMixin, admin.ModelAdmin):
    change_form_template = "admin/storylines/storyline/change_form.html"
    list_display = ["title", "status", "entry_count", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["lead_image"]
    fields = ["title", "slug", "description", "lead_image", "status"]
    inlines = [StorylineEntryInline]

    @admin.display(description="entries")
    def entry_count(self, obj: Storyline) -> int:
        return obj.entries.count()

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/suggestions/add/",
                self.admin_site.admin_view(self.add_suggestion_view),
                name="storylines_storyline_add_suggestion",
            ),
        ]
        return extra + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        storyline = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "suggestions": storyline.suggestions() if storyline else [],
            "can_add_suggestion": self.has_change_permission(request, storyline),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_suggestion_view(self, request, object_id):
        """One click on a suggestion: add that published story to the timeline."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        storyline = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, storyline):
            raise PermissionDenied
        raw = request.POST.get("article", "")
        # Suggestions are published stories only: nothing else can be added this way.
        article = Article.objects.published().filter(pk=raw if raw.isdigit() else None).first()
        change_url = reverse("admin:storylines_storyline_change", args=[storyline.pk])
        if article is None:
            messages.error(request, "That story is not published, or no longer exists.")
            return HttpResponseRedirect(change_url)
        try:
            storyline.add_article(article)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Added “{article.headline}” to the timeline.")
        return HttpResponseRedirect(change_url)
