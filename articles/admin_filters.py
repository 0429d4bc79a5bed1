"""The story list's filters: saved views, author, tag."""

from django.contrib import admin

from articles.models import Article
from articles.tagging import tags_visible_to
from people.models import Person


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
