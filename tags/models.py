"""Tags: topics, places, organisations and events, as one custom django-taggit tag."""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from taggit.models import TagBase


class Tag(TagBase):
    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        PLACE = "place", "Place"
        ORGANISATION = "organisation", "Organisation"
        EVENT = "event", "Event"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    description = models.TextField(
        blank=True, help_text="One or two sentences shown at the top of the tag's page."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Haiti" and "haiti" are the same tag; merge_tags folds old duplicates.
            models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tags:detail", kwargs={"slug": self.slug})
