"""The article form of the admin: workflow buttons, edit-conflict refusal, the tag box that
takes new names, length guidance for the headline and standfirst."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminSplitDateTime,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles import permissions
from articles.models import HEADLINE_WARNING_LENGTH, STANDFIRST_WARNING_LENGTH, Article, Byline
from articles.revisions import field_changes
from tags.models import Tag
from tags.services import tags_named

WORKFLOW_FIELD = "_workflow"
WORKFLOW_NOTE_FIELD = "_workflow_note"
UPDATE_KINDS = [
    ("minor", "Minor fix: readers see no change of date (typos, links, captions)"),
    ("substantive", 'Substantive update: readers see "Updated" with the time'),
]


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes, each with an accessible name: Django writes "Date:"
    and "Time:" as plain text, so screen readers announce two unnamed boxes."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], ("Date", "Time"), strict=True):
            subwidget["attrs"]["aria-label"] = label
        return context


NEW_TAG_PREFIX = "new:"  # a name typed into the tag box, as select2 posts it (tags.js)


class TagAutocomplete(AutocompleteSelectMultiple):
    """The admin's tag autocomplete, plus new names: type one and press Enter (tags.js posts
    it as ``new:<name>``). Not started by the admin's own autocomplete.js, which knows no new
    names, but by tags.js with the same search."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "tag-autocomplete")
        return attrs

    def optgroups(self, name, value, attr=None):
        # A form sent back with an error keeps the typed names as chosen options.
        chosen = [str(v) for v in value if str(v).isdigit()]
        groups = super().optgroups(name, chosen, attr)
        options = groups[0][1]
        for typed in (str(v) for v in value if str(v).startswith(NEW_TAG_PREFIX)):
            label = typed.removeprefix(NEW_TAG_PREFIX)
            options.append(self.create_option(name, typed, label, True, len(options)))
        return groups

    @property
    def media(self):
        return super().media + forms.Media(js=["js/admin_tags.js"])


class LeadImagePicker(AutocompleteSelect):
    """The lead-image box: the admin's autocomplete, searching the photo library (caption,
    alt text, credit) through ImageAdmin's photo search, which adds a thumbnail to each
    result; admin_photos.js shows them."""

    def get_url(self):
        return reverse(f"{self.admin_site.name}:articles_image_photo_search")

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "photo-autocomplete")
        return attrs

    @property
    def media(self):
        return super().media + forms.Media(js=["js/admin_photos.js"])


class TagsField(forms.Field):
    """Chosen tags (ids) and typed names (``new:<name>``) -> a list of Tags; a typed name
    matching a tag in another case ("kenya", "Kenya") is that tag; a new one comes back
    unsaved, created only when the story is saved (``ArticleAdminForm._save_m2m``)."""

    widget = TagAutocomplete

    def to_python(self, value) -> list[Tag]:
        values = [str(v).strip() for v in (value or []) if str(v).strip()]
        ids = {int(v) for v in values if v.isdigit()}
        by_id = Tag.objects.in_bulk(ids)
        if len(by_id) != len(ids):
            raise ValidationError("One of the chosen tags no longer exists: choose it again.")
        names = []
        for v in values:
            if v.isdigit():
                names.append(by_id[int(v)].name)
            else:
                names.append(v.removeprefix(NEW_TAG_PREFIX))
        return tags_named(names, create=False)

    def has_changed(self, initial, data):
        initial_ids = {str(getattr(t, "pk", t)) for t in initial or []}
        return initial_ids != {str(v) for v in data or []}


class ArticleAdminForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    update_kind = forms.ChoiceField(
        label="This change is a",
        choices=UPDATE_KINDS,
        initial="minor",
        widget=forms.RadioSelect,
        required=False,
        help_text="Only asked for stories readers can already see.",
    )

    publish_anyway = forms.BooleanField(
        label="Publish anyway",
        required=False,
        help_text="Tick to publish despite the warnings under “Before publishing” "
        "(they do not block).",
    )

    # Set by ArticleAdmin.get_form: the request's user and the button that was pressed.
    request = None
    conflict_changes: list = []
    conflict_record = None

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if "tags" in self.fields:
            tags_widget = TagAutocomplete(Article._meta.get_field("tags"), admin.site)
            tags_widget.choices = forms.ModelChoiceField(Tag.objects.all()).choices
            self.fields["tags"] = TagsField(
                required=False,
                widget=tags_widget,
                help_text="Topics, places, organisations and events. Type to search; to add a "
                "new tag, type its name and press Enter.",
            )
            if self.instance.pk:
                self.initial["tags"] = [tag.pk for tag in self.instance.tags.all()]
        self.tag_notes: list[str] = []
        guidance = {"headline": HEADLINE_WARNING_LENGTH, "dek": STANDFIRST_WARNING_LENGTH}
        for name, limit in guidance.items():
            if name in self.fields:
                # admin_story.js counts as the editor types; the words work without it.
                self.fields[name].widget.attrs["data-length-limit"] = limit
                advice = f"Aim for {limit} characters at most."
                self.fields[name].help_text = f"{self.fields[name].help_text} {advice}".strip()

    @property
    def workflow_action(self) -> str:
        action = self.data.get(WORKFLOW_FIELD, "") if self.is_bound else ""
        return action if action in Article.TRANSITIONS else ""

    @property
    def workflow_note(self) -> str:
        """The note typed beside the workflow buttons (_workflow_note.html): kept with the
        step in the story's History; a "send back" note is shown to the author."""
        return str(self.data.get(WORKFLOW_NOTE_FIELD, ""))[:2000].strip() if self.is_bound else ""

    def clean_tags(self) -> list[Tag]:
        tags = self.cleaned_data["tags"]
        new_names = [tag.name for tag in tags if tag.pk is None]
        if new_names and not self.request.user.has_perm("tags.add_tag"):
            raise ValidationError(
                "You may choose existing tags only; ask an editor to add: %(names)s.",
                params={"names": ", ".join(new_names)},
            )
        typed = {
            v.removeprefix(NEW_TAG_PREFIX).casefold(): v.removeprefix(NEW_TAG_PREFIX)
            for v in self.data.getlist(self.add_prefix("tags"))
            if v.startswith(NEW_TAG_PREFIX)
        }
        self.tag_notes = [
            f"“{typed[tag.name.casefold()]}” is the existing tag “{tag.name}”: the story uses it."
            for tag in tags
            if tag.pk and tag.name.casefold() in typed and typed[tag.name.casefold()] != tag.name
        ]
        return tags

    def clean_headline_needs_review(self) -> bool:
        # Rewriting the headline is the check the importer asked for: the flag goes with it.
        if "headline" in self.changed_data and self.instance.pk:
            return False
        return self.cleaned_data["headline_needs_review"]

    def _save_m2m(self):
        if "tags" in self.cleaned_data:
            names = [tag.name for tag in self.cleaned_data["tags"]]
            self.cleaned_data["tags"] = tags_named(names)
        super()._save_m2m()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_stale_save(cleaned)
        action = self.workflow_action
        if action:
            user = self.request.user
            if action not in permissions.allowed_transitions(user, self.instance):
                # Also reached by crafted POSTs: the button was never shown to this user.
                raise PermissionDenied(f"You may not {action.replace('_', ' ')} this story.")
            if action == "schedule":
                when = cleaned.get("published_at")
                if when is None or when <= timezone.now():
                    raise ValidationError(
                        {"published_at": "To schedule, set a publication time in the future."}
                    )
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now holds the form's values
        action = self.workflow_action
        publishing = action in ("publish", "schedule")
        if publishing or (not action and self.instance.status == Article.Status.PUBLISHED):
            self._check_before_publishing(self.cleaned_data, publishing=publishing)

    def _check_before_publishing(self, cleaned, *, publishing: bool) -> None:
        """``Article.publishing_problems`` on the story as it would be saved: errors block;
        warnings block a publish or schedule until "Publish anyway" is ticked. Saving a
        story that is already live only enforces the errors."""
        if self.errors:
            return  # the instance is only partly updated; the form is refused anyway
        problems = self.instance.publishing_problems(
            by_bylines=posted_by_bylines(self.data),
            tag_count=len(cleaned.get("tags") or []),
        )
        for problem in problems:
            if problem.blocking:
                field = problem.field if problem.field in self.fields else None
                self.add_error(field, problem.message)
        warnings = [problem.message for problem in problems if not problem.blocking]
        if publishing and warnings and not self.errors and not cleaned.get("publish_anyway"):
            self.add_error(None, "Check before publishing: " + " ".join(warnings))
            self.add_error(
                "publish_anyway", "Read the warnings above, then tick this to publish anyway."
            )

    def _refuse_stale_save(self, cleaned) -> None:
        base_version = cleaned.get("base_version")
        # Locked until the admin's transaction ends, so two saves cannot both pass this check.
        current = Article.objects.select_for_update().get(pk=self.instance.pk)
        if base_version is None or base_version == current.version:
            return
        opened = current.history.filter(version=base_version).order_by("-history_id").first()
        latest = current.history.order_by("-history_id").first()
        self.conflict_record = latest
        self.conflict_changes = field_changes(opened, latest) if opened and latest else []
        who = latest.history_user if latest and latest.history_user else "someone else"
        # The editor's text stays in the form; the hidden version moves on so that saving
        # again, after reading what changed, is a deliberate choice.
        self.data = self.data.copy()
        self.data["base_version"] = current.version
        raise ValidationError(
            "Not saved: %(who)s saved this story at %(when)s, after you opened it. Their "
            "changes are shown above. Your edits are still in the form: compare, then save "
            "again to replace their version, or reload the page to start from theirs.",
            code="edit_conflict",
            params={
                "who": who,
                "when": latest.history_date.strftime("%H:%M") if latest else "?",
            },
        )


def posted_by_bylines(data) -> int:
    """How many "By" bylines the change form posted (the byline rows are an inline, checked
    only after the article form, so the form counts what was sent)."""
    total = data.get("bylines-TOTAL_FORMS", "")
    rows = range(min(int(total), 1000)) if str(total).isdigit() else range(0)
    return sum(
        1
        for index in rows
        if data.get(f"bylines-{index}-person")
        and data.get(f"bylines-{index}-role") == Byline.Role.BY
        and not data.get(f"bylines-{index}-DELETE")
    )
