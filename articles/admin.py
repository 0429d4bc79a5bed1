"""The editors' desk: articles, sections and the photo library in the admin."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import permissions
from articles.admin_forms import WORKFLOW_FIELD, ArticleAdminForm, LabelledSplitDateTime
from articles.models import Article, Byline, Correction, Image, Partner, Section
from articles.preview import can_share, create_preview_link, preview_url
from articles.revisions import field_changes, restore_version
from articles.services import article_changed, new_version_of_image, store_uploaded_image
from articles.views import render_article
from newsroom.admin import HiddenIsMissingMixin, SlugRedirectAdminMixin
from people.models import Mention, Person, Quote

PRESENCE_WINDOW = timedelta(minutes=15)
STATUS_COLOURS = {
    "draft": "#595959",
    "in_review": "#8a5a00",
    "published": "#1b6e20",
    "archived": "#5c2a86",
    "expired": "#5c2a86",
    "embargoed": "#8a5a00",
}


# Labelled date and time boxes wherever the article form shows a date and time.
LABELLED_DATETIME = {models.DateTimeField: {"widget": LabelledSplitDateTime}}


class VisibleChoicesMixin:
    """A photo or person chosen by id must be one the user may see (``visible_to``): the
    autocompletes offer only those, and a hand-made POST attaching another would then show
    its caption or name on the user's own story."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (Image, Person):
            kwargs["queryset"] = db_field.related_model.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class BylineInline(VisibleChoicesMixin, admin.StackedInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "order"]


class MentionInline(VisibleChoicesMixin, admin.StackedInline):
    """People in the story: found automatically; editors confirm, reject or add by hand."""

    model = Mention
    extra = 0
    fields = ["person", "status", "count", "first_position"]
    readonly_fields = ["count", "first_position"]
    autocomplete_fields = ["person"]
    verbose_name = "person mentioned"
    verbose_name_plural = "people mentioned (rejected ones stay rejected when re-linked)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A mention an editor adds by hand is a confirmed one.
        formset.form.base_fields["status"].initial = Mention.Status.CONFIRMED
        return formset


