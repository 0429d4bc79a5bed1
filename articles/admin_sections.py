"""Sections, and the pins editors put on top of the front page and the section fronts."""

from django.contrib import admin

from articles.admin_inlines import LABELLED_DATETIME
from articles.models import Article, Pin, Section
from newsroom.admin import HiddenIsMissingMixin, SlugRedirectAdminMixin


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
