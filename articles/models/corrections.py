"""Corrections, clarifications and updates shown under a story (and in the corrections log)."""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from articles.models.article import Article
from newsroom.text import CleanTextMixin


class Correction(CleanTextMixin, models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong and what is right now, in plain words.")
    created_at = models.DateTimeField(
        default=timezone.now, help_text="Shown to readers as the date of the correction."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # Corrections log: newest first.
            models.Index(fields=["-created_at"], name="correction_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see it on its story while the story is live."""
        return Article.objects.published().filter(pk=self.article_id).exists()

    # The audit trail (newsroom/audit.py): edited on its story's page; labelled with names.
    audit_parent = "article"
    audit_names = {"article": "headline"}

    def audit_label(self, names: dict[str, str]) -> str:
        return f"{self.get_kind_display()} on “{names['article']}”: {self.text[:60]}"
