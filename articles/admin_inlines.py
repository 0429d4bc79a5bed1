"""The rows shown inside the story screen (bylines, people, quotes, corrections, related
stories), and the rules every choice box on it follows."""

from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models

from articles.admin_forms import LabelledSplitDateTime
from articles.models import Article, Byline, Correction, Image, RelatedStory
from people.models import Mention, Person

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
