"""The editors' desk: articles, sections and the photo library in the admin."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles import (
    permissions,
    tag_admin,  # noqa: F401  (registers the tags' admin)
)
from articles.admin_desk import StoryDeskMixin
from articles.admin_forms import (
    WORKFLOW_FIELD,
    ArticleAdminForm,
    LabelledSplitDateTime,
    LeadImagePicker,
)
from articles.admin_live import desk_link  # also registers the live desk and updates' admin
from articles.models import (
    Article,
    Byline,
    Correction,
    Image,
    Partner,
    Pin,
    RelatedStory,
    Section,
)
from articles.preview import can_share, create_preview_link, preview_url
from articles.services import (
    article_changed,
    new_version_of_image,
    recrop_image,
    store_uploaded_image,
)
from articles.tagging import tags_visible_to
from articles.text_format import figure_ids
from articles.views import render_article
from newsroom.admin import HiddenIsMissingMixin, SlugRedirectAdminMixin
from people.models import Mention, Person, Quote

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


class PickOnlyMixin:
    """Section, person and photo boxes choose a record; they never change or delete it: the
    stock pencil and red x beside them edit or delete the Section or Person itself, for
    every story that uses it. The library and the people pages are the places for that."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget.can_change_related = False
            formfield.widget.can_delete_related = False
        return formfield


class BylineInline(PickOnlyMixin, VisibleChoicesMixin, admin.StackedInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "role", "order"]


class MentionInline(PickOnlyMixin, VisibleChoicesMixin, admin.TabularInline):
    """Adding a person the text names by hand. The people found are reviewed (confirm,
    reject) in the story's people panel (_people_review.html), not row by row here."""

    model = Mention
    extra = 0
    fields = ["person", "status"]
    autocomplete_fields = ["person"]
    verbose_name = "person the text names (added by hand)"
    verbose_name_plural = "add a person the text names"

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A mention an editor adds by hand is a confirmed one.
        formset.form.base_fields["status"].initial = Mention.Status.CONFIRMED
        return formset


