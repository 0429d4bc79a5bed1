"""The story workflow: draft, review, publish or schedule, unpublish; each step leaves a
version that names it (the story's History). Every path (admin buttons, bulk actions,
commands) calls these ``Article`` methods."""

from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.utils import timezone


class SentBack(NamedTuple):
    by: str
    at: datetime
    note: str


# The steps, by the name ``Article.transition`` takes.
TRANSITIONS = ("submit_for_review", "publish", "schedule", "unpublish", "back_to_draft")
# What each step is called in the story's History and in the admin's messages.
WORKFLOW_EVENTS = {
    "submit_for_review": "Submitted for review",
    "publish": "Published",
    "schedule": "Scheduled",
    "unpublish": "Unpublished (archived)",
    "back_to_draft": "Sent back to draft",
}


class WorkflowMixin:
    """Article's workflow steps."""

    TRANSITIONS = TRANSITIONS
    WORKFLOW_EVENTS = WORKFLOW_EVENTS

    def transition(self, action: str, *, at: datetime | None = None, note: str = "") -> None:
        """Apply one workflow step by name (the admin's buttons and bulk actions use this).
        The next save's version records the step and ``note`` (simple-history's change
        reason): the story's History shows who did it and when."""
        self._change_reason = workflow_reason(action, at=at, note=note)
        if action == "schedule":
            if at is None or at <= timezone.now():
                raise ValidationError(
                    {"published_at": "To schedule, set a publication time in the future."}
                )
            self.publish(at=at)
        elif action == "publish":
            self.publish()
        elif action in ("submit_for_review", "unpublish", "back_to_draft"):
            getattr(self, action)()
        else:
            raise ValueError(f"unknown workflow action {action!r}")

    def submit_for_review(self) -> None:
        self.status = self.Status.IN_REVIEW

    def sent_back_note(self) -> "SentBack | None":
        """The reviewer's note from the last "Sent back to draft", while the story is still
        a draft: what the author should change (None when there is nothing to show)."""
        if self.pk is None or self.status != self.Status.DRAFT:
            return None
        record = (
            self.history.filter(
                history_change_reason__startswith=self.WORKFLOW_EVENTS["back_to_draft"]
            )
            .select_related("history_user")
            .order_by("-history_id")
            .first()
        )
        note = workflow_event(record.history_change_reason)[1] if record else ""
        if not note:
            return None
        user = record.history_user
        by = (user.get_full_name() or user.get_username()) if user else "an editor"
        return SentBack(by=by, at=record.history_date, note=note)

    def publish(self, *, at: datetime | None = None) -> None:
        """Publish now, or schedule when ``at`` is in the future."""
        self.status = self.Status.PUBLISHED
        self.published_at = at or timezone.now()
        if self.first_published_at is None:
            self.first_published_at = self.published_at

    def unpublish(self) -> None:
        """Take the story off the site (archive) without losing it."""
        self._forget_unreached_first_publication()
        self.status = self.Status.ARCHIVED

    def back_to_draft(self) -> None:
        self._forget_unreached_first_publication()
        self.status = self.Status.DRAFT

    def mark_substantive_update(self, *, at: datetime | None = None) -> None:
        """Readers see "Updated <time>"; minor fixes do not call this."""
        self.revised_at = at or timezone.now()

    def _forget_unreached_first_publication(self) -> None:
        # A scheduled story withdrawn before its time was never published.
        if self.first_published_at and self.first_published_at > timezone.now():
            self.first_published_at = None


def workflow_reason(action: str, *, at: datetime | None = None, note: str = "") -> str:
    """The change reason a workflow step leaves on its version: the step on the first line
    ("Scheduled for 07 Dec 2026 09:00"), the editor's note, if any, below it."""
    label = WORKFLOW_EVENTS.get(action, action)
    if action == "schedule" and at is not None:
        label = f"{label} for {timezone.localtime(at):%d %b %Y %H:%M}"
    note = note.strip()
    return f"{label}\n{note}" if note else label


def workflow_event(reason: str | None) -> tuple[str, str]:
    """(step, note) from a version's change reason, as workflow_reason wrote it."""
    label, _newline, note = (reason or "").partition("\n")
    return label, note.strip()
