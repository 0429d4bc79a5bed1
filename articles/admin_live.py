"""Live coverage in the admin: the live desk of one story (a short form on top, its updates
below, start and end buttons) and the updates' own admin for corrections and history."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles import permissions
from articles.models import Article, Image, LiveUpdate
from articles.text_format import plain_text_to_html
from newsroom.admin import HiddenIsMissingMixin
from people.models import Person

# Updates listed under the desk's form; older ones are in the updates' admin list.
DESK_UPDATES = 100


class LiveUpdateForm(forms.ModelForm):
    """The desk's short form: the story's text editor (cleaned to the body's allow-list; plain
    text sent without it becomes paragraphs), an optional photo and author, pin."""

    class Meta:
        model = LiveUpdate
        fields = ["text", "photo", "author", "pinned"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only photos and people this user may see (as on the article form), offered by
        # type-to-search boxes: the library may hold thousands of photos.
        for name, model in (("photo", Image), ("author", Person)):
            field = self.fields[name]
            field.widget = AutocompleteSelect(LiveUpdate._meta.get_field(name), admin.site)
            field.queryset = model.objects.visible_to(user)  # also gives the widget its choices

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        return text if text.startswith("<") else plain_text_to_html(text)


def save_update(update: LiveUpdate, *, by) -> LiveUpdate:
    """Validate and save an update from the admin; pinning it unpins the story's others."""
    if update.pk is None:
        update.created_by = by
    update.full_clean()
    with transaction.atomic():
        if update.pinned:
            update.unpin_others()
        update.save()
    return update


@admin.register(LiveUpdate)
class LiveUpdateAdmin(HiddenIsMissingMixin, admin.ModelAdmin):
    list_display = ["summary", "article", "published_at", "author", "pinned"]
    list_select_related = ["article", "author"]
    list_filter = ["pinned"]
    search_fields = ["text"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["photo", "author"]
    fields = ["article", "text", "photo", "author", "published_at", "pinned"]

    class Media:
        # Names the text editor for screen readers, as on the article form.
        js = ["js/admin_prose_editor_label.js"]

    def get_queryset(self, request):
        # Updates of stories this user may see only (Article.visible_to_q).
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = permissions.stories_open_for_updates(request.user)
        elif db_field.related_model in (Image, Person):
            kwargs["queryset"] = db_field.related_model.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["article"] if obj else []

    def has_change_permission(self, request, obj=None):
        return permissions.can_change_live_update(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.can_edit(request.user, obj.article)
        )

    @admin.display(description="update")
    def summary(self, obj: LiveUpdate) -> str:
        return str(obj)

    def save_model(self, request, obj, form, change):
        if not change and not permissions.can_post_live_update(request.user, obj.article):
            raise PermissionDenied
        save_update(obj, by=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        if "_continue" in request.POST or "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        return HttpResponseRedirect(desk_url(obj.article))

    def get_urls(self):
        return [
            path(
                "story/<int:article_id>/",
                self.admin_site.admin_view(self.desk_view),
                name="articles_liveupdate_desk",
            ),
            *super().get_urls(),
        ]

    def desk_view(self, request, article_id):
        """One story's live desk: post, pin, start and end, without opening the story."""
        article = get_object_or_404(Article.objects.visible_to(request.user), pk=article_id)
        if not permissions.can_edit(request.user, article):
            raise PermissionDenied
        form = LiveUpdateForm(user=request.user, initial={"author": _own_person(request.user)})
        if request.method == "POST":
            action = request.POST.get("action", "")
            if action in ("start", "end"):
                return self._start_or_end(request, article, action)
            if action == "pin":
                update = get_object_or_404(article.live_updates, pk=request.POST.get("update"))
                if not permissions.can_change_live_update(request.user, update):
                    raise PermissionDenied
                update.pin()
                self.message_user(request, "Pinned: it stays at the top of the story.")
                return HttpResponseRedirect(desk_url(article))
            if not permissions.can_post_live_update(request.user, article):
                raise PermissionDenied
            form = LiveUpdateForm(request.POST, user=request.user)
            if form.is_valid():
                update = form.save(commit=False)
                update.article = article
                try:
                    save_update(update, by=request.user)
                except forms.ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(request, "Update posted: readers see it now.")
                    return HttpResponseRedirect(desk_url(article))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Live desk: {article.headline}",
            "article": article,
            "form": form,
            "media": self.media + form.media,
            "updates": list(article.live_updates.for_page()[:DESK_UPDATES]),
            "can_post": permissions.can_post_live_update(request.user, article),
            "can_run": permissions.can_run_live_coverage(request.user),
            "public_url": article.get_absolute_url() if article.is_live else "",
        }
        return TemplateResponse(request, "admin/articles/liveupdate/desk.html", context)

    def _start_or_end(self, request, article: Article, action: str):
        if not permissions.can_run_live_coverage(request.user):
            raise PermissionDenied
        if action == "start":
            article.start_live_coverage()
            note = "Live coverage started: readers see a Live badge and new updates."
        else:
            article.end_live_coverage()
            note = "Live coverage ended: the story is a normal story again; its updates stay."
        article.full_clean()
        article.save(update_fields=["live_coverage", "coverage_started_at", "coverage_ended_at"])
        self.message_user(request, note, messages.SUCCESS)
        return HttpResponseRedirect(desk_url(article))


def desk_url(article: Article) -> str:
    return reverse("admin:articles_liveupdate_desk", args=[article.pk])


def desk_link(article: Article):
    """A link to the story's live desk, for the article list ("Live" while it runs)."""
    label = "Live: post updates" if article.live_coverage else "Live desk"
    return format_html('<a href="{}">{}</a>', desk_url(article), label)


def _own_person(user) -> Person | None:
    return Person.objects.filter(user=user).first() if user.is_authenticated else None
