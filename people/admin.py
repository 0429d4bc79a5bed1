from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from newsroom.admin import HiddenIsMissingMixin, SlugRedirectAdminMixin, merge_selected
from people.models import Mention, NameSuggestion, Person, PersonAlias, PersonRole, Quote
from people.services import create_person_from_suggestion, merge_people, store_portrait


class PersonAliasFormSet(BaseInlineFormSet):
    def clean(self):
        """One alias twice for this person. The model's constraint says the same, but an
        inline leaves ``person`` out of constraint checks: the database would answer 500."""
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if form.errors or self._should_delete_form(form):
                continue
            if not form.instance.pk and not form.has_changed():
                continue  # an empty extra row
            key = form.instance.text.lower()  # cleaned by the model's validation
            if key in seen:
                raise ValidationError(f"The alias {form.instance.text!r} is listed twice.")
            seen.add(key)


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    formset = PersonAliasFormSet
    extra = 1
    fields = ["text", "shared"]
    readonly_fields = ["shared"]

    @admin.display(description="Shared")
    def shared(self, alias: PersonAlias):
        """Who else holds this alias: a query per alias, and a person has a handful."""
        others = list(alias.shared_with()) if alias.pk else []
        if not others:
            return "-"
        links = format_html_join(
            ", ",
            '<a href="{}">{}</a>',
            ((reverse("admin:people_person_change", args=[p.pk]), p.name) for p in others),
        )
        return format_html("shared with {}: linked only after a story names one of them", links)


class PersonRoleInline(admin.TabularInline):
    model = PersonRole
    extra = 1
    fields = ["title", "organisation", "start", "end"]
    verbose_name = "role"
    verbose_name_plural = "roles (stories show the one held on their date)"


class SharedAliasFilter(admin.SimpleListFilter):
    title = "aliases"
    parameter_name = "aliases"

    def lookups(self, request, model_admin):
        return [("shared", "Shared with someone else")]

    def queryset(self, request, queryset):
        if self.value() == "shared":
            return queryset.with_shared_aliases()
        return queryset


@admin.register(Person)
class PersonAdmin(HiddenIsMissingMixin, SlugRedirectAdminMixin, admin.ModelAdmin):
    list_display = ["name", "honorific", "current_role", "slug"]
    list_filter = [SharedAliasFilter]
    search_fields = ["name", "aliases__text", "roles__title", "roles__organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonRoleInline, PersonAliasInline]
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "honorific"]}),
        ("About", {"fields": ["bio", "photo", "sort_name"]}),
        ("Staff", {"fields": ["user"], "classes": ["collapse"]}),
    ]

    actions = ["merge"]

    def get_queryset(self, request):
        # Also what every people autocomplete (bylines, mentions, quotes) offers.
        return super().get_queryset(request).visible_to(request.user).prefetch_related("roles")

    @admin.display(description="Role now")
    def current_role(self, person: Person) -> str:
        role = person.role_on(None)
        return str(role) if role else "-"

    @admin.action(description="Merge the selected people", permissions=["delete"])
    def merge(self, request, queryset):
        return merge_selected(self, request, queryset, merge=merge_people, noun="people")

    def save_model(self, request, obj, form, change):
        if "photo" in form.changed_data and form.cleaned_data.get("photo"):
            # Re-encoded without EXIF (GPS) under a generated name, with its renditions.
            store_portrait(person=obj, upload=form.cleaned_data["photo"])
        elif "photo" in form.changed_data:  # cleared
            obj.photo_renditions = []
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
