"""Sections: the desks a story belongs to (news, sport...), each with its page."""

from django.db import models
from simple_history.models import HistoricalRecords

from newsroom.links import slug_url
from newsroom.text import CleanTextMixin


class Section(CleanTextMixin, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True, help_text="Shown at the top of the section page.")
    order = models.PositiveSmallIntegerField(
        default=100, help_text="Sections are listed by this number, smallest first."
    )
    requires_byline = models.BooleanField(
        default=False,
        help_text='Stories in this section cannot be published without a "By" byline '
        "(tick it for reported news; leave it for briefs, wire copy and notices).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    # Every page lists the sections: any save or delete changes public pages
    # (newsroom.content_version.changed).
    readers_may_see_change = True

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("articles:section", self.slug)
