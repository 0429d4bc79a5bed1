"""Articles, sections, bylines, tags on articles, corrections and the photo library."""

import hashlib
import secrets
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.datelines import Dateline, parse_dateline, validate_country_code
from articles.fields import BodyField
from articles.text_format import html_to_text
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


class ImageQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The photos ``user`` may see in the admin's library: those not used by any story,
        their own uploads and those used by a story they may see (``Article.visible_to_q``).
        A photo used only by a colleague's unpublished story stays hidden: its caption can
        give the story away."""
        stories = Article.visible_to_q(user)
        if not stories:  # no condition: this user sees every story, so every photo
            return self
        uses = Article.objects.filter(lead_image=models.OuterRef("pk"))
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
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Renditions are derived from the file, so a version need not repeat them.
    history = HistoricalRecords(excluded_fields=["renditions"])
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
        publication, an embargo lifting or an expiry): cached pages are stale from then on."""
        now = timezone.now()
        published = self.filter(status=Article.Status.PUBLISHED)
        moments = [
            published.filter(**{f"{name}__gt": now}).aggregate(at=models.Min(name))["at"]
            for name in ("published_at", "embargo_until", "expires_at")
        ]
        return min((moment for moment in moments if moment), default=None)

    def overdue(self):
        """Given a publication time that has passed, but never published: a missed schedule."""
        return self.filter(
            status__in=[Article.Status.DRAFT, Article.Status.IN_REVIEW],
            published_at__lte=timezone.now(),
        )

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
    body = BodyField(blank=True, plain_text_field="body_text")
    # Derived, never edited: the body as plain text (search, feeds, snippets) and the names of
    # the people and tags on the story (search), kept in step by save() and
    # articles.services.refresh_search_terms().
    body_text = models.TextField(blank=True, editable=False)
    search_terms = models.TextField(blank=True, editable=False)
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

    objects = ArticleQuerySet.as_manager()
    # Every save keeps a version: editors compare and restore them in the admin.
    history = HistoricalRecords(
        excluded_fields=["imported_version", "updated_at", "body_text", "search_terms"]
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
            kwargs["update_fields"] = {*update_fields, "body_text"}
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

    def transition(self, action: str, *, at: datetime | None = None) -> None:
        """Apply one workflow step by name (the admin's buttons and bulk actions use this)."""
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

    def mark_substantive_update(self, *, at: datetime | None = None) -> None:
        """Readers see "Updated <time>"; minor fixes do not call this."""
        self.revised_at = at or timezone.now()

    def _forget_unreached_first_publication(self) -> None:
        # A scheduled story withdrawn before its time was never published.
        if self.first_published_at and self.first_published_at > timezone.now():
            self.first_published_at = None


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
