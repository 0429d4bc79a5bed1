"""Articles, sections, bylines, tags on articles, corrections and the photo library."""

import hashlib
import secrets
from collections import Counter
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.datelines import Dateline, parse_dateline, validate_country_code
from articles.fields import BodyField
from articles.text_format import body_image_ids as figure_image_ids
from articles.text_format import html_to_text, sanitize_html
from newsroom.db import union_all_values
from newsroom.images import image_upload_to, validate_image_file
from newsroom.links import slug_url
from newsroom.text import CleanTextMixin
from people.models import Mention, Person
from tags.models import Tag


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

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("articles:section", self.slug)

    # Every page lists the sections: any save or delete changes public pages
    # (newsroom.content_version.changed).
    readers_may_see_change = True


class ImageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The photos ``user`` may see in the admin's library: those not used by any story,
        their own uploads and those used by a story they may see (``Article.visible_to_q``).
        A photo used only by a colleague's unpublished story stays hidden: its caption can
        give the story away."""
        stories = Article.visible_to_q(user)
        if not stories:  # no condition: this user sees every story, so every photo
            return self
        uses = Article.objects.filter(Article.uses_image_q(models.OuterRef("pk")))
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

    @property
    def readers_may_see_change(self) -> bool:
        """A live story shows this photo (as its lead image or in its body)."""
        return Article.objects.published().filter(Article.uses_image_q(self)).exists()


def live_q(prefix: str = "", *, at: datetime | None = None) -> models.Q:
    """Visible to readers: published status, a publication time that has passed, no embargo
    still running and no expiry time reached yet.

    The single definition of "public" (scheduling is publishing with a future date; an
    embargo holds a finished story back until its time; expiry takes the story off every
    surface at its time; all with no worker), as a Q so that related models filter through
    a join ("article__", "content_object__") instead of an IN over every published id.
    """
    now = at or timezone.now()
    published = models.Q(
        **{f"{prefix}status": Article.Status.PUBLISHED, f"{prefix}published_at__lte": now}
    )
    embargo_lifted = models.Q(**{f"{prefix}embargo_until__isnull": True}) | models.Q(
        **{f"{prefix}embargo_until__lte": now}
    )
    not_expired = models.Q(**{f"{prefix}expires_at__isnull": True}) | models.Q(
        **{f"{prefix}expires_at__gt": now}
    )
    return published & embargo_lifted & not_expired


def live_article_exists(article_field: str) -> models.Exists:
    """EXISTS (the article whose id is in ``article_field`` is live), for related rows.

    Written as a primary-key lookup so the database starts from the related rows (a person's
    mentions, a tag's taggings) and checks each article, rather than walking every published
    article looking for that person or tag.
    """
    return models.Exists(
        Article.objects.filter(live_q(), pk=models.OuterRef(article_field)).values("pk")
    )


# The permission that makes a staff member an editor: publish, and see and edit every story.
PUBLISH_PERMISSION = "articles.publish_article"


# Up to this many stories, a person's or tag's list starts from their own ids (_few_or_many).
SMALL_SET = 2000


class ArticleQuerySet(models.QuerySet):
    def published(self, *, at: datetime | None = None):
        """Visible to readers (see ``live_q``)."""
        return self.filter(live_q(at=at))

    def visible_to(self, user):
        """What ``user`` may see in the admin (see ``Article.visible_to_q``)."""
        return self.filter(Article.visible_to_q(user))

    def newest_first(self):
        """Newest publication first; ``id`` breaks ties so pages never overlap."""
        return self.order_by("-published_at", "-id")

    def for_article_page(self):
        """The story row for its page. The page loads bylines, tags and corrections itself
        (``Article.page_parts``): three plain queries cost less than prefetching them
        (measured at 100,000 stories: 1.8 ms against 2.7 ms)."""
        return self.select_related("section", "lead_image")

    def among(self, ids):
        """The rows of this queryset whose id is in ``ids``, found by primary key.

        ``filter(pk__in=ids)`` lets SQLite walk the index on the other conditions (status,
        published_at: every published story) and test each id; here the ids drive and the
        conditions are checked per row. Returns a plain queryset of the same model.
        """
        matching = self.filter(pk=models.OuterRef("pk"))
        return self.model._default_manager.filter(pk__in=ids).filter(models.Exists(matching))

    def _few_or_many(self, ids_query, linked: models.Exists):
        # A person or tag in a few stories: start from their short list of ids. One in many:
        # walk the newest published stories and keep those linked to them (EXISTS per story
        # finds a page quickly). Each plan is fast for its own case; left to itself the
        # planner picks one of them for both, with or without table statistics.
        ids = list(ids_query.order_by()[: SMALL_SET + 1])  # any order: an index-only read
        return self.among(ids) if len(ids) <= SMALL_SET else self.filter(linked)

    def mentioning(self, person):
        """Articles that mention ``person`` (mentions an editor rejected do not count)."""
        visible = [Mention.Status.AUTO, Mention.Status.CONFIRMED]
        ids = Mention.objects.filter(person=person, status__in=visible).values_list(
            "article_id", flat=True
        )
        linked = Mention.objects.filter(
            article=models.OuterRef("pk"), person=person, status__in=visible
        )
        return self._few_or_many(ids, models.Exists(linked))

    def by_author(self, person):
        """Articles with ``person`` in the byline, in any role, each once."""
        return self.filter(pk__in=Byline.objects.filter(person=person).values("article_id"))

    def tagged(self, tag):
        """Articles carrying ``tag``."""
        ids = TaggedArticle.objects.filter(tag=tag).values_list("content_object_id", flat=True)
        linked = TaggedArticle.objects.filter(content_object=models.OuterRef("pk"), tag=tag)
        return self._few_or_many(ids, models.Exists(linked))

    def scheduled(self):
        """Published with a publication time still in the future."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def expired(self):
        """Published, and taken off the site by its expiry time (its address answers 410)."""
        return self.filter(status=Article.Status.PUBLISHED, expires_at__lte=timezone.now())

    def embargoed(self):
        """Published, but held back from readers until its embargo time (partners get it)."""
        return self.filter(status=Article.Status.PUBLISHED, embargo_until__gt=timezone.now())

    def for_partners(self):
        """What partner feeds carry: stories readers can see, and embargoed ones before
        their time (never drafts, stories in review, plain scheduled or expired ones)."""
        now = timezone.now()
        embargoed = models.Q(status=Article.Status.PUBLISHED, embargo_until__gt=now) & (
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )
        return self.filter(live_q(at=now) | embargoed)

    def next_visibility_change(self) -> datetime | None:
        """The next moment a published story appears or disappears by itself (a scheduled
        publication, an embargo lifting, an expiry or a pin ending): cached pages are stale
        from then on."""
        now = timezone.now()
        published = self.filter(status=Article.Status.PUBLISHED)
        moments = [
            published.filter(**{f"{name}__gt": now}).aggregate(at=models.Min(name))["at"]
            for name in ("published_at", "embargo_until", "expires_at")
        ]
        # A pin running out brings the automatic order back on the front page or a section.
        moments.append(Pin.objects.next_end())
        return min((moment for moment in moments if moment), default=None)

    def overdue(self):
        """Given a publication time that has passed, but never published: a missed schedule."""
        return self.filter(
            status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW],
            published_at__lte=timezone.now(),
        )

    def front_page(self, sections, *, per_section: int) -> "FrontPage":
        """The front page: the lead and the top stories (the editors' pins in force, then the
        newest stories), then each section's newest stories, no story twice.

        A fixed number of queries whatever the number of sections: the pins, the newest ids,
        one UNION ALL for every section's newest ids, then the rows shown (``for_listing``).
        """
        live = self.published().newest_first()
        pins = dict(Pin.objects.in_force().on(None).values_list("position", "article_id"))
        pinned_lead = pins.pop(0, None)
        pinned_top = [pins[position] for position in sorted(pins)]
        newest = list(live.values_list("pk", flat=True)[: 1 + TOP_STORIES + len(pins)])
        lead = pinned_lead or next((pk for pk in newest if pk not in pinned_top), None)
        shown = [lead] if lead else []
        for pk in pinned_top + newest:
            if len(shown) > TOP_STORIES:
                break
            if pk not in shown:
                shown.append(pk)
        # Each section's newest stories, enough of them to fill its block after leaving out
        # the stories already shown above.
        candidates = union_all_values(
            [
                live.filter(section=section).values_list("pk")[: per_section + len(shown)]
                for section in sections
            ]
        )
        rows = list(
            self.model.objects.filter(pk__in={*shown, *candidates}).newest_first().for_listing()
        )
        by_id = {article.pk: article for article in rows}
        by_section = {section.pk: [] for section in sections}
        for article in rows:
            block = by_section.get(article.section_id)
            if article.pk not in shown and block is not None and len(block) < per_section:
                block.append(article)
        return FrontPage(
            lead=by_id.get(lead),
            top=[by_id[pk] for pk in shown[1:] if pk in by_id],
            sections=[(s, by_section[s.pk]) for s in sections if by_section[s.pk]],
        )

    def pinned_on(self, section: "Section") -> list:
        """The live stories editors pinned on ``section``'s front, lead first."""
        pins = Pin.objects.in_force().on(section).order_by("position")
        ids = list(dict.fromkeys(pins.values_list("article_id", flat=True)))
        by_id = {article.pk: article for article in self.filter(pk__in=ids).for_listing()}
        return [by_id[pk] for pk in ids if pk in by_id]

    def related_to(self, article: "Article", *, people, tags, limit: int) -> list:
        """Related stories for ``article``'s page: the live ones an editor picked, in their
        order, then published stories sharing the most people or tags, newest first.

        Bounded at any archive size: the automatic candidates are the newest 20 stories of
        each of up to 10 tags and 10 people (one UNION ALL over their indexes); the published
        ones among them are ranked by how many tags and people they share.
        """
        fields = ("headline", "slug", "published_at")
        picks = list(
            self.published()
            .filter(picked_as_related__article=article)
            .order_by("picked_as_related__order", "picked_as_related__id")
            .only(*fields)[:limit]
        )
        if len(picks) >= limit:
            return picks
        left_out = {article.pk, *(pick.pk for pick in picks)}
        branches = [
            TaggedArticle.objects.filter(tag=tag)
            .exclude(content_object_id=article.pk)
            .order_by("-content_object_id")
            .values_list("content_object_id")[:20]
            for tag in tags[:10]
        ] + [
            Mention.objects.filter(person=person, status__in=Mention.VISIBLE)
            .exclude(article_id=article.pk)
            .order_by("-article_id")
            .values_list("article_id")[:20]
            for person in people[:10]
        ]
        shared = Counter(pk for pk in union_all_values(branches) if pk not in left_out)
        if not shared:
            return picks
        # Rank plain (id, date) rows, then load only the few stories shown.
        live = self.published().among(list(shared)).values_list("pk", "published_at")
        ranked = sorted(live, key=lambda row: (-shared[row[0]], -row[1].timestamp()))
        ids = [pk for pk, _ in ranked[: limit - len(picks)]]
        automatic = self.model.objects.filter(pk__in=ids).only(*fields)
        return picks + sorted(automatic, key=lambda story: ids.index(story.pk))

    def for_listing(self):
        """Everything an article card shows, in a fixed number of queries."""
        return self.select_related("section", "lead_image").prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("person").order_by("order")
            )
        )


