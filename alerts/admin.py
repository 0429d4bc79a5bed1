"""Subscribers and their deliveries are personal data: editors (their group is given this
app's permissions by its migration) and superusers only. A reporter given one of these
permissions by mistake still sees nothing: the role is checked as well."""

from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from alerts.models import AlertJob, Delivery, Follow, Subscriber
from articles.roles import EDITOR


def _editor_or_superuser(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name=EDITOR).exists())


class EditorsOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return _editor_or_superuser(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return _editor_or_superuser(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editor_or_superuser(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editor_or_superuser(request.user) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False  # readers subscribe themselves (double opt-in)


class FollowInline(admin.TabularInline):
    model = Follow
    extra = 0
    readonly_fields = ["kind", "target_id", "created_at"]
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(EditorsOnly):
    list_display = ["email", "frequency", "confirmed_at", "disabled_at", "hard_bounces"]
    list_filter = ["frequency", ("disabled_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "created_at", "confirmed_at", "hard_bounces"]
    fields = ["email", "frequency", "created_at", "confirmed_at", "disabled_at", "hard_bounces"]
    inlines = [FollowInline]


@admin.register(AlertJob)
class AlertJobAdmin(EditorsOnly):
    list_display = ["article", "went_live_at", "fanned_out_at"]
    list_select_related = ["article"]
    readonly_fields = ["article", "went_live_at", "created_at", "fanned_out_at"]
    date_hierarchy = "went_live_at"


@admin.register(Delivery)
class DeliveryAdmin(EditorsOnly):
    list_display = ["subscriber", "article", "digest_day", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["subscriber", "article"]
    search_fields = ["subscriber__email"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False


# The task queue's own admin shows task arguments and tracebacks to anyone with its
# permission; operators read the worker's log instead.
admin.site.unregister(DBTaskResult)
