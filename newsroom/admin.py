from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom import audit
from newsroom.models import AuditEvent, PathRedirect
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
    items = list(queryset)
    if len(items) < 2:
        modeladmin.message_user(request, f"Select at least two {noun} to merge.", messages.WARNING)
        return None
    keep_id = request.POST.get("keep", "")
    if request.POST.get("confirm") == "yes" and keep_id.isdigit():
        keep = next((item for item in items if item.pk == int(keep_id)), None)
        if keep is not None:
            merged = merge(
                keep=keep, others=[i for i in items if i.pk != keep.pk], actor=request.user
            )
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


# --- The audit trail --------------------------------------------------------------------


class AuditFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.order_by("username"),
        required=False,
        label="Who",
        empty_label="Anyone",
    )
    type = forms.ChoiceField(required=False, label="What")
    # One record's history (with a type): the "history" links of the list.
    object = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tracked = [
            (label.lower(), apps.get_model(label)._meta.verbose_name_plural.capitalize())
            for label in audit.TRACKED_MODELS
        ]
        self.fields["type"].choices = [
            ("", "Everything"),
            *tracked,
            ("auth.user", "Staff accounts (roles and permissions)"),
            (audit.EVENTS, "Commands, imports and merges"),
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        return cleaned

    def trail_filters(self) -> dict:
        """``audit.trail()``'s arguments from the valid fields (invalid ones are shown, not
        applied)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "user": data.get("user"),
            "type": data.get("type") or "",
            "object_id": str(data["object"]) if data.get("object") and data.get("type") else "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


@dataclass(frozen=True)
class TrailRow:
    entry: audit.TrailEntry
    type_name: str
    object_url: str
    history_url: str
    event_url: str


def _change_url(model, object_id) -> str:
    if model is None or not object_id or not admin.site.is_registered(model):
        return ""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])


def _trail_row(entry: audit.TrailEntry) -> TrailRow:
    object_url = _change_url(entry.model, entry.object_id)
    if entry.parent and not object_url:
        object_url = _change_url(*entry.parent)
    history_url = ""
    if entry.model is not None and entry.object_id:
        label = entry.model._meta.label_lower
        if label == "articles.article":
            history_url = reverse("admin:articles_article_revisions", args=[entry.object_id])
        else:
            query = urlencode({"type": label, "object": entry.object_id})
            history_url = f"{reverse('admin:newsroom_auditevent_changelist')}?{query}"
    event_url = ""
    if entry.event is not None:
        event_url = reverse("admin:newsroom_auditevent_change", args=[entry.event.pk])
    type_name = entry.model._meta.verbose_name if entry.model is not None else ""
    return TrailRow(entry, type_name, object_url, history_url, event_url)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The Audit view: its list is the whole trail (every tracked change and every event,
    see newsroom/audit.py); an event's page shows its arguments and counts. Nobody, not even
    a superuser, may add, change or delete an audit row here."""

    list_per_page = 50
    fields = [
        "created_at",
        "actor_name",
        "actor",
        "via",
        "action",
        "outcome",
        "target_type",
        "target_id",
        "target_repr",
        "arguments",
        "counts",
        "message",
    ]

    def has_view_permission(self, request, obj=None):
        return audit.can_view_audit(request.user)

    def has_module_permission(self, request):
        return audit.can_view_audit(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = AuditFilterForm(request.GET or None)
        filters = form.trail_filters()
        page = Paginator(audit.trail(**filters), self.list_per_page).get_page(request.GET.get("p"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Audit trail: who changed what, when",
            "form": form,
            "page": page,
            "rows": [_trail_row(entry) for entry in audit.trail_entries(page.object_list)],
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/newsroom/auditevent/trail.html", context)


class AccessAuditMixin:
    """Records each change to an account's or a group's access as an AuditEvent (who gave
    whom the Editor role, who made whom a superuser)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        name = self.model._meta.model_name
        changes = audit.access_changes(form) if change else []
        if change and not changes:
            return
        audit.record(
            action=f"change_{name}_access" if change else f"add_{name}",
            actor=request.user,
            target=form.instance,
            arguments=changes,
        )

    def delete_model(self, request, obj):
        audit.record(action=f"delete_{obj._meta.model_name}", actor=request.user, target=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(action=f"delete_{obj._meta.model_name}", actor=request.user, target=obj)
        super().delete_queryset(request, queryset)


admin.site.unregister(get_user_model())
admin.site.unregister(Group)
# django-otp's device admins show every authenticator's secret key and QR code: anyone who
# opens them can copy a colleague's second factor. Devices are set up by their owner at sign-in
# and removed with `manage.py reset_2fa` (SECURITY.md), so they have no admin pages.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(get_user_model())
class AuditedUserAdmin(AccessAuditMixin, UserAdmin):
    pass


@admin.register(Group)
class AuditedGroupAdmin(AccessAuditMixin, GroupAdmin):
    pass
