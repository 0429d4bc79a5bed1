"""The editors' desk: the story list and the story screen in the admin.

Beside it: ``admin_inlines`` (bylines, people, quotes, corrections, related stories),
``admin_filters`` (the list's filters), ``admin_forms`` (the story form), ``admin_desk``
(History, restore, presence, people review), ``admin_live`` (the live desk),
``admin_images`` (the photo library), ``admin_sections`` (sections and pins) and
``admin_partners``.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

# Imported for their registrations: the photo library, sections and pins, partners.
import articles.admin_images
import articles.admin_partners
import articles.admin_sections
import articles.tag_admin  # noqa: F401  (registers the tags' admin)
from articles import permissions
from articles.admin_desk import StoryDeskMixin
from articles.admin_filters import AuthorFilter, SavedViewFilter, TagFilter
from articles.admin_forms import WORKFLOW_FIELD, ArticleAdminForm, LeadImagePicker
from articles.admin_inlines import (
    LABELLED_DATETIME,
    BylineInline,
    CorrectionInline,
    MentionInline,
    PickOnlyMixin,
    RelatedStoryInline,
    VisibleChoicesMixin,
)
from articles.admin_live import desk_link  # also registers the live desk and updates' admin
from articles.models import Article
from articles.preview import can_share, create_preview_link, preview_url
from articles.services import article_changed
from articles.views import render_article
from newsroom.admin import HiddenIsMissingMixin, SlugRedirectAdminMixin
from people.models import Quote


@admin.register(Article)
class ArticleAdmin(
    StoryDeskMixin,
    HiddenIsMissingMixin,
    PickOnlyMixin,
    VisibleChoicesMixin,
    SlugRedirectAdminMixin,
    admin.ModelAdmin,
):
    form = ArticleAdminForm
    formfield_overrides = LABELLED_DATETIME
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline_cell",
        "status_badge",
        "section",
        "byline_names",
        "published_at",
        "is_live_now",
        "live_desk",
    ]
    list_filter = [SavedViewFilter, "status", "section", AuthorFilter, TagFilter, "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    show_facets = admin.ShowFacets.ALWAYS
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_image"]
    # Quotes are reviewed in the people panel (_people_review.html): a speaker chosen there is
    # kept when the story is linked again, which an edit in a row of a formset was not.
    inlines = [BylineInline, MentionInline, CorrectionInline, RelatedStoryInline]
    actions = [
        "submit_for_review",
        "publish_now",
        "publish_now_anyway",
        "unpublish",
        "back_to_draft",
    ]
    # The story screen (change_form.html): the "story-main" fieldset is the wide writing
    # column, "story-side" the column beside it (with the bylines), the rest fold away below.
    # "Publish anyway" sits in the top bar, beside the Publish button, for those who may
    # publish (the form always has the field; only the bar shows it).
    fieldsets = [
        ("Story", {"fields": ["headline", "dek", "body"], "classes": ["story-main"]}),
        (
            "Desk",
            {
                "fields": ["section", "tags", "lead_image", "dateline"],
                "classes": ["story-side"],
            },
        ),
        (
            "Dateline",
            {
                "fields": [
                    ("dateline_place", "dateline_country"),
                    ("dateline_date", "dateline_source"),
                ],
                "description": "Read from the dateline as written; change a part to correct it.",
                "classes": ["collapse"],
            },
        ),
        (
            "Publication",
            {
                "fields": [
                    "published_at",
                    "embargo_until",
                    "expires_at",
                    "revised_at",
                    "update_kind",
                    "base_version",
                ],
                "description": "The buttons at the top submit, publish, schedule or "
                "unpublish. A future publication time schedules the story; an embargo or "
                "expiry time is optional.",
                "classes": ["collapse", "story-publication"],
            },
        ),
        (
            "From the source",
            {
                "fields": ["source_notes"],
                "description": "What the imported copy said that is not the story (contacts, "
                "sign-offs, editor's notes, credits). For the desk: readers never see it.",
                "classes": ["collapse"],
            },
        ),
        (
            "Address, search and social",
            {
                "fields": ["slug", "meta_description", "headline_needs_review"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        # Names the body editor for screen readers (django-prose-editor leaves it unnamed);
        # the story screen's counters and copy buttons; its layout (also the list's columns).
        js = ["js/admin_prose_editor_label.js", "js/admin_story.js"]
        css = {"all": ["css/admin_story.css"]}

    # --- Permissions: enforced here for every admin path, not only by hiding buttons. ---

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("bylines__person")
        return queryset.visible_to(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and permissions.can_publish(request.user)

    def has_publish_permission(self, request) -> bool:
        return permissions.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["revised_at"]
        if not permissions.can_publish(request.user):
            # Reporters never set publication or expiry times: that is scheduling.
            readonly += ["published_at", "embargo_until", "expires_at"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lead_image":
            kwargs["widget"] = LeadImagePicker(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- List columns ---

    @admin.display(description="headline", ordering="headline")
    def headline_cell(self, obj: Article):
        # Two lines at most in the list (admin_story.css); the whole headline on hover.
        return format_html('<span class="cell-headline" title="{0}">{0}</span>', obj.headline)

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj: Article):
        label, kind = status_label(obj)
        return format_html('<span class="status-pill status-{}">{}</span>', kind, label)

    @admin.display(description="bylines")
    def byline_names(self, obj: Article) -> str:
        return ", ".join(b.person.name for b in obj.bylines.all())

    @admin.display(description="live", boolean=True)
    def is_live_now(self, obj: Article) -> bool:
        return obj.is_live

    @admin.display(description="live coverage")
    def live_desk(self, obj: Article):
        return desk_link(obj)

    def view_on_site(self, obj: Article):
        if obj.is_live:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    # --- Saving: workflow buttons, versions, people ---

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.bump_version()
        action = form.workflow_action
        if action:
            obj.transition(
                action, at=form.cleaned_data.get("published_at"), note=form.workflow_note
            )
        elif change and obj.is_live and form.cleaned_data.get("update_kind") == "substantive":
            obj.mark_substantive_update()
        if change:
            self.note_restore(request, obj)
        super().save_model(request, obj, form, change)
        self.forget_presence(request, obj)
        for note in form.tag_notes:
            self.message_user(request, note, messages.INFO)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Quote:
            return super().save_formset(request, form, formset, change)
        # A quote an editor adds or corrects is theirs: re-linking keeps it as it is.
        for quote in formset.save(commit=False):
            quote.source = Quote.Source.MANUAL
            quote.save()
        for quote in formset.deleted_objects:
            quote.delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines, so editors' confirmations and rejections are in place first.
        article_changed(form.instance)

    def response_change(self, request, obj):
        action = request.POST.get(WORKFLOW_FIELD)
        if action:
            self.message_user(request, workflow_message(action, obj), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get(WORKFLOW_FIELD):
            self.message_user(
                request, workflow_message(request.POST[WORKFLOW_FIELD], obj), messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    # --- The change form's extra context: buttons, presence, warnings ---

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        # The story screen is for writing: the headline and body get the width the admin's
        # model list would take.
        extra_context["is_nav_sidebar_enabled"] = False
        # A story this user may not see is a 404 (HiddenIsMissingMixin.get_object).
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None:
            extra_context["workflow_actions"] = permissions.allowed_transitions(request.user, obj)
            extra_context["presence"] = self.note_presence(request, obj)
            extra_context["people_review"] = self.people_review_context(request, obj)
            extra_context["sent_back"] = self.sent_back_context(request, obj)
            sharing = permissions.can_share_preview(request.user, obj)
            extra_context["share_preview"] = sharing and can_share(obj)
            extra_context["share_panel"] = sharing
            extra_context["preview_links"] = [
                (link, preview_url(link))
                for link in (
                    obj.preview_links.usable().select_related("created_by") if sharing else []
                )
            ]
            extra_context["status_pill"] = status_label(obj, on_story_screen=True)
        else:
            extra_context["workflow_actions"] = ["submit_for_review"] + (
                ["publish", "schedule"] if permissions.can_publish(request.user) else []
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        context["conflict_changes"] = getattr(form, "conflict_changes", [])
        context["is_overdue"] = bool(obj and obj.is_overdue)
        # What publishing would find as the story stands, before the editor presses the button.
        unpublished = obj is not None and obj.status != Article.Status.PUBLISHED
        context["publishing_problems"] = obj.publishing_problems() if unpublished else []
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Bulk actions: the same model methods as the buttons ---

    def _bulk(self, request, queryset, action: str, *, warnings_acknowledged=False) -> None:
        done, refused = 0, []
        for article in queryset:
            if action not in permissions.allowed_transitions(request.user, article):
                refused.append(article.headline)
                continue
            if action == "publish":
                problems = article.publishing_problems()
                blocking = [p.message for p in problems if p.blocking or not warnings_acknowledged]
                if blocking:
                    refused.append(f"{article.headline} ({' '.join(blocking)})")
                    continue
            try:
                with transaction.atomic():
                    article.transition(action)
                    article.full_clean()
                    article.bump_version()
                    article.save()
            except ValidationError as error:
                refused.append(f"{article.headline} ({'; '.join(error.messages)})")
                continue
            done += 1
        if done:
            self.message_user(request, f"{workflow_message(action)}: {done} stories.")
        if refused:
            self.message_user(request, "Not changed: " + "; ".join(refused), level=messages.WARNING)

    @admin.action(description="Submit for review")
    def submit_for_review(self, request, queryset):
        self._bulk(request, queryset, "submit_for_review")

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="Publish now, acknowledging warnings", permissions=["publish"])
    def publish_now_anyway(self, request, queryset):
        # Errors (no text, no alt text...) still block; only the warnings are acknowledged.
        self._bulk(request, queryset, "publish", warnings_acknowledged=True)

    @admin.action(description="Unpublish (archive)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    @admin.action(description="Send back to draft")
    def back_to_draft(self, request, queryset):
        self._bulk(request, queryset, "back_to_draft")

    # --- Extra pages: preview, share link (History, restore, presence, people: admin_desk) ---

    def get_urls(self):
        extra = [
            *self.get_desk_urls(),
            path(
                "<int:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<int:object_id>/share/",
                self.admin_site.admin_view(self.share_view),
                name="articles_article_share",
            ),
            path(
                "<int:object_id>/share/<int:link_id>/revoke/",
                self.admin_site.admin_view(self.revoke_share_view),
                name="articles_article_share_revoke",
            ),
        ]
        return extra + super().get_urls()

    def _visible_article(self, request, object_id) -> Article:
        # get_queryset applies the role rules: a reporter cannot reach others' drafts here.
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def preview_view(self, request, object_id):
        article = self._visible_article(request, object_id)
        page_article = Article.objects.for_article_page().get(pk=article.pk)
        return render_article(request, page_article, preview=True)

    def _sharable_article(self, request, object_id) -> Article:
        article = self._visible_article(request, object_id)
        if request.method != "POST" or not permissions.can_share_preview(request.user, article):
            raise PermissionDenied
        return article

    def share_view(self, request, object_id):
        article = self._sharable_article(request, object_id)
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        if not can_share(article):
            self.message_user(
                request,
                "Share links are for unpublished stories: a published story has its own "
                "address, and an archived one cannot be previewed.",
                messages.WARNING,
            )
            return HttpResponseRedirect(change_url)
        link = create_preview_link(
            article=article, created_by=request.user, note=request.POST.get("preview_note", "")
        )
        self.message_user(
            request,
            format_html(
                "Share this preview link (works without an account until it expires or is "
                'withdrawn): <a href="{0}">{0}</a>',
                preview_url(link),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url)

    def revoke_share_view(self, request, object_id, link_id):
        article = self._sharable_article(request, object_id)
        link = get_object_or_404(article.preview_links.all(), pk=link_id)
        link.revoke(by=request.user)
        self.message_user(request, f"Withdrawn: {link}. It no longer opens the story.")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def status_label(article: Article, *, on_story_screen: bool = False) -> tuple[str, str]:
    """The story's state in words and its kind (a CSS class: status-<kind>), for the list's
    status column and the story screen's pill. The story screen also says when a live story
    was changed after it went out (one more query)."""
    when = None
    if article.is_expired:
        return "Expired", "expired"
    if article.is_embargoed:
        when = timezone.localtime(article.embargo_until).strftime("%d %b %Y %H:%M")
        return f"Embargoed until {when}", "embargoed"
    if article.is_scheduled:
        when = timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M")
        label, kind = f"Scheduled for {when}", "scheduled"
    elif article.is_live:
        label, kind = "Live", "published"
        if on_story_screen and article.changed_since_published():
            label = "Live, changed since published"
    else:
        label, kind = article.get_status_display(), article.status
    if article.is_overdue:
        label = f"{label} (missed schedule)"
    return label, kind


def workflow_message(action: str, article: Article | None = None) -> str:
    text = Article.WORKFLOW_EVENTS.get(action, action)
    if article is not None:
        if action == "schedule" and article.published_at:
            when = timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M")
            return f"“{article.headline}” is scheduled for {when}."
        return f"{text}: “{article.headline}”."
    return text
