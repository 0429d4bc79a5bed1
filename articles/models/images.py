"""The photo library: photos reused across stories, their renditions and crops."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from articles.models.visibility import visible_to_q
from newsroom.images import image_upload_to, validate_image_file
from newsroom.text import CleanTextMixin


class ImageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The photos ``user`` may see in the admin's library: those not used by any story,
        their own uploads and those used by a story they may see (``Article.visible_to_q``).
        A photo used only by a colleague's unpublished story stays hidden: its caption can
        give the story away."""
        stories = visible_to_q(user)
        if not stories:  # no condition: this user sees every story, so every photo
            return self
        # Article imports Image (its lead image): reached through that foreign key instead.
        article = self.model._meta.get_field("lead_of_articles").related_model
        uses = article.objects.filter(article.uses_image_q(models.OuterRef("pk")))
        own = models.Q(uploaded_by=user) if user.is_authenticated else models.Q(pk__in=[])
        return self.filter(own | ~models.Exists(uses) | models.Exists(uses.filter(stories)))


class Image(CleanTextMixin, models.Model):
    """A photo in the library, reusable across articles."""

    file = models.ImageField(
        upload_to=image_upload_to,
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text="JPEG, PNG, WebP or AVIF. Location data (EXIF GPS) is removed on upload.",
    )
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Required to publish.",
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text='Who took it, e.g. "Jane Doe/Newsroom".'
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Agency or owner, and any licence terms."
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    # [{"width", "height", "type", "path"}], generated once when the photo is uploaded.
    renditions = models.JSONField(default=list, blank=True, editable=False)
    focal_x = models.FloatField(
        "focal point (across)",
        default=0.5,
        blank=True,  # left empty: the middle (Image.clean)
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="What crops must keep in frame, from 0 (left edge) to 1 (right edge). "
        "Click on the picture to set it.",
    )
    focal_y = models.FloatField(
        "focal point (down)",
        default=0.5,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="From 0 (top edge) to 1 (bottom edge).",
    )
    # {"16:9": [rendition, ...], "4:3": ..., "1:1": ..., "4:5": ..., "social": ...}: crops
    # around the focal point (newsroom.images.CROPS), made again when it moves.
    crops = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Renditions and crops are derived from the file, so a version need not repeat them.
    history = HistoricalRecords(excluded_fields=["renditions", "crops"])
    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.caption[:60] or self.alt_text[:60] or f"Photo {self.pk}"

    @property
    def readers_may_see_change(self) -> bool:
        """A live story shows this photo (as its lead image or in its body)."""
        article = self._meta.get_field("lead_of_articles").related_model
        return article.objects.published().filter(article.uses_image_q(self)).exists()

    def url_for_width(self, width: int) -> str:
        """The narrowest JPEG rendition at least ``width`` pixels wide (else the widest one,
        else the original): small previews never download a 40-megapixel original."""
        jpegs = [r for r in self.renditions or [] if r["type"] == "image/jpeg"]
        wide_enough = [r for r in jpegs if r["width"] >= width]
        chosen = min(wide_enough, key=lambda r: r["width"]) if wide_enough else None
        chosen = chosen or max(jpegs, key=lambda r: r["width"], default=None)
        return default_storage.url(chosen["path"]) if chosen else self.file.url

    def clean(self) -> None:
        super().clean()
        # An empty focal point box (or a form without them) means the middle.
        self.focal_x = 0.5 if self.focal_x is None else self.focal_x
        self.focal_y = 0.5 if self.focal_y is None else self.focal_y

    @property
    def focal_point(self) -> tuple[float, float]:
        return (self.focal_x, self.focal_y)

    def crop(self, ratio: str) -> dict | None:
        """The widest crop of ``ratio`` ("16:9", "social"...: newsroom.images.CROPS), with
        its "url"; None for a photo stored before crops were made."""
        made = (self.crops or {}).get(ratio)
        if not made:
            return None
        widest = made[-1]
        return {**widest, "url": default_storage.url(widest["path"])}
