from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import ValidationError
from django.http import Http404

from newsroom.models import PathRedirect
from newsroom.throttle import ThrottledAdminAuthenticationForm

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "The desk"
admin.site.login_form = ThrottledAdminAuthenticationForm


def view_on_site(request, content_type_id, object_id):
    """The admin's "view on site" shortcut (/admin/r/<type>/<id>/), for objects the user may
    see in the admin only: Django's own redirects any staff member to any object's public
    address, and an article's address spells its headline, so ids could be walked for the
    words of unpublished stories. Anything else, and any malformed id, is a 404."""
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        model_admin = admin.site.get_model_admin(model)
        obj = model_admin.get_queryset(request).filter(pk=object_id).first()
    except (ValueError, OverflowError, ValidationError, ContentType.DoesNotExist, NotRegistered):
        obj = None
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise Http404("Nothing to show here.")
    return shortcut(request, content_type_id, object_id)


class HiddenIsMissingMixin:
    """An object outside the user's ``get_queryset`` answers 404 on its change, delete and
    history pages, exactly like one that does not exist (Django redirects to the index with
    "doesn't exist", a different answer from the 403 a visible object gets)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} with this id, or not yours to see.")
        return obj


class SlugRedirectAdminMixin:
    """When an editor changes a slug, the old address redirects to the new one."""

    def save_model(self, request, obj, form, change):
        old_urls = []
        if change and "slug" in form.changed_data:
            old = type(obj).objects.get(pk=obj.pk)
            old_urls = [old.get_absolute_url(), *getattr(old, "extra_public_urls", list)()]
        super().save_model(request, obj, form, change)
        new_urls = [obj.get_absolute_url(), *getattr(obj, "extra_public_urls", list)()]
        for old_path, new_path in zip(old_urls, new_urls, strict=False):
            PathRedirect.record(old_path=old_path, new_path=new_path)


@admin.register(PathRedirect)
class PathRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]


def merge_selected(modeladmin, request, queryset, *, merge, noun: str):
    """An admin action with a confirmation page where the editor picks the record to keep."""
    from django.contrib import messages
    from django.contrib.admin import helpers
    from django.template.response import TemplateResponse

    items = list(queryset)
    if len(items) < 2:
        modeladmin.message_user(request, f"Select at least two {noun} to merge.", messages.WARNING)
        return None
    keep_id = request.POST.get("keep", "")
    if request.POST.get("confirm") == "yes" and keep_id.isdigit():
        keep = next((item for item in items if item.pk == int(keep_id)), None)
        if keep is not None:
            merged = merge(keep=keep, others=[i for i in items if i.pk != keep.pk])
            modeladmin.message_user(
                request, f"Merged {merged} {noun} into “{keep}”.", messages.SUCCESS
            )
            return None
    return TemplateResponse(
        request,
        "admin/merge_confirm.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": f"Merge {noun}",
            "items": items,
            "noun": noun,
            "opts": modeladmin.model._meta,
            "action": request.POST.get("action"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )
