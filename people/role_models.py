"""A person's offices over time (re-exported from ``people.models``)."""

from datetime import date

from django.db import models
from simple_history.models import HistoricalRecords

from newsroom.text import CleanTextMixin


class PersonRole(CleanTextMixin, models.Model):
    """One office or job a person held, with its dates when known.

    Stories show the role held on their date (``Person.role_on``), so a story from 2023
    calls someone what they were then, not what they became later.
    """

    name_fields = ("title", "organisation")

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(
        max_length=200, help_text='What they did, e.g. "Secretary of State" or "President".'
    )
    organisation = models.CharField(
        max_length=200, blank=True, help_text='Where, e.g. "U.S. Department of State".'
    )
    start = models.DateField(
        null=True, blank=True, help_text="The first day in this role. Empty when not known."
    )
    end = models.DateField(
        null=True,
        blank=True,
        help_text="The last day in this role. Empty while they still hold it.",
    )

    history = HistoricalRecords()

    class Meta:
        # Oldest first; a role with no start date (not known) sorts before dated ones.
        ordering = [
            models.F("start").asc(nulls_first=True),
            models.F("end").asc(nulls_last=True),
            "id",
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="person_role_end_after_start",
                violation_error_message="The role cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.title, self.organisation) if part)

    @property
    def years(self) -> str:
        """ "2021–2025", "since 2022", "until 2013" or ""."""
        if self.start and self.end:
            if self.start.year == self.end.year:
                return str(self.start.year)
            return f"{self.start.year}–{self.end.year}"
        if self.start:
            return f"since {self.start.year}"
        if self.end:
            return f"until {self.end.year}"
        return ""

    def holds_on(self, day: date) -> bool:
        """Whether the dates of this role contain ``day`` (a missing date is open)."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    # The audit trail (newsroom/audit.py): edited on the person's page; labelled with names.
    audit_parent = "person"
    audit_names = {"person": "name"}

    def audit_label(self, names: dict[str, str]) -> str:
        return f"{self.title} (role of {names['person']})"