class QuoteInline(PickOnlyMixin, VisibleChoicesMixin, admin.StackedInline):
    model = Quote
    extra = 0
    classes = ["collapse"]
    fields = ["text", "speaker", "speaker_text", "source"]
    readonly_fields = ["source"]
    autocomplete_fields = ["speaker"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    classes = ["collapse"]
    fields = ["kind", "text", "created_at"]
    formfield_overrides = LABELLED_DATETIME


class RelatedStoryInline(admin.TabularInline):
    """Hand-picked related stories: shown first under the story, the automatic ones after."""

    model = RelatedStory
    fk_name = "article"
    extra = 0
    fields = ["related", "order"]
    autocomplete_fields = ["related"]

    def get_queryset(self, request):
        # A colleague's unpublished story picked as related stays hidden (and untouched).
        visible = Article.visible_to_q(request.user, "related__")
        return super().get_queryset(request).filter(visible).select_related("related")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "related":  # only stories this user may see (Article.visible_to_q)
            kwargs["queryset"] = Article.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
        tags = tags_visible_to(request.user).order_by("name")
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


@admin.register(Pin)
class PinAdmin(HiddenIsMissingMixin, admin.ModelAdmin):
    """The lead and top stories editors pin on the front page and the section fronts."""

    list_display = ["place", "position", "article", "ends_at", "in_force"]
    list_filter = ["section"]
    list_select_related = ["section", "article"]
    autocomplete_fields = ["article"]
    fields = ["section", "position", "article", "ends_at"]
    formfield_overrides = LABELLED_DATETIME

    def get_queryset(self, request):
        # A pin names its story: only pins on stories this user may see.
        return super().get_queryset(request).filter(Article.visible_to_q(request.user, "article__"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = Article.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="place", ordering="section__name")
    def place(self, pin: Pin) -> str:
        return pin.section.name if pin.section_id else "Front page"

    @admin.display(description="shown now", boolean=True)
    def in_force(self, pin: Pin) -> bool:
        return not pin.has_ended and pin.article.is_live


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


class PhotoSearchView(AutocompleteJsonView):
    """The lead-image picker's search: the admin's own autocomplete (the same permission
    checks, the same photos the user may see), with a thumbnail address for each photo."""

    def serialize_result(self, obj: Image, to_field_name: str) -> dict:
        thumbnail = obj.url_for_width(160) if obj.file else ""
        return {**super().serialize_result(obj, to_field_name), "thumbnail": thumbnail}


@admin.register(Image)
class ImageAdmin(HiddenIsMissingMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "__str__", "credit", "alt_status", "width", "height", "created_at"]
    search_fields = ["caption", "alt_text", "credit", "source"]
    readonly_fields = ["preview", "width", "height", "where_used", "uploaded_by", "created_at"]
    fields = [
        "file",
        "preview",
        ("focal_x", "focal_y"),
        "alt_text",
        "caption",
        "credit",
        "source",
        "where_used",
    ]
    change_form_template = "admin/articles/image/change_form.html"

    class Media:
        # Click on the preview to set the focal point (the number boxes work without it).
        js = ["js/focal_point.js"]

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
                '<img src="{}" alt="{}" class="focal-point-picture" '
                'style="max-width:320px;height:auto">',
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
        # A reporter's library leaves out photos only a colleague's unpublished story uses.
        return super().get_queryset(request).visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        image = super().get_object(request, object_id, from_field)
        if image is not None:
            # "Where used" (lead image or body) lists only the stories this user may see.
            uses = Article.objects.visible_to(request.user).filter(Article.uses_image_q(image))
            image.visible_uses = list(uses.only("headline").order_by("-pk"))
        return image

    @admin.display(description="where used")
    def where_used(self, obj: Image):
        articles = getattr(obj, "visible_uses", []) if obj.pk else []
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
            if {"focal_x", "focal_y"} & set(form.changed_data):
                recrop_image(image=obj)

    def get_deleted_objects(self, objs, request):
        """A photo a story shows in its body is protected like a lead image (whose foreign
        key protects it): deleting it would take the picture out of that story unseen. Only
        stories the user may see are named."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        in_bodies = Article.objects.none()
        for image in objs:
            in_bodies |= Article.objects.filter(Article.uses_image_q(image, lead=False))
        if in_bodies.exists():
            names = in_bodies.visible_to(request.user).values_list("headline", flat=True)
            protected = [*protected, *(f"Story: {name} (shows it in its body)" for name in names)]
            if not protected:  # used only by stories this user may not see
                protected = ["A story you cannot open shows it in its body."]
        return deleted, counts, perms_needed, protected

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
                "photo-search/",
                self.admin_site.admin_view(PhotoSearchView.as_view(admin_site=self.admin_site)),
                name="articles_image_photo_search",
            ),
            path(
                "<int:object_id>/new-version/",
                self.admin_site.admin_view(self.new_version_view),
                name="articles_image_new_version",
            ),
            path(
                "picker/",
                self.admin_site.admin_view(self.picker_view),
                name="articles_image_picker",
            ),
        ]
        return extra + super().get_urls()

    PICKER_RESULTS = 24

    def picker_view(self, request):
        """The body editor's photo picker (static/js/prose_figure.js): the library photos
        this user may see, newest first, found by their words (``?q=``), or some by id
        (``?ids=3,4``: the photos already in a body). JSON, never more than a page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        photos = self.get_queryset(request)
        if "ids" in request.GET:
            photos = photos.filter(pk__in=figure_ids(request.GET["ids"])[: self.PICKER_RESULTS])
        else:
            photos, _duplicates = self.get_search_results(
                request, photos, request.GET.get("q", "")[:200]
            )
        results = [
            {
                "id": photo.pk,
                "thumbnail": photo.url_for_width(320),
                "alt": photo.alt_text,
                "caption": photo.caption,
                "credit": photo.credit,
                "width": photo.width,
                "height": photo.height,
            }
            for photo in photos.order_by("-created_at", "-pk")[: self.PICKER_RESULTS]
        ]
        return JsonResponse({"results": results})

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
    inlines = [BylineInline, MentionInline, QuoteInline, CorrectionInline, RelatedStoryInline]
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
            obj.version += 1
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


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def workflow_message(action: str, article: Article | None = None) -> str:
    text = Article.WORKFLOW_EVENTS.get(action, action)
    if article is not None:
        if action == "schedule" and article.published_at:
            when = timezone.localtime(article.published_at).strftime("%d %b %Y %H:%M")
            return f"“{article.headline}” is scheduled for {when}."
        return f"{text}: “{article.headline}”."
    return text
