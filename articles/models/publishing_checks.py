"""The one list of checks before a story goes out (``Article.publishing_problems``)."""

from typing import NamedTuple

from django.utils import timezone

from articles.models.bylines import Byline
from articles.models.images import Image
from articles.text_format import body_image_ids as figure_image_ids
from articles.text_format import html_to_text, sanitize_html

# Over these lengths, publishing asks the editor to confirm (they still fit the fields).
HEADLINE_WARNING_LENGTH = 110
STANDFIRST_WARNING_LENGTH = 300


class PublishingProblem(NamedTuple):
    """One finding of ``Article.publishing_problems``: errors block publishing, warnings
    need the editor's acknowledgement."""

    field: str  # the article field it concerns; "" for the story as a whole
    message: str
    blocking: bool


class PublishingChecksMixin:
    """Article's checks before publishing."""

    def publishing_problems(
        self, *, by_bylines: int | None = None, tag_count: int | None = None
    ) -> list[PublishingProblem]:
        """The one list of checks before a story goes out, run by every path that publishes
        (the admin's buttons and bulk actions, the importer). Errors block; warnings need the
        editor's acknowledgement.

        ``by_bylines`` (how many "By" bylines) and ``tag_count`` are read from the database
        unless given: a form or an import knows them before they are saved.
        """
        if by_bylines is None:
            by_bylines = self.bylines.filter(role=Byline.Role.BY).count() if self.pk else 0
        if tag_count is None:
            tag_count = self.taggings.count() if self.pk else 0
        found = []

        def error(field: str, message: str) -> None:
            found.append(PublishingProblem(field, message, blocking=True))

        def warning(field: str, message: str) -> None:
            found.append(PublishingProblem(field, message, blocking=False))

        if not self.headline.strip():
            error("headline", "Write a headline before publishing.")
        if not html_to_text(self.body or "").strip():
            error("body", "The story has no text: write the body before publishing.")
        if self.lead_image_id and not self.lead_image.alt_text.strip():
            error("lead_image", "Add alt text to the lead image before publishing.")
        # Read from the body itself: a form checks it before it is saved.
        body_ids = figure_image_ids(sanitize_html(self.body) if "<figure" in self.body else "")
        photos = Image.objects.in_bulk(body_ids) if body_ids else {}
        for image_id in body_ids:
            photo = photos.get(image_id)
            if photo is None:
                error(
                    "body",
                    f"Photo {image_id} in the body is no longer in the library: "
                    "remove it or choose another photo.",
                )
            elif not photo.alt_text.strip():
                error(
                    "body",
                    f"Add alt text to the photo “{photo}” (photo {image_id}) in the "
                    "body before publishing: edit it in the photo library.",
                )
        if self.section_id and self.section.requires_byline and not by_bylines:
            error("", f"{self.section} stories need a “By” byline: add the reporter.")
        if self.expires_at and self.expires_at <= timezone.now():
            error("expires_at", "The expiry time has passed: clear it or set a later time.")
        if len(self.headline) > HEADLINE_WARNING_LENGTH:
            warning(
                "headline",
                f"The headline is {len(self.headline)} characters long "
                f"(over {HEADLINE_WARNING_LENGTH}): search results and feeds cut it.",
            )
        if len(self.dek) > STANDFIRST_WARNING_LENGTH:
            warning(
                "dek",
                f"The standfirst is {len(self.dek)} characters long "
                f"(over {STANDFIRST_WARNING_LENGTH}): one or two sentences read best.",
            )
        if self.headline_needs_review:
            warning(
                "headline",
                "The importer flagged the headline for a check (written from the first "
                "sentence, or a brief made from a wire description).",
            )
        if not tag_count:
            warning("tags", "The story has no tags: readers will not find it on topic pages.")
        return found

    # --- Workflow: every path (admin buttons, bulk actions, commands) calls these. -----------