# Over these lengths, publishing asks the editor to confirm (they still fit the fields).
HEADLINE_WARNING_LENGTH = 110
STANDFIRST_WARNING_LENGTH = 300


class SentBack(NamedTuple):
    by: str
    at: datetime
    note: str


class PublishingProblem(NamedTuple):
    """One finding of ``Article.publishing_problems``: errors block publishing, warnings
    need the editor's acknowledgement."""

    field: str  # the article field it concerns; "" for the story as a whole
    message: str
    blocking: bool


DATELINE_FIELDS = (
    "dateline",
    "dateline_place",
    "dateline_country",
    "dateline_date",
    "dateline_source",
)


class ArticlePageParts(NamedTuple):
    bylines: list
    tags: list
    corrections: list
    people: list


# Live updates shown per page of a live story; older ones are a link away.
LIVE_UPDATES_PER_PAGE = 50


class LiveUpdatesPage(NamedTuple):
    """One page of a story's live updates: the pinned one (first page only), then the others
    newest first."""

    pinned: "LiveUpdate | None"
    updates: list
    number: int
    has_next: bool


class Article(CleanTextMixin, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived (unpublished)"

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
            # Article list, feeds, sitemaps: WHERE status = 'published' AND published_at <= now
            # ORDER BY published_at DESC, id DESC.
            models.Index(fields=["status", "-published_at", "-id"], name="article_published_idx"),
            # Section pages: the same with section_id = ?.
            models.Index(
                fields=["section", "status", "-published_at", "-id"], name="article_section_idx"
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

    # The dateline and its parts as last read or saved; None for a story not read from the
    # database. See read_dateline_parts.
    loaded_dateline: tuple | None = None

    def _dateline_as_stored(self) -> tuple:
        return tuple(getattr(self, name) for name in DATELINE_FIELDS)

    @property
    def story_year(self) -> int:
        """The year of the story's date (published_at, else now), for datelines."""
        return timezone.localdate(self.published_at or timezone.now()).year

    def read_dateline_parts(self) -> None:
        """Read the dateline's parts from its text when they were not given: a new story
        with only the text (the importer, an API), or a text changed while the parts stayed
        as they were (a re-import, an editor retyping it). Parts an editor changed are kept.
        Called by clean() and save(); idempotent."""
        self.dateline_country = (self.dateline_country or "").upper()
        parts = (
            self.dateline_place,
            self.dateline_country,
            self.dateline_date,
            self.dateline_source,
        )
        if self.loaded_dateline is None:
            stale = not (self.dateline_place or self.dateline_source)
        else:
            text_changed = self.dateline != self.loaded_dateline[0]
            stale = text_changed and parts == self.loaded_dateline[1:]
        stale = stale or (self.dateline and not (self.dateline_place or self.dateline_source))
        if stale:
            read = parse_dateline(self.dateline, year=self.story_year)
            self.dateline_place = read.place[:200]
            self.dateline_country = read.country
            self.dateline_date = read.date
            self.dateline_source = read.source[:100]
        elif not self.dateline and any(parts):
            self.dateline = self.dateline_parts.text(year=self.story_year)[:200]

    @property
    def dateline_parts(self) -> Dateline:
        """The dateline's parts; false when there is no dateline. A row stored without
        save() (bulk inserts) has only its text: the parts are read from it."""
        parts = Dateline(
            place=self.dateline_place,
            country=self.dateline_country,
            date=self.dateline_date,
            source=self.dateline_source,
        )
        return parts or parse_dateline(self.dateline, year=self.story_year)

    @property
    def dateline_display(self) -> str:
        """The dateline the house way ("NAIROBI, Kenya, Jan. 5 (Reuters)"); "" when none."""
        return self.dateline_parts.house(year=self.story_year)

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

    @staticmethod
    def visible_to_q(user, prefix: str = "") -> models.Q:
        """What ``user`` may see in the admin: editors every story; reporters the stories they
        created and the live ones (never a colleague's draft, review, scheduled or archived
        story); anyone else the live ones only.

        The single definition of "visible to a staff member". A Q, like ``live_q``, so rows that
        belong to a story filter through a join with ``prefix`` ("article__"); on the model so
        that ``people`` and ``tags``, which may not import ``articles``, reach it through their
        foreign key (``Mention._meta.get_field("article").related_model``).
        """
        if user.has_perm(PUBLISH_PERMISSION):  # False for inactive and anonymous users
            return models.Q()
        if not user.is_authenticated:
            return live_q(prefix)
        return models.Q(**{f"{prefix}created_by": user}) | live_q(prefix)

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

    TRANSITIONS = ("submit_for_review", "publish", "schedule", "unpublish", "back_to_draft")
    # What each step is called in the story's History and in the admin's messages.
    WORKFLOW_EVENTS = {
        "submit_for_review": "Submitted for review",
        "publish": "Published",
        "schedule": "Scheduled",
        "unpublish": "Unpublished (archived)",
        "back_to_draft": "Sent back to draft",
    }

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

    @property
    def has_live_updates_section(self) -> bool:
        """Covered live now or before: its page shows the updates (read from the row, no
        query, so stories never covered live pay nothing)."""
        return self.live_coverage or self.coverage_started_at is not None

    def live_updates_page(self, number: int = 1) -> LiveUpdatesPage:
        """Page ``number`` of the updates: one query, two on the first page (the pinned one),
        whatever the number of updates."""
        number = max(1, min(number, 10_000))
        updates = self.live_updates.for_page()
        pinned = updates.filter(pinned=True).first() if number == 1 else None
        start = (number - 1) * LIVE_UPDATES_PER_PAGE
        rows = list(updates.filter(pinned=False)[start : start + LIVE_UPDATES_PER_PAGE + 1])
        return LiveUpdatesPage(
            pinned, rows[:LIVE_UPDATES_PER_PAGE], number, len(rows) > LIVE_UPDATES_PER_PAGE
        )

    def start_live_coverage(self, *, at: datetime | None = None) -> None:
        """Run the story as live coverage: a Live badge, updates readers' pages fetch."""
        self.live_coverage = True
        self.coverage_started_at = self.coverage_started_at or at or timezone.now()
        self.coverage_ended_at = None

    def end_live_coverage(self, *, at: datetime | None = None) -> None:
        """Back to a normal story; its updates stay on the page."""
        if self.live_coverage:
            self.live_coverage = False
            self.coverage_ended_at = at or timezone.now()

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
    label = Article.WORKFLOW_EVENTS.get(action, action)
    if action == "schedule" and at is not None:
        label = f"{label} for {timezone.localtime(at):%d %b %Y %H:%M}"
    note = note.strip()
    return f"{label}\n{note}" if note else label


def workflow_event(reason: str | None) -> tuple[str, str]:
    """(step, note) from a version's change reason, as workflow_reason wrote it."""
    label, _newline, note = (reason or "").partition("\n")
    return label, note.strip()


class Byline(models.Model):
    class Role(models.TextChoices):
        BY = "by", "By"
        ADDITIONAL_REPORTING = "additional reporting", "Additional reporting"
        PHOTOS = "photos", "Photos"
        ANALYSIS = "analysis", "Analysis"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
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
        return Article.objects.published().filter(pk=self.article_id).exists()

    # The audit trail (newsroom/audit.py): edited on its story's page; labelled with names.
    audit_parent = "article"
    audit_names = {"person": "name", "article": "headline"}

    def audit_label(self, names: dict[str, str]) -> str:
        return f"{self.get_role_display()} {names['person']} on “{names['article']}”"


class TaggedArticle(TaggedItemBase):
    """The tag-article link, with real foreign keys (not a generic relation)."""

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="taggings")
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="taggings")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_uniq"),
        ]
        indexes = [
            # Tag pages: articles with one tag.
            models.Index(fields=["tag", "content_object"], name="tagged_tag_idx"),
        ]

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see the tag on its story while the story is live."""
        return Article.objects.published().filter(pk=self.content_object_id).exists()


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


# An update may be dated this far ahead of the server's clock (a desk clock a little fast);
# any later and it would show before its time.
LIVE_UPDATE_CLOCK_SLACK = timedelta(minutes=2)


class LiveUpdateQuerySet(models.QuerySet):
    def public(self):
        """Updates readers may see: those of a story readers can see (``live_q``)."""
        return self.filter(live_q("article__"))

    def visible_to(self, user):
        """Updates ``user`` may see in the admin: those of stories they may see."""
        return self.filter(Article.visible_to_q(user, prefix="article__"))

    def for_page(self):
        """Newest first, pinned or not, with what each update shows (author, photo)."""
        return self.select_related("author", "photo").order_by("-published_at", "-id")


class LiveUpdate(CleanTextMixin, models.Model):
    """A short timestamped update on a story covered live (newest first on its page)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_updates")
    text = BodyField(
        help_text="A few sentences: what just happened. Links and bold are fine; the same "
        "rules as the story's text apply."
    )
    photo = models.ForeignKey(
        Image,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_updates",
        help_text="Optional. A photo from the library, shown under the text.",
    )
    author = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="live_updates",
        help_text="Shown as “By …” on the update. Leave empty for an unsigned update.",
    )
    published_at = models.DateTimeField(
        default=timezone.now,
        help_text="The time readers see on the update. Leave it for “now”; set an earlier "
        "time for something that happened a while ago.",
    )
    pinned = models.BooleanField(
        default=False,
        help_text="Keep this update at the top of the story. Pinning one unpins the others.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = LiveUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            # The story page and its poll: WHERE article_id = ? ORDER BY published_at DESC, id DESC.
            models.Index(fields=["article", "-published_at", "-id"], name="liveupdate_article_idx"),
        ]

    def __str__(self) -> str:
        return html_to_text(self.text)[:60] or f"Update {self.pk}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#update-{self.pk}"

    def clean(self) -> None:
        if self.published_at and self.published_at > timezone.now() + LIVE_UPDATE_CLOCK_SLACK:
            raise ValidationError(
                {"published_at": "An update cannot be dated in the future: readers see it now."}
            )
        if not html_to_text(self.text or "").strip():
            raise ValidationError({"text": "Write the update before saving it."})

    def unpin_others(self) -> None:
        """Unpin the story's other updates (one pinned update per story). A bulk update: the
        save of this one that follows changes the public caches for both."""
        self.article.live_updates.exclude(pk=self.pk).filter(pinned=True).update(pinned=False)

    def pin(self) -> None:
        """Pin this update and unpin the story's others, in one transaction."""
        with transaction.atomic():
            self.unpin_others()
            self.pinned = True
            self.save(update_fields=["pinned"])

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see it on its story while the story is live."""
        return Article.objects.published().filter(pk=self.article_id).exists()


class PreviewLinkQuerySet(models.QuerySet):
    def usable(self):
        """Links that still open a preview: neither revoked nor expired (the story's own state
        is checked when a link is opened)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A share-preview link: lets anyone holding it read one unpublished story, until it
    expires, is revoked, or the story is published or archived. The URL carries this row's id,
    signed (articles/preview.py), so a link can be withdrawn without touching the others."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text='Who the link is for, so you know which one to withdraw, e.g. "Legal desk".',
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(help_text="The link stops working at this time.")
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Preview link to “{self.article}”" + (f" ({self.note})" if self.note else "")

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def revoke(self, *, by=None) -> None:
        """Withdraw the link at once; it cannot be brought back (create a new one)."""
        if self.revoked_at is None:
            self.revoked_at, self.revoked_by = timezone.now(), by
            self.save(update_fields=["revoked_at", "revoked_by"])


