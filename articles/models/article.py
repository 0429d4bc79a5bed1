"""The Article model: a story's fields, its versions and what it shows on its page. Its
workflow, publishing checks, dateline and live coverage are mixins in the modules beside it."""

from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

from articles.datelines import validate_country_code
from articles.fields import BodyField
from articles.models.dateline import DATELINE_FIELDS, DatelineMixin
from articles.models.images import Image
from articles.models.live import LiveCoverageMixin
from articles.models.publishing_checks import PublishingChecksMixin
from articles.models.querysets import ArticleQuerySet
from articles.models.sections import Section
from articles.models.visibility import Status, live_q, visible_to_q
from articles.models.workflow import WorkflowMixin
from newsroom.links import slug_url
from newsroom.text import CleanTextMixin
from people.models import Mention, Person
from tags.models import Tag


class ArticlePageParts(NamedTuple):
    bylines: list
    tags: list
    corrections: list
    people: list


class Article(
    WorkflowMixin,
    PublishingChecksMixin,
    DatelineMixin,
    LiveCoverageMixin,
    CleanTextMixin,
    models.Model,
):
    """A story. Its workflow steps, publishing checks, dateline parts and live coverage come
    from the mixins above (workflow.py, publishing_checks.py, dateline.py, live.py)."""

    Status = Status  # draft, in review, published, archived (defined in visibility.py)

    headline = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the story's address: /articles/this-part/.",
    )
    dek = models.TextField(
        "standfirst",
        blank=True,
        max_length=600,
        help_text="One or two sentences under the headline that say why the story matters.",
    )
    body = BodyField(blank=True, plain_text_field="body_text", image_ids_field="body_images")
    # Derived, never edited: the body as plain text (search, feeds, snippets) and the names of
    # the people and tags on the story (search), kept in step by save() and
    # articles.services.refresh_search_terms().
    body_text = models.TextField(blank=True, editable=False)
    search_terms = models.TextField(blank=True, editable=False)
    # Derived, never edited: the library photos the body's figures show, as ",12,13," (so
    # "does this story use photo 12" is one LIKE: a photo's "where used", visible_to, and
    # the public-cache check). Kept in step by BodyField.pre_save.
    # Nullable with no default so SQLite adds the column in place: rebuilding the table would
    # drop the search index's triggers (migration 0006). NULL and "" both mean no photos.
    body_images = models.TextField(null=True, blank=True, editable=False)
    dateline = models.CharField(
        max_length=200,
        blank=True,
        help_text='Where the story was reported, as written, e.g. "NAIROBI, Kenya, Jan. 5 '
        '(Reuters)". Change it and leave the parts below as they are: they are read from it.',
    )
    # The dateline's parts (articles.datelines); Article.dateline_parts prints them.
    dateline_place = models.CharField(
        "place",
        max_length=200,
        blank=True,
        help_text='e.g. "Nairobi", or "Columbia, S.C." with its region.',
    )
    dateline_country = models.CharField(
        "country code",
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text="Optional. Two letters (ISO 3166): KE for Kenya, US, GB, FR...",
    )
    dateline_date = models.DateField(
        "dateline date",
        null=True,
        blank=True,
        help_text="Optional: when the story was reported on another day than it runs.",
    )
    dateline_source = models.CharField(
        "source",
        max_length=100,
        blank=True,
        help_text='Optional: the agency or paper it comes from, e.g. "Reuters".',
    )
    # For the desk only: never on the public site, the API, feeds or what partners receive.
    source_notes = models.TextField(
        "from the source",
        blank=True,
        help_text="What the source said that is not the story, kept for the desk and never "
        "shown to readers: contact blocks, sign-offs, editor's notes, credits. One line each, "
        'e.g. "Contact: Jane Roe, 202-555-0100".',
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="articles"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=False
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When readers can see it. A future time schedules the story: it goes live "
        "by itself at that moment.",
    )
    embargo_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="Optional. A finished story partners may receive now (marked embargoed) "
        "but readers may not see before this time; it goes live by itself then. Leave empty "
        "when there is no embargo.",
    )
    expires_at = models.DateTimeField(
        "expires",
        null=True,
        blank=True,
        help_text="Optional. At this time the story leaves the site by itself (lists, feeds, "
        "search) and its address tells readers it is no longer available. Leave empty to "
        "keep it.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text='Shown to readers as "Updated". Set by a substantive update, not by minor fixes.',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        editable=False,
    )
    authors = models.ManyToManyField(Person, through="Byline", related_name="bylined_articles")
    tags = TaggableManager(through="TaggedArticle", blank=True)
    lead_image = models.ForeignKey(
        Image,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_of_articles",
        help_text="Shown at the top of the story and in link previews.",
    )
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="For search engines and link previews; the standfirst is used when empty.",
    )
    # Optimistic locking: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Import identity (the ninjs `uri`, or a key derived from the file): re-imports update.
    source_key = models.CharField(
        max_length=500, null=True, blank=True, unique=True, editable=False
    )
    # The version the last import wrote; a higher version means an editor changed it since.
    imported_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    headline_needs_review = models.BooleanField(
        default=False,
        help_text="Set by the importer when it wrote the headline from the first sentence or "
        "made a brief from a wire description. Untick it once you have checked the story.",
    )
    live_coverage = models.BooleanField(
        "live coverage running",
        default=False,
        help_text="Tick while you cover breaking news with short timestamped updates: readers "
        "see a Live badge and the page refreshes itself. Untick (or use End live coverage) "
        "when it is over: the updates stay on the story.",
    )
    coverage_started_at = models.DateTimeField(
        "live coverage started",
        null=True,
        blank=True,
        help_text="When the live coverage began (set by Start live coverage).",
    )
    coverage_ended_at = models.DateTimeField(
        "live coverage ended",
        null=True,
        blank=True,
        help_text="When the live coverage ended (set by End live coverage). Empty while live.",
    )

    objects = ArticleQuerySet.as_manager()
    # Every save keeps a version: editors compare and restore them in the admin.
    # Workflow steps are versions too: their history_change_reason names the step and carries
    # the editor's note (see workflow_reason), so the story's History has one list of events.
    history = HistoricalRecords(
        excluded_fields=[
            "imported_version",
            "updated_at",
            "body_text",
            "search_terms",
            "body_images",
        ],
        history_change_reason_field=models.TextField(null=True),
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
        ]
        indexes = [
            # Article list, feeds, sitemaps: live_q (status = 'published' AND published_at <=
            # now AND no embargo or expiry in force) ORDER BY published_at DESC, id DESC. The
            # embargo and expiry columns make it covering: the ids of page 2,500 and the
            # sitemap's count are read from the index alone (48 -> 3 ms and 93 -> 6 ms at
            # 100,000 stories on SQLite; without them every row was read from the table).
            models.Index(
                fields=["status", "-published_at", "-id", "embargo_until", "expires_at"],
                name="article_live_idx",
            ),
            # Section pages: the same with section_id = ?.
            models.Index(
                fields=["section", "status", "-published_at", "-id", "embargo_until", "expires_at"],
                name="article_section_live_idx",
            ),
            # Admin saved views ("my drafts"): created_by_id = ? AND status = ?.
            models.Index(fields=["created_by", "status"], name="article_owner_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message="A published article needs a publication time.",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        # BodyField.pre_save cleans the body and derives body_text; save them together.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_text", "body_images"}
        self.read_dateline_parts()
        super().save(*args, **kwargs)
        self.loaded_live = self.is_live  # what readers see from now on
        self.loaded_dateline = self._dateline_as_stored()

    def get_absolute_url(self) -> str:
        return slug_url("articles:detail", self.slug)

    # Whether readers could see the row when it was read: None when status or publication time
    # were not loaded; False for a story not yet saved. See readers_may_see_change.
    loaded_live: bool | None = False

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        loaded = "status" in field_names and "published_at" in field_names
        article.loaded_live = article.is_live if loaded else None
        if set(DATELINE_FIELDS) <= set(field_names):
            article.loaded_dateline = article._dateline_as_stored()
        return article

    def page_parts(self) -> "ArticlePageParts":
        """What its page shows besides the story row, in display order: five plain queries
        (the fifth: the roles of everyone on the page, for ``Person.role_on``)."""
        parts = ArticlePageParts(
            bylines=list(self.bylines.select_related("person").order_by("order", "id")),
            tags=list(Tag.objects.filter(taggings__content_object=self)),
            corrections=list(self.corrections.all()),
            # In order of first mention; rejected mentions are not shown.
            people=list(
                Person.objects.filter(
                    mentions__article=self,
                    mentions__status__in=Mention.VISIBLE,
                ).order_by("mentions__first_position", "mentions__id")
            ),
        )
        everyone = [byline.person for byline in parts.bylines] + parts.people
        models.prefetch_related_objects(everyone, "roles")
        return parts

    @property
    def is_live(self) -> bool:
        """Readers can see it now (the one-row twin of ``published()``)."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
            and (self.expires_at is None or self.expires_at > now)
        )

    @property
    def is_embargoed(self) -> bool:
        """Published, but readers wait for the embargo time; partners may have it."""
        return (
            self.status == self.Status.PUBLISHED
            and self.embargo_until is not None
            and self.embargo_until > timezone.now()
        )

    @property
    def is_expired(self) -> bool:
        """Published, but its expiry time has passed: readers get "no longer available"."""
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at <= timezone.now()
        )

    # A story's cached card and page pieces carry its updated_at (articles/cards.py,
    # articles/story_page.py): saving one story builds again only its own pieces and the
    # pages around it, not every story's (newsroom.content_version.row_saved).
    CACHED_BY_UPDATED_AT = True

    @property
    def readers_may_see_change(self) -> bool:
        """A save or delete of this row changes public pages: the story is live, or was live
        when read (it is being unpublished, sent back or rescheduled). Drafts, stories in
        review and scheduled stories change nothing readers can see
        (newsroom.content_version.changed)."""
        return self.is_live or self.loaded_live is not False

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_overdue(self) -> bool:
        """A publication time has passed but the story is not published: it will not go live
        until an editor publishes it."""
        return (
            self.status in (self.Status.DRAFT, self.Status.IN_REVIEW)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def changed_since_published(self) -> bool:
        """Live, and saved again after it went out (one or two queries on its versions): the
        save that published it, or an edit while it waited for its time, does not count."""
        if not self.is_live:
            return False
        published_rows = self.history.filter(
            status=self.Status.PUBLISHED, published_at=self.published_at
        )
        publishing_save = published_rows.order_by("history_id").first()
        if publishing_save is None:
            return False
        went_live = max(filter(None, [self.published_at, self.embargo_until]))
        since = max(went_live, publishing_save.history_date)
        return published_rows.filter(history_date__gt=since).exists()

    @property
    def description(self) -> str:
        """What search engines and link previews show."""
        return self.meta_description or self.dek

    # "Visible to a staff member" (articles.models.visibility), on the model so that ``people``
    # and ``tags``, which may not import ``articles``, reach it through their foreign key.
    visible_to_q = staticmethod(visible_to_q)

    @staticmethod
    def uses_image_q(image, *, lead: bool = True) -> models.Q:
        """Stories showing the photo ``image`` (a pk, an Image or an OuterRef), as the lead
        image or in the body (``lead=False``: in the body only): the one definition of
        "where a photo is used"."""
        if isinstance(image, models.Model):
            image = image.pk
        if hasattr(image, "resolve_expression"):  # an OuterRef
            marker = Concat(models.Value(","), Cast(image, models.CharField()), models.Value(","))
        else:
            marker = f",{int(image)},"
        in_body = models.Q(body_images__contains=marker)
        return models.Q(lead_image=image) | in_body if lead else in_body

    @property
    def body_image_ids(self) -> list[int]:
        """The photos the body's figures show, in order (from the stored ``body_images``)."""
        return [int(part) for part in (self.body_images or "").split(",") if part]

    def body_photos(self) -> dict[int, "Image"]:
        """The photos the saved body shows, by id, in one query (missing ones left out)."""
        ids = self.body_image_ids
        return Image.objects.in_bulk(ids) if ids else {}

    def clean(self) -> None:
        self.read_dateline_parts()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            raise ValidationError({"published_at": "A published article needs a publication time."})
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            raise ValidationError(
                {"expires_at": "The expiry time must be after the publication time."}
            )
        if self.expires_at and self.embargo_until and self.expires_at <= self.embargo_until:
            raise ValidationError({"expires_at": "The expiry time must be after the embargo time."})
        if self.live_coverage and self.coverage_started_at is None:
            raise ValidationError(
                {"coverage_started_at": "Live coverage needs a start time: set when it began."}
            )
        if self.live_coverage and self.coverage_ended_at is not None:
            raise ValidationError(
                {"coverage_ended_at": "Live coverage that is still running has no end time."}
            )
        if (
            self.coverage_started_at
            and self.coverage_ended_at
            and self.coverage_ended_at <= self.coverage_started_at
        ):
            raise ValidationError({"coverage_ended_at": "Live coverage must end after it started."})

    # --- Versions: every save is one (``history``); ``version`` numbers them. ---------------

    # The story's content: what restoring an old version brings back. Workflow fields (status,
    # dates) and the slug stay as they are now, so restoring never unpublishes a story or
    # breaks its address.
    RESTORED_FIELDS = (
        "headline",
        "dek",
        "body",
        "dateline",
        "section_id",
        "lead_image_id",
        "meta_description",
    )
    # What the History's compare and the save-conflict warning show: the content, then the
    # address and the workflow fields.
    VERSIONED_FIELDS = (*RESTORED_FIELDS, "slug", "status", "published_at", "revised_at")

    def bump_version(self) -> None:
        """Count the coming save of a stored story as its next version: a form opened on an
        older one is then refused (optimistic locking), and the importer sees that an editor
        changed the story since its import (``imported_version``)."""
        self.version += 1


def live_article_exists(article_field: str) -> models.Exists:
    """EXISTS (the article whose id is in ``article_field`` is live), for related rows.

    Written as a primary-key lookup so the database starts from the related rows (a person's
    mentions, a tag's taggings) and checks each article, rather than walking every published
    article looking for that person or tag.
    """
    return models.Exists(
        Article.objects.filter(live_q(), pk=models.OuterRef(article_field)).values("pk")
    )
