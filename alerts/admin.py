"""Subscribers and their deliveries are personal data: editors (their group is given this
app's permissions by its migration) and superusers only. A reporter given one of these
permissions by mistake still sees nothing: the role is checked as well."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alerts import emails
from alerts.models import AlertJob, Delivery, Follow, Newsletter, Subscriber
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


@admin.register(Newsletter)
class NewsletterAdmin(EditorsOnly):
    list_display = ["name", "is_active", "frequency", "send_time", "weekday"]
    list_filter = ["is_active", "frequency"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sections", "tags", "people", "picked_articles"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "is_active"]}),
        ("When", {"fields": ["frequency", "send_time", "weekday"]}),
        (
            "Which stories",
            {
                "fields": ["sections", "tags", "people", "picked_articles"],
                "description": "Live stories from the period before each edition that match "
                "any of these, plus the stories picked by hand.",
            },
        ),
    ]

    def has_add_permission(self, request):
        return _editor_or_superuser(request.user) and super(EditorsOnly, self).has_add_permission(
            request
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/preview/", view(self.preview), name="alerts_newsletter_preview"),
            path(
                "<int:object_id>/send-test/",
                view(self.send_test),
                name="alerts_newsletter_send_test",
            ),
            *super().get_urls(),
        ]

    def _edition(self, request, object_id: int):
        """The next edition as it stands now (nothing is stored): stories and the email."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        newsletter = get_object_or_404(Newsletter, pk=object_id)
        stories = [emails.story_card(a) for a in newsletter.stories(until=timezone.now())]
        reader = Subscriber(email=request.user.email or "editor@example.org", pk=0)
        return newsletter, emails.newsletter(reader, newsletter, stories)

    def preview(self, request, object_id: int):
        """The edition's HTML as readers would get it if it went out now."""
        _newsletter, message = self._edition(request, object_id)
        html, _type = message.alternatives[0]
        return HttpResponse(html)

    def send_test(self, request, object_id: int):
        """POST: send the edition as it stands to the signed-in editor's own address."""
        if request.method != "POST":
            return redirect("admin:alerts_newsletter_change", object_id)
        newsletter, message = self._edition(request, object_id)
        if not request.user.email:
            self.message_user(request, "Your account has no email address.", messages.ERROR)
        else:
            message.to = [request.user.email]
            message.send(fail_silently=False)
            self.message_user(request, f"A test of {newsletter} was sent to {request.user.email}.")
        return redirect("admin:alerts_newsletter_change", object_id)


# The task queue's own admin shows task arguments and tracebacks to anyone with its
# permission; operators read the worker's log instead.
admin.site.unregister(DBTaskResult)
