from django.contrib import admin

from newsroom.models import PathRedirect
from newsroom.throttle import ThrottledAdminAuthenticationForm

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "The desk"
admin.site.login_form = ThrottledAdminAuthenticationForm


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
