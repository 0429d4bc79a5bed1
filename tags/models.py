"""Tags: topics, places, organisations and events, as one custom django-taggit tag.

Which tags readers or a staff member may see depends on the stories they are on:
``articles.tagging`` (``public_tags``, ``tags_visible_to``) says, as ``tags`` may not import
``articles``."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords
from taggit.models import NaturalKeyManager, TagBase

from newsroom.links import slug_url
from newsroom.text import CleanTextMixin


class TagManager(NaturalKeyManager):
    def resolve(self, name: str) -> "Tag | None":
        """The tag called ``name``, or whose synonym ``name`` is (any case, outer spaces
        ignored), or None. The one lookup from a typed name to a tag: the importer, the
        admin's tag field and search all use it, so "MSS" lands on "Haiti mission"."""
        name = " ".join((name or "").split())
        if not name:
            return None
        tag = self.filter(name__iexact=name).first()
        if tag is None:
            tag = self.filter(synonyms__name__iexact=name).first()
        return tag


class Tag(CleanTextMixin, TagBase):
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

    objects = TagManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            # "Haiti" and "haiti" are the same tag; merge_tags folds old duplicates.
            models.UniqueConstraint(Lower("name"), name="tag_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("tags:detail", self.slug)

    def clean(self) -> None:
        synonym = TagSynonym.objects.filter(name__iexact=self.name).first()
        if synonym is not None:
            raise ValidationError(
                {"name": f"“{synonym.name}” is already a synonym of the tag “{synonym.tag}”."}
            )

    @property
    def readers_may_see_change(self) -> bool:
        """A save or delete of this tag changes public pages: it is on a published story
        (newsroom.content_version.changed). The story model is reached through the taggings'
        foreign key, as ``tags`` may not import ``articles``."""
        taggings = self.taggings.all()
        stories = taggings.model._meta.get_field("content_object").related_model.objects
        return stories.published().filter(pk__in=taggings.values("content_object_id")).exists()


class TagSynonym(CleanTextMixin, models.Model):
    """Another name for a tag ("MSS" for "Haiti mission"): imports, the admin's tag field and
    search map it to the tag, so the desk never grows three tags for one subject."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="synonyms")
    name = models.CharField(
        max_length=100,
        help_text="Another name readers or wires use for this tag, e.g. an abbreviation.",
    )

    name_fields = ("name",)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            # Tag.objects.resolve(name): WHERE lower(name) = lower(?).
            models.UniqueConstraint(
                Lower("name"),
                name="tagsynonym_name_unique_ci",
                violation_error_message="This name is already a synonym of a tag.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if Tag.objects.filter(name__iexact=self.name).exists():
            raise ValidationError(
                {"name": f"“{self.name}” is already the name of a tag: merge the two tags instead."}
            )

    @property
    def readers_may_see_change(self) -> bool:
        """Search finds the tag's stories by its synonyms: public when the tag is."""
        tag = Tag.objects.filter(pk=self.tag_id).first()  # None: deleted with its tag
        return tag is not None and tag.readers_may_see_change
