"""The people directory: who writes and who is written about.

People never import ``articles``: mentions and quotes point at ``"articles.Article"`` by
name, articles reach them through ``related_name``, and the story rules people need are
reached through those relations (``_story_model``).
"""

from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from newsroom.images import image_upload_to, validate_image_file
from newsroom.links import slug_url
from newsroom.slugs import unique_slug
from newsroom.text import CleanTextMixin
from people.names import SURNAME_PARTICLES
from people.role_models import PersonRole

__all__ = [
    "Mention",
    "NameSuggestion",
    "Person",
    "PersonAlias",
    "PersonRole",
    "Quote",
    "derive_sort_name",
    "unique_person_slug",
]


def _story_model() -> type[models.Model]:
    """The story model ``Mention.article`` points to ("articles.Article").

    People may not import ``articles``: the rules about stories (``published()``,
    ``visible_to_q``) are reached through the foreign key, resolved by Django when the apps
    load, as ``Article.visible_to_q`` prescribes. ``Person.objects.public()`` is called by
    readers' pages, feeds, sitemaps, redirects and cache versions across the project.
    """
    return Mention._meta.get_field("article").related_model


def _live_story_exists(story_field: str) -> Exists:
    """EXISTS (the story whose id is in ``story_field`` is live): a primary-key lookup, so the
    database starts from the related rows (a person's mentions) and checks each story."""
    live = _story_model().objects.published().filter(pk=OuterRef(story_field))
    return Exists(live.values("pk"))


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People readers may see: mentioned in, or bylined on, at least one published story.

        Someone known only from a draft or an embargoed story (a new minister, a company's
        next chief executive) must not appear in any public list before the story does.
        """
        mentioned = Mention.objects.filter(
            _live_story_exists("article_id"),
            person=OuterRef("pk"),
            status__in=Mention.VISIBLE,
        )
        bylines = self.model._meta.get_field("bylines").related_model  # articles.Byline
        bylined = bylines.objects.filter(_live_story_exists("article_id"), person=OuterRef("pk"))
        return self.filter(Exists(mentioned) | Exists(bylined))

    def with_shared_aliases(self):
        """People holding at least one alias that someone else also holds."""
        return self.filter(Exists(PersonAlias.objects.shared().filter(person=OuterRef("pk"))))

    def visible_to(self, user):
        """People ``user`` may see in the admin: staff writers (they have an account), people
        no story names yet, and people a story they may see mentions, quotes or bylines
        (``Article.visible_to_q``). As in ``public()``, someone known only from a colleague's
        unpublished story stays hidden: their name can give the story away."""
        stories = _story_model().visible_to_q(user, prefix="article__")
        if not stories:  # no condition: this user sees every story, so everyone
            return self
        bylines = self.model._meta.get_field("bylines").related_model  # articles.Byline
        named_in = [
            Mention.objects.filter(person=OuterRef("pk")),
            Quote.objects.filter(speaker=OuterRef("pk")),
            bylines.objects.filter(person=OuterRef("pk")),
        ]
        named = models.Q()
        named_visibly = models.Q()
        for rows in named_in:
            named |= Exists(rows)
            named_visibly |= Exists(rows.filter(stories))
        return self.filter(models.Q(user__isnull=False) | ~named | named_visibly)


class Person(CleanTextMixin, models.Model):
    name_fields = ("name", "sort_name")

    name = models.CharField(max_length=200, help_text="Full name as readers know it.")
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The last part of the person's address: /people/this-part/.",
    )
    sort_name = models.CharField(
        max_length=200,
        blank=True,
        help_text='For alphabetical lists, e.g. "Ruto, William". Left empty, it is derived.',
    )
    honorific = models.CharField(
        max_length=100,
        blank=True,
        help_text='The title used before the name, e.g. "President" or "Secretary of State". '
        'Short forms ("Secretary Blinken") are recognised without aliases.',
    )
    bio = models.TextField(blank=True, help_text="Two or three plain sentences.")
    photo = models.ImageField(
        upload_to=image_upload_to,
        blank=True,
        validators=[validate_image_file],
        help_text="A portrait; JPEG, PNG, WebP or AVIF. Shown square, cut around the "
        "upper middle of the picture.",
    )
    # Square renditions of the photo [{"width", "height", "type", "path"}], made once when it
    # is stored (people.services.store_portrait).
    photo_renditions = models.JSONField(default=list, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="Staff writers only: the account that signs in as this person.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Part of the linker's directory version (people/links.py).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "photo_renditions"])

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        indexes = [
            # People index A-Z: ORDER BY sort_name.
            models.Index(fields=["sort_name", "name"], name="person_sort_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_person_slug(self.name, exclude_pk=self.pk)
        if not self.sort_name:
            self.sort_name = derive_sort_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("people:detail", self.slug)

    def portrait_url(self, width: int) -> str:
        """The narrowest square rendition at least ``width`` pixels wide (else the widest;
        "" without a photo). An older photo with no renditions gives its own file."""
        if not self.photo:
            return ""
        renditions = self.photo_renditions or []
        wide_enough = [r for r in renditions if r["width"] >= width]
        chosen = min(wide_enough, key=lambda r: r["width"]) if wide_enough else None
        chosen = chosen or max(renditions, key=lambda r: r["width"], default=None)
        return default_storage.url(chosen["path"]) if chosen else self.photo.url

    def extra_public_urls(self) -> list[str]:
        """Other pages about this person that move with the slug (see SlugRedirectAdminMixin)."""
        return [reverse("articles:author", kwargs={"slug": self.slug})]

    @property
    def display_name(self) -> str:
        """Honorific and name, as a caption would print it."""
        return f"{self.honorific} {self.name}".strip()

    def role_on(self, when: date | datetime | None = None) -> "PersonRole | None":
        """The role held on ``when`` (a story's date; None: now): the one whose dates contain
        it, else the latest that began before it, else the current one.

        Reads ``self.roles.all()``: pages prefetch roles for all their people in one query.
        """
        if when is None:
            when = timezone.now()
        if isinstance(when, datetime):
            when = timezone.localdate(when) if timezone.is_aware(when) else when.date()
        roles = list(self.roles.all())  # in PersonRole.Meta.ordering: oldest start first
        if not roles:
            return None
        held = [r for r in roles if r.holds_on(when)]
        if held:
            return held[-1]  # the latest to begin: a new office held alongside an old one
        before = [r for r in roles if r.start is not None and r.start <= when]
        if before:
            return before[-1]
        open_ended = [r for r in roles if r.end is None]
        return (open_ended or roles)[-1]

    @property
    def initial(self) -> str:
        """The letter the A-Z index files this person under."""
        first = (self.sort_name or self.name)[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def readers_may_see_change(self) -> bool:
        """A save or delete of this person changes public pages: they are public (on a
        published story; newsroom.content_version.changed)."""
        return type(self).objects.public().filter(pk=self.pk).exists()


def unique_person_slug(name: str, *, exclude_pk: int | None = None) -> str:
    """A slug from the name, with -2, -3... when another person holds it."""
    return unique_slug(
        name, rows=Person.objects, max_length=190, fallback="person", exclude_pk=exclude_pk
    )


def derive_sort_name(name: str) -> str:
    """ "William Ruto" -> "Ruto, William"; particles stay with the surname."""
    parts = name.split()
    if len(parts) < 2:
        return name
    index = len(parts) - 1
    while index > 1 and parts[index - 1].lower() in SURNAME_PARTICLES:
        index -= 1
    return f"{' '.join(parts[index:])}, {' '.join(parts[:index])}"


class PersonAliasQuerySet(models.QuerySet):
    def matching(self, text: str):
        """Aliases written ``text`` in any case (as the database compares them)."""
        return self.alias(folded_text=Lower("text")).filter(folded_text=Lower(Value(text)))

    def shared(self):
        """Aliases that someone else also holds: the linker never links one on its own."""
        held_by_others = (
            PersonAlias.objects.alias(folded_text=Lower("text"))
            .filter(folded_text=Lower(OuterRef("text")))
            .exclude(person=OuterRef("person"))
        )
        return self.filter(Exists(held_by_others))


class PersonAlias(CleanTextMixin, models.Model):
    name_fields = ("text",)

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(
        max_length=200,
        help_text='Only nicknames and unusual forms, e.g. "Uhuru". Titles, middle names and '
        "possessives are recognised without aliases. Two people may share an alias (initials "
        'such as "A. Young"): a shared alias is linked only after the story has named one '
        "of them.",
    )
    used_until = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For a former name (a maiden name, a name before a change): the last year "
        "the person went by it. Stories using it still link to the person and keep the name "
        "they printed.",
    )

    objects = PersonAliasQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "aliases"
        constraints = [
            models.UniqueConstraint(
                "person",
                Lower("text"),
                name="person_alias_unique_ci",
                violation_error_message="This person already has this alias.",
            ),
        ]
        indexes = [
            # Shared aliases and alias look-ups: WHERE LOWER(text) = LOWER(%s).
            models.Index(Lower("text"), name="person_alias_text_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    def shared_with(self) -> models.QuerySet[Person]:
        """The other people who hold this alias (one query)."""
        return Person.objects.filter(
            Exists(PersonAlias.objects.matching(self.text).filter(person=OuterRef("pk")))
        ).exclude(pk=self.person_id)

    @property
    def readers_may_see_change(self) -> bool:
        """Search finds a public person by their aliases."""
        return Person.objects.public().filter(pk=self.person_id).exists()

    # The audit trail (newsroom/audit.py): edited on the person's page; labelled with names.
    audit_parent = "person"
    audit_names = {"person": "name"}

    def audit_label(self, names: dict[str, str]) -> str:
        return f"{self.text} (alias of {names['person']})"


class Mention(models.Model):
    class Status(models.TextChoices):
        AUTO = "auto", "Found automatically"
        CONFIRMED = "confirmed", "Confirmed by an editor"
        REJECTED = "rejected", "Rejected by an editor"

    # What readers see: everything but an editor's rejections.
    VISIBLE = (Status.AUTO, Status.CONFIRMED)

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="mentions"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=0, help_text="How many times the text names them.")
    first_position = models.PositiveIntegerField(
        default=0, help_text="Character offset of the first mention in the text."
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.AUTO,
        help_text="Rejected mentions stay rejected when the story is linked again.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["first_position"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"], name="mention_article_person_uniq"
            ),
        ]
        indexes = [
            # Person page: articles mentioning a person (JOIN from person_id).
            models.Index(fields=["person", "status", "article"], name="mention_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.article}"

    @property
    def is_visible(self) -> bool:
        return self.status in self.VISIBLE

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see it on its story while the story is live (the story model is reached
        through the foreign key: ``people`` may not import ``articles``)."""
        stories = self._meta.get_field("article").related_model.objects
        return stories.published().filter(pk=self.article_id).exists()

    # The audit trail (newsroom/audit.py): edited on its story's page; labelled with names.
    audit_parent = "article"
    audit_names = {"person": "name", "article": "headline"}

    def audit_label(self, names: dict[str, str]) -> str:
        return f"{names['person']} in “{names['article']}”"


class Quote(CleanTextMixin, models.Model):
    class Source(models.TextChoices):
        AUTO = "auto", "Found automatically"
        MANUAL = "manual", "Added by an editor"
        CORRECTED = "corrected", "Found automatically, speaker set by an editor"

    class Confidence(models.TextChoices):
        # The words people.quotes gives each attribution.
        CERTAIN = "certain", "Certain: the speaker is named next to the quote"
        LIKELY = "likely", "Likely: a pronoun, surname or earlier quote points to them"
        GUESS = "guess", "A guess: check the speaker"
        UNATTRIBUTED = "unattributed", "Unattributed: the text names no speaker"

    # Listed for an editor's review on the story screen.
    TO_REVIEW = (Confidence.GUESS, Confidence.UNATTRIBUTED)

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quotes",
        help_text="The person quoted, when they are in the directory.",
    )
    speaker_text = models.CharField(
        max_length=300,
        blank=True,
        help_text='Who is quoted, as the story says it, e.g. "the U.S. Department of State".',
    )
    confidence = models.CharField(
        max_length=12, choices=Confidence.choices, default=Confidence.CERTAIN
    )
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.AUTO)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "position"]
        indexes = [
            # Person page: the person's quotes.
            models.Index(fields=["speaker", "article"], name="quote_speaker_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def confidence_word(self) -> str:
        """The confidence label's first words ("Certain", "A guess"), for narrow columns."""
        return self.get_confidence_display().split(":")[0]

    @property
    def readers_may_see_change(self) -> bool:
        """Readers see it on its story while the story is live (the story model is reached
        through the foreign key: ``people`` may not import ``articles``)."""
        stories = self._meta.get_field("article").related_model.objects
        return stories.published().filter(pk=self.article_id).exists()


class NameSuggestion(CleanTextMixin, models.Model):
    """A name-like phrase found in a story that matches nobody in the directory."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an editor"
        CREATED = "created", "Added to the directory"
        DISMISSED = "dismissed", "Dismissed"

    name = models.CharField(max_length=200)
    honorific = models.CharField(max_length=100, blank=True)
    key = models.CharField(max_length=200, unique=True, editable=False)
    article = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="name_suggestions",
        help_text="The story where the name was first seen.",
    )
    occurrences = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurrences", "name"]

    def __str__(self) -> str:
        return f"{self.honorific} {self.name}".strip()