class QuoteInline(VisibleChoicesMixin, admin.StackedInline):
    model = Quote
    extra = 0
    fields = ["text", "speaker", "speaker_text", "source"]
    readonly_fields = ["source"]
    autocomplete_fields = ["speaker"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at"]
    formfield_overrides = LABELLED_DATETIME


class SavedViewFilter(admin.SimpleListFilter):
    """The desk's everyday lists, one click each."""

    title = "saved view"
    parameter_name = "view"

    def lookups(self, request, model_admin):
        return [
            ("mine", "My drafts"),
            ("review", "Waiting for review"),
            ("scheduled", "Scheduled"),
            ("embargoed", "Embargoed"),
            ("overdue", "Missed schedule"),
            ("live", "Live on the site"),
            ("expired", "Expired"),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "mine":
                return queryset.filter(created_by=request.user, status=Article.Status.DRAFT)
            case "review":
                return queryset.filter(status=Article.Status.IN_REVIEW)
            case "scheduled":
                return queryset.scheduled()
            case "embargoed":
                return queryset.embargoed()
            case "overdue":
                return queryset.overdue()
            case "live":
                return queryset.published()
            case "expired":
                return queryset.expired()
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        from people.models import Person

        authors = (
            Person.objects.visible_to(request.user)
            .filter(bylines__isnull=False)
            .distinct()
            .order_by("sort_name")
        )
        return [(str(p.pk), p.name) for p in authors[:200]]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.by_author(int(self.value()))
        return queryset


class TagFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        from tags.models import Tag

        tags = Tag.objects.visible_to(request.user).order_by("name")
        return [(t.slug, t.name) for t in tags[:300]]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(taggings__tag__slug=self.value())
        return queryset


@admin.register(Section)
class SectionAdmin(SlugRedirectAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "order", "requires_byline"]
    list_editable = ["order", "requires_byline"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    """Partners reading the partner feed (/partners/feed/) with their own token."""

    list_display = ["name", "is_active", "scope", "token_prefix", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = ["name", "is_active", "sections", "token_prefix"]
    readonly_fields = ["token_prefix"]
    filter_horizontal = ["sections"]
    actions = ["revoke", "issue_new_tokens"]

    @admin.display(description="sections")
    def scope(self, obj: Partner) -> str:
        return ", ".join(section.name for section in obj.sections.all()) or "All sections"

    def save_model(self, request, obj, form, change):
        token = None if change else obj.issue_token()
        super().save_model(request, obj, form, change)
        if token:
            self._show_token(request, obj, token)

    def _show_token(self, request, partner: Partner, token: str) -> None:
        self.message_user(
            request,
            f"Token for {partner.name}: {token} (shown once; send it to the partner "
            "privately. It goes in the header Authorization: Bearer <token>).",
            messages.WARNING,
        )

    @admin.action(description="Revoke access (the token stops working)")
    def revoke(self, request, queryset):
        revoked = queryset.update(is_active=False)
        self.message_user(request, f"Revoked {revoked} partner token(s).")

    @admin.action(description="Issue a new token (the old one stops working)")
    def issue_new_tokens(self, request, queryset):
        for partner in queryset:
            token = partner.issue_token()
            partner.save(update_fields=["token_hash", "token_prefix"])
            self._show_token(request, partner, token)


@admin.register(Image)
class ImageAdmin(HiddenIsMissingMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "alt_status", "width", "height", "created_at"]
    search_fields = ["caption", "alt_text", "credit", "source"]
    readonly_fields = ["preview", "width", "height", "where_used", "uploaded_by", "created_at"]
    fields = ["file", "preview", "alt_text", "caption", "credit", "source", "where_used"]
    change_form_template = "admin/articles/image/change_form.html"

    @admin.display(description="")
    def thumbnail(self, obj: Image):
        return (
            format_html(
                '<img src="{}" alt="" width="80" style="height:auto">', obj.url_for_width(160)
            )
            if obj.file
            else "-"
        )

    @admin.display(description="preview")
    def preview(self, obj: Image):
        return (
            format_html(
                '<img src="{}" alt="{}" style="max-width:320px;height:auto">',
                obj.url_for_width(640),
                obj.alt_text,
            )
            if obj.pk and obj.file
            else "-"
        )

    @admin.display(description="alt text", boolean=True)
    def alt_status(self, obj: Image) -> bool:
        return bool(obj.alt_text.strip())

    def get_queryset(self, request):
        # A reporter's library leaves out photos only a colleague's unpublished story uses, and
        # "where used" lists only the stories this user may see (prefetched as visible_uses).
        uses = Article.objects.visible_to(request.user).only("headline", "lead_image")
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .prefetch_related(models.Prefetch("lead_of_articles", uses, to_attr="visible_uses"))
        )

    @admin.display(description="where used")
    def where_used(self, obj: Image):
        articles = obj.visible_uses if obj.pk else []
        links = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse("admin:articles_article_change", args=[a.pk]), a.headline) for a in articles),
        )
        return format_html("<ul>{}</ul>", links) if links else "Not used yet."

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        if "file" in form.changed_data:
            store_uploaded_image(image=obj, upload=form.cleaned_data["file"])
        else:
            super().save_model(request, obj, form, change)

    # --- Who may change a photo; a new version for those who may not ---

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and permissions.can_change_image(
            request.user, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and permissions.can_change_image(
            request.user, obj
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        read_only = obj is not None and not self.has_change_permission(request, obj)
        context["offer_new_version"] = read_only and self.has_add_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/new-version/",
                self.admin_site.admin_view(self.new_version_view),
                name="articles_image_new_version",
            ),
        ]
        return extra + super().get_urls()

    def new_version_view(self, request, object_id):
        """Copy-on-write: a photo the user may not change, copied for one of their stories."""
        image = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not (self.has_view_permission(request, image) and self.has_add_permission(request)):
            raise PermissionDenied
        form = NewPhotoVersionForm(
            request.POST if request.method == "POST" else None,
            stories=permissions.stories_in_progress(request.user),
        )
        if form.is_valid():
            article = form.cleaned_data["article"]
            try:
                copy = new_version_of_image(image=image, user=request.user, article=article)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return self._after_new_version(request, copy, article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Use a new version of this photo",
            "original": image,
            "preview_url": image.url_for_width(640),
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/image/new_version.html", context)

    def _after_new_version(self, request, copy: Image, article: Article | None):
        if article is None:
            self.message_user(
                request,
                "Your new version of the photo is in the library: change its words here, then "
                "choose it as the lead image of your story.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_image_change", args=[copy.pk]))
        self.message_user(
            request,
            f"“{article.headline}” now uses your new version of the photo; change its caption "
            "and alt text from the photo library.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


class NewPhotoVersionForm(forms.Form):
    article = forms.ModelChoiceField(
        queryset=Article.objects.none(),
        required=False,
        label="Use it as the lead image of",
        empty_label="No story yet: only add it to the photo library",
        help_text="Your own stories that are still drafts or in review.",
    )

    def __init__(self, *args, stories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = stories


@admin.register(Article)
class ArticleAdmin(
    HiddenIsMissingMixin, VisibleChoicesMixin, SlugRedirectAdminMixin, admin.ModelAdmin
):
    form = ArticleAdminForm
    formfield_overrides = LABELLED_DATETIME
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "headline",
        "status_badge",
        "section",
        "byline_names",
        "published_at",
        "is_live_now",
    ]
    list_filter = [SavedViewFilter, "status", "section", AuthorFilter, TagFilter, "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    show_facets = admin.ShowFacets.ALWAYS
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_image"]
    inlines = [BylineInline, MentionInline, QuoteInline, CorrectionInline]
    actions = [
        "submit_for_review",
        "publish_now",
        "publish_now_anyway",
        "unpublish",
        "back_to_draft",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "headline_needs_review",
                    "slug",
                    "dek",
                    "section",
                    "body",
                ]
            },
        ),
        (
            "Dateline",
            {
                "fields": [
                    "dateline",
                    ("dateline_place", "dateline_country"),
                    ("dateline_date", "dateline_source"),
                ]
            },
        ),
        ("Picture", {"fields": ["lead_image"]}),
        ("Topics and search", {"fields": ["tags", "meta_description"]}),
        (
            "Publication",
            {
                "fields": [
                    "published_at",
                    "embargo_until",
                    "expires_at",
                    "revised_at",
                    "update_kind",
                    "publish_anyway",
                    "base_version",
                ],
                "description": "Use the buttons at the bottom to submit, publish, schedule or "
                "unpublish. A future publication time schedules the story.",
            },
        ),
    ]

    class Media:
        # Names the body editor for screen readers (django-prose-editor leaves it unnamed).
        js = ["js/admin_prose_editor_label.js"]

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

    def get_fieldsets(self, request, obj=None):
        if permissions.can_publish(request.user):
            return self.fieldsets
        # Only people who may publish are asked to acknowledge publishing warnings.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "publish_anyway"]})
            for name, options in self.fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["revised_at"]
        if not permissions.can_publish(request.user):
            # Reporters never set publication or expiry times: that is scheduling.
            readonly += ["published_at", "embargo_until", "expires_at"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    # --- List columns ---

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj: Article):
        label = "Scheduled" if obj.is_scheduled else obj.get_status_display()
        if obj.is_overdue:
            label = f"{label} (missed schedule)"
        colour = STATUS_COLOURS.get(obj.status, "#595959")
        if obj.is_expired:
            label, colour = "Expired", STATUS_COLOURS["expired"]
        elif obj.is_embargoed:
            when = timezone.localtime(obj.embargo_until).strftime("%d %b %Y %H:%M")
            label, colour = f"Embargoed until {when}", STATUS_COLOURS["embargoed"]
        return format_html(
            '<span style="background:{};color:#fff;padding:2px 6px;border-radius:3px">{}</span>',
            colour,
            label,
        )

    @admin.display(description="bylines")
    def byline_names(self, obj: Article) -> str:
        return ", ".join(b.person.name for b in obj.bylines.all())

    @admin.display(description="live", boolean=True)
    def is_live_now(self, obj: Article) -> bool:
        return obj.is_live

    def view_on_site(self, obj: Article):
        if obj.is_live:
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    # --- Saving: workflow buttons, versions, people ---

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.version += 1
        action = form.workflow_action
        if action:
            obj.transition(action, at=form.cleaned_data.get("published_at"))
        elif change and obj.is_live and form.cleaned_data.get("update_kind") == "substantive":
            obj.mark_substantive_update()
        super().save_model(request, obj, form, change)
        self._forget_presence(request, obj)

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
        # A story this user may not see is a 404 (HiddenIsMissingMixin.get_object).
        obj = self.get_object(request, object_id) if object_id else None
        if obj is not None:
            extra_context["workflow_actions"] = permissions.allowed_transitions(request.user, obj)
            extra_context["other_editors"] = self._note_presence(request, obj)
            sharing = permissions.can_share_preview(request.user, obj)
            extra_context["share_preview"] = sharing and can_share(obj)
            extra_context["preview_links"] = (
                list(obj.preview_links.usable().select_related("created_by")) if sharing else []
            )
        else:
            extra_context["workflow_actions"] = ["submit_for_review"] + (
                ["publish", "schedule"] if permissions.can_publish(request.user) else []
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _presence_key(self, obj) -> str:
        return f"article-editors:{obj.pk}"

    def _note_presence(self, request, obj) -> list[tuple[str, str]]:
        """Record that this user opened the form; return who else did recently."""
        if request.method != "GET":
            return []
        now = timezone.now()
        editors = {
            user_id: (name, opened)
            for user_id, (name, opened) in cache.get(self._presence_key(obj), {}).items()
            if now - opened < PRESENCE_WINDOW
        }
        others = [
            (name, timezone.localtime(opened).strftime("%H:%M"))
            for user_id, (name, opened) in editors.items()
            if user_id != request.user.pk
        ]
        editors.setdefault(
            request.user.pk, (request.user.get_full_name() or request.user.get_username(), now)
        )
        cache.set(self._presence_key(obj), editors, int(PRESENCE_WINDOW.total_seconds()))
        return others

    def _forget_presence(self, request, obj) -> None:
        editors = cache.get(self._presence_key(obj), {})
        if editors.pop(request.user.pk, None):
            cache.set(self._presence_key(obj), editors, int(PRESENCE_WINDOW.total_seconds()))

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
                    article.version += 1
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

    # --- Extra pages: revisions, compare, restore, preview, share link ---

    def get_urls(self):
        extra = [
            path(
                "<int:object_id>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:object_id>/revisions/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
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

    def revisions_view(self, request, object_id):
        article = self._visible_article(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        records = list(article.history.select_related("history_user").order_by("-history_id"))
        by_id = {r.history_id: r for r in records}
        older = by_id.get(_int(request.GET.get("a")))
        newer = by_id.get(_int(request.GET.get("b")))
        if older is None and newer is None and len(records) >= 2:
            newer, older = records[0], records[1]
        if older and newer and older.history_id > newer.history_id:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Versions of “{article.headline}”",
            "article": article,
            "records": records,
            "older": older,
            "newer": newer,
            "changes": field_changes(older, newer) if older and newer else [],
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, history_id):
        article = self._visible_article(request, object_id)
        if request.method != "POST" or not self.has_change_permission(request, article):
            raise PermissionDenied
        record = get_object_or_404(article.history.all(), history_id=history_id)
        restored = restore_version(article=article, record=record, user=request.user)
        article_changed(restored)
        self.message_user(
            request,
            f"Restored the version of {record.history_date:%d %b %Y %H:%M} as a new version.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

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


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def workflow_message(action: str, article: Article | None = None) -> str:
    messages_by_action = {
        "submit_for_review": "Submitted for review",
        "publish": "Published",
        "schedule": "Scheduled",
        "unpublish": "Unpublished (archived)",
        "back_to_draft": "Sent back to draft",
    }
    text = messages_by_action.get(action, action)
    if article is not None:
        if action == "schedule" and article.published_at:
            when = timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M")
            return f"“{article.headline}” is scheduled for {when}."
        return f"{text}: “{article.headline}”."
    return text