def hash_partner_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Partner(CleanTextMixin, models.Model):
    """A partner (a wire, a syndication client) that reads the partner feed with its own
    token, embargoed stories included. Only a hash of the token is stored."""

    name = models.CharField(max_length=200, unique=True)
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to revoke access: the token stops working at once.",
    )
    sections = models.ManyToManyField(
        Section,
        blank=True,
        related_name="partners",
        help_text="The sections this partner receives. Leave empty for every section.",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the token, so editors can tell tokens apart.
    token_prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def issue_token(self) -> str:
        """A new token, replacing any earlier one; returned once, never stored in clear."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_partner_token(token)
        self.token_prefix = token[:8]
        return token

    @classmethod
    def for_token(cls, token: str) -> "Partner | None":
        """The partner holding ``token`` (active or revoked), or None."""
        if not token:
            return None
        return cls.objects.filter(token_hash=hash_partner_token(token)).first()

    def articles(self):
        """The stories this partner may receive, newest first."""
        stories = Article.objects.for_partners()
        if self.pk and self.sections.exists():
            stories = stories.filter(section__in=self.sections.all())
        return stories.newest_first()


# --- Curation: what editors put on top of the front page and the section fronts. ---------------

# Position 0 is the lead; 1 to TOP_STORIES are the top stories under it.
TOP_STORIES = 6


class PinQuerySet(models.QuerySet):
    def in_force(self, *, at: datetime | None = None):
        """Pins still running (no end time, or one ahead) on stories readers can see: a pinned
        story that is unpublished, expired or not yet live simply drops out, at query time."""
        now = at or timezone.now()
        running = models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=now)
        return self.filter(running & live_q("article__", at=now))

    def on(self, section: "Section | None"):
        """The pins of one section front, or of the front page when ``section`` is None."""
        return self.filter(section=section) if section else self.filter(section__isnull=True)

    def next_end(self) -> datetime | None:
        """The next moment a pin runs out by itself (cached pages are stale from then on)."""
        return self.filter(ends_at__gt=timezone.now()).aggregate(at=models.Min("ends_at"))["at"]


class Pin(models.Model):
    """An editor's choice for the top of the front page or of a section front. When it ends
    (or its story stops being live) the automatic order, newest first, takes its place."""

    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="pins",
        help_text="Leave empty for the front page; choose a section for that section's page.",
    )
    position = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(TOP_STORIES)],
        help_text=f"0 is the lead story; 1 to {TOP_STORIES} are the top stories under it, "
        "in this order.",
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="pins",
        help_text="Only a live story is shown: a draft or scheduled story waits here until it "
        "is published.",
    )
    ends_at = models.DateTimeField(
        "ends",
        null=True,
        blank=True,
        help_text="Optional. At this time the pin stops by itself and the newest stories take "
        "the place again. Leave empty to keep it until you remove it.",
    )

    objects = PinQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["section__order", "section__name", "position"]
        constraints = [
            # NULL sections are distinct in a plain unique constraint: the front page gets its own.
            models.UniqueConstraint(
                fields=["position"],
                condition=models.Q(section__isnull=True),
                name="pin_front_position_uniq",
                violation_error_message="The front page already has a pin at this position.",
            ),
            models.UniqueConstraint(
                fields=["section", "position"],
                name="pin_section_position_uniq",
                violation_error_message="This section already has a pin at this position.",
            ),
        ]

    def __str__(self) -> str:
        place = self.section.name if self.section_id else "Front page"
        slot = "lead" if self.position == 0 else f"top story {self.position}"
        return f"{place}, {slot}: {self.article}"

    @property
    def has_ended(self) -> bool:
        return self.ends_at is not None and self.ends_at <= timezone.now()

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see a pin (the front page's order) while its story is live."""
        return Article.objects.published().filter(pk=self.article_id).exists()


class FrontPage(NamedTuple):
    lead: "Article | None"
    top: list
    sections: list  # [(section, [articles])], sections with no story left out


class RelatedStory(models.Model):
    """A related story an editor chose for ``article``; shown before the automatic ones."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_picks")
    related = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="picked_as_related",
        help_text="Shown under the story while it is live; the automatic suggestions fill the "
        "remaining places.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "hand-picked related story"
        verbose_name_plural = "hand-picked related stories"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "related"],
                name="related_story_uniq",
                violation_error_message="This story is already in the list.",
            ),
            models.CheckConstraint(
                condition=~models.Q(article=models.F("related")),
                name="related_story_not_itself",
                violation_error_message="A story cannot be related to itself.",
            ),
        ]

    def __str__(self) -> str:
        return str(self.related)

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see a hand-picked related story on a live story's page."""
        return (
            Article.objects.published().filter(pk__in=[self.article_id, self.related_id]).exists()
        )
