"""Bylines: who wrote a story, in what role."""

from django.db import models
from simple_history.models import HistoricalRecords

from articles.models.visibility import live_story_behind
from people.models import Person


class Byline(models.Model):
    class Role(models.TextChoices):
        BY = "by", "By"
        ADDITIONAL_REPORTING = "additional reporting", "Additional reporting"
        PHOTOS = "photos", "Photos"
        ANALYSIS = "analysis", "Analysis"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bylines")
    order = models.PositiveSmallIntegerField(default=0)
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.BY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"], name="byline_article_person_role_uniq"
            ),
        ]
        indexes = [
            # Author pages: bylines of one person.
            models.Index(fields=["person", "article"], name="byline_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person}"

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see it on its story while the story is live."""
        return live_story_behind(self, "article")

    # The audit trail (newsroom/audit.py): edited on its story's page; labelled with names.
    audit_parent = "article"
    audit_names = {"person": "name", "article": "headline"}

    def audit_label(self, names: dict[str, str]) -> str:
        return f"{self.get_role_display()} {names['person']} on “{names['article']}”"
