"""The story screen's desk tools, as ArticleAdmin views: the story's History (versions and
workflow steps in one timeline, with compare), restoring a version through the form, who has
the story open (presence beats) and reviewing the people the text names.

Every view here reaches the story through ``_visible_article`` (``Article.visible_to``), so
a story a user may not see is a 404 whatever the view."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode

from articles import permissions, presence
from articles.admin_forms import WORKFLOW_FIELD
from articles.models import Article
from articles.people_review import people_review
from articles.revisions import (
    apply_version,
    field_changes,
    restore_reason,
    timeline,
    version_time,
)
from articles.services import article_changed
from people.models import Mention, NameSuggestion, Quote
from people.services import create_person_from_suggestion

RESTORE_PARAMETER = "from_version"
PRESENCE_TAB_FIELD = "_presence_tab"


class StoryDeskMixin:
    def get_desk_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/revisions/",
                view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<int:object_id>/revisions/<int:history_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            path(
                "<int:object_id>/presence/",
                view(self.presence_view),
                name="articles_article_presence",
            ),
            path(
                "<int:object_id>/people/<int:mention_id>/",
                view(self.mention_review_view),
                name="articles_article_mention_review",
            ),
            path(
                "<int:object_id>/quotes/<int:quote_id>/",
                view(self.quote_review_view),
                name="articles_article_quote_review",
            ),
            path(
                "<int:object_id>/suggestions/<int:suggestion_id>/",
                view(self.suggestion_review_view),
                name="articles_article_suggestion_review",
            ),
        ]

    # --- History: one timeline of versions and workflow steps, and compare ---

    def history_view(self, request, object_id, extra_context=None):
        article = self._visible_article(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        entries = timeline(article)
        by_id = {entry.record.history_id: entry.record for entry in entries}
        older = by_id.get(_int(request.GET.get("a")))
        newer = by_id.get(_int(request.GET.get("b")))
        if older and newer and older.history_id > newer.history_id:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"History of “{article.headline}”",
            "article": article,
            "entries": entries,
            "older": older,
            "newer": newer,
            "changes": field_changes(older, newer) if older and newer else [],
            "can_restore": self.has_change_permission(request, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/story_history.html", context)

    def revisions_view(self, request, object_id):
        """The old Versions page: now part of History (links and bookmarks keep working)."""
        article = self._visible_article(request, object_id)
        url = reverse("admin:articles_article_history", args=[article.pk])
        query = {key: request.GET[key] for key in ("a", "b") if key in request.GET}
        return HttpResponseRedirect(f"{url}?{urlencode(query)}" if query else url)

    # --- Restore: the version opens in the form; nothing changes until the editor saves ---

    def restore_view(self, request, object_id, history_id):
        article = self._visible_article(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        record = get_object_or_404(article.history.all(), history_id=history_id)
        url = reverse("admin:articles_article_change", args=[article.pk])
        return HttpResponseRedirect(f"{url}?{urlencode({RESTORE_PARAMETER: record.history_id})}")

    def version_to_restore(self, request, article: Article):
        """The version the editor chose to restore (?from_version=), if it is this story's."""
        history_id = _int(request.GET.get(RESTORE_PARAMETER))
        if history_id is None or article is None:
            return None
        return article.history.filter(history_id=history_id).first()

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        record = self.version_to_restore(request, article)
        if record is not None and request.method == "GET":
            # The form opens prefilled with the old version; the row itself is unchanged.
            apply_version(article, record)
        return article

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        record = self.version_to_restore(request, obj) if request.method == "GET" else None
        if record is not None:
            self.message_user(
                request,
                f"This form shows the version of {version_time(record)}. "
                "Nothing has changed yet: read it, then save to restore it as a new version, "
                "or leave this page to keep the story as it is.",
                messages.WARNING,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def note_restore(self, request, article: Article) -> None:
        """Saving a form opened from an old version records that it was restored."""
        record = self.version_to_restore(request, article)
        if record is not None and not request.POST.get(WORKFLOW_FIELD):
            article._change_reason = restore_reason(record)

    def sent_back_context(self, request, article: Article):
        """The reviewer's note on a story sent back to draft (_sent_back_note.html); its
        author also gets it as a message, wherever the note is placed on the screen."""
        sent_back = article.sent_back_note()
        if sent_back and request.method == "GET" and article.created_by_id == request.user.pk:
            self.message_user(
                request, f"Sent back by {sent_back.by}: {sent_back.note}", messages.WARNING
            )
        return sent_back

    # --- Presence: who has the story open, from the form's beats ---

    def note_presence(self, request, article: Article) -> dict:
        """Opening the form is a beat from a new tab; its id goes in the form so that the
        page's beats, and its save, are about this tab (a refused save keeps its tab)."""
        posted = request.POST.get(PRESENCE_TAB_FIELD, "")[:64]
        tab = posted if posted.isalnum() else uuid.uuid4().hex
        now = presence.beat(article.pk, user=request.user, tab=tab)
        return {
            "tab": tab,
            "notes": now.notes,
            "beat_url": reverse("admin:articles_article_presence", args=[article.pk]),
            "beat_seconds": presence.BEAT_SECONDS,
        }

    def forget_presence(self, request, article: Article) -> None:
        tab = request.POST.get(PRESENCE_TAB_FIELD, "")
        if tab:
            presence.leave(article.pk, user=request.user, tab=tab)

    def presence_view(self, request, object_id):
        """POST tab=<id> (and leave=1 when the page goes away): who else has it open."""
        article = self._visible_article(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        tab = request.POST.get("tab", "")[:64]
        if not tab.isalnum():
            return JsonResponse({"error": "Missing tab id."}, status=400)
        if request.POST.get("leave"):
            presence.leave(article.pk, user=request.user, tab=tab)
            return JsonResponse({"notes": []})
        now = presence.beat(article.pk, user=request.user, tab=tab)
        return JsonResponse({"notes": now.notes})

    # --- People review: confirm or reject who the text names; create suggested people ---

    def people_review_context(self, request, article: Article) -> dict:
        return {
            "review": people_review(article),
            "can_decide": self._may_review_people(request, article),
            "can_create": request.user.has_perm("people.add_person"),
        }

    def _may_review_people(self, request, article: Article) -> bool:
        return request.user.has_perm("people.change_mention") and permissions.can_edit(
            request.user, article
        )

    def mention_review_view(self, request, object_id, mention_id):
        """POST decision=confirm|reject: the editor's word on one person the text names."""
        article = self._visible_article(request, object_id)
        mention = get_object_or_404(article.mentions.select_related("person"), pk=mention_id)
        if request.method != "POST" or not self._may_review_people(request, article):
            raise PermissionDenied
        decisions = {"confirm": Mention.Status.CONFIRMED, "reject": Mention.Status.REJECTED}
        status = decisions.get(request.POST.get("decision", ""))
        if status is None:
            self.message_user(request, "Choose confirm or reject.", messages.ERROR)
        else:
            mention.status = status
            mention.save(update_fields=["status", "updated_at"])
            article_changed(article)
            self.message_user(request, f"{mention.person}: {mention.get_status_display()}.")
        return HttpResponseRedirect(_people_panel(article))

    def quote_review_view(self, request, object_id, quote_id):
        """POST speaker=<person id of someone the story names>|none: who said one quote. The
        same permission as confirming a mention; the quote then survives relinking."""
        article = self._visible_article(request, object_id)
        quote = get_object_or_404(article.quotes, pk=quote_id)
        if request.method != "POST" or not self._may_review_people(request, article):
            raise PermissionDenied
        choice = request.POST.get("speaker", "")
        named = article.mentions.filter(status__in=Mention.VISIBLE).select_related("person")
        mention = named.filter(person_id=choice).first() if choice.isdigit() else None
        if mention is None and choice != "none":
            self.message_user(request, "Choose someone the story names, or none.", messages.ERROR)
            return HttpResponseRedirect(_people_panel(article))
        quote.speaker = mention.person if mention else None
        quote.speaker_text = mention.person.name if mention else ""
        quote.confidence = Quote.Confidence.CERTAIN if mention else Quote.Confidence.UNATTRIBUTED
        quote.source = Quote.Source.CORRECTED if quote.source == Quote.Source.AUTO else quote.source
        quote.save(update_fields=["speaker", "speaker_text", "confidence", "source"])
        article_changed(article)
        self.message_user(request, f"Speaker set: {quote.speaker_text or 'unattributed'}.")
        return HttpResponseRedirect(_people_panel(article))

    def suggestion_review_view(self, request, object_id, suggestion_id):
        """POST decision=create|dismiss: a name the text holds that the directory lacks."""
        article = self._visible_article(request, object_id)
        suggestion = get_object_or_404(
            article.name_suggestions.filter(status=NameSuggestion.Status.OPEN), pk=suggestion_id
        )
        decision = request.POST.get("decision", "")
        if request.method != "POST" or not self._may_review_people(request, article):
            raise PermissionDenied
        if decision == "create" and request.user.has_perm("people.add_person"):
            person = create_person_from_suggestion(suggestion)
            article_changed(article)  # the new person is linked in this story at once
            self.message_user(request, f"Added {person} to the directory.", messages.SUCCESS)
        elif decision == "dismiss":
            suggestion.status = NameSuggestion.Status.DISMISSED
            suggestion.save(update_fields=["status"])
            self.message_user(request, f"Dismissed the suggestion “{suggestion.name}”.")
        else:
            raise PermissionDenied
        return HttpResponseRedirect(_people_panel(article))


def _people_panel(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk]) + "#people-review"


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None
