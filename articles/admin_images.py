"""The photo library in the admin: upload, focal point, where used, the body editor's
picker, and a new version of a photo for those who may not change it."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from articles import permissions
from articles.models import Article, Image
from articles.services import new_version_of_image, recrop_image, store_uploaded_image
from articles.text_format import figure_ids
from newsroom.admin import HiddenIsMissingMixin


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
