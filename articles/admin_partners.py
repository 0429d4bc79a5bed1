"""Partners reading the partner feed, and their tokens."""

from django.contrib import admin, messages

from articles.models import Partner


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
