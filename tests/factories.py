"""Small ``make_*`` helpers for test data; every argument has a sensible default."""

import itertools
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Article, Byline, Correction, Image, Section
from articles.roles import EDITOR, REPORTER
from articles.services import store_uploaded_image
from people.models import Person, PersonAlias, PersonRole
from storylines.models import Storyline
from tags.models import Tag
from tests.image_files import jpeg_bytes, upload

_sequence = itertools.count(1)


def _next() -> int:
    return next(_sequence)


def make_section(**fields) -> Section:
    n = _next()
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_person(
    name: str | None = None,
    *,
    aliases: tuple[str, ...] = (),
    role: str = "",
    organisation: str = "",
    roles: tuple[dict, ...] = (),
    **fields,
) -> Person:
    """A person; ``role``/``organisation`` give one open-ended role, ``roles`` dated ones
    (``{"title": ..., "organisation": ..., "start": date, "end": date}``)."""
    n = _next()
    person = Person.objects.create(name=name or f"Person Number{n}", **fields)
    for alias in aliases:
        PersonAlias.objects.create(person=person, text=alias)
    if role or organisation:
        PersonRole.objects.create(person=person, title=role, organisation=organisation)
    for values in roles:
        PersonRole.objects.create(person=person, **values)
    return person


def make_tag(name: str | None = None, **fields) -> Tag:
    n = _next()
    name = name or f"Tag {n}"
    fields.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(name=name, **fields)


def make_article(
    *,
    status: str = Article.Status.PUBLISHED,
    published_at: datetime | None = None,
    body: str = "<p>A paragraph of news.</p>",
    authors: tuple[Person, ...] = (),
    tags: tuple[Tag, ...] = (),
    **fields,
) -> Article:
    """An article; published an hour ago unless told otherwise."""
    n = _next()
    fields.setdefault("headline", f"Headline number {n}")
    fields.setdefault("slug", f"headline-number-{n}")
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(hours=1)
    article = Article.objects.create(status=status, published_at=published_at, body=body, **fields)
    for order, person in enumerate(authors):
        Byline.objects.create(article=article, person=person, order=order)
    if tags:
        article.tags.set(list(tags))
    return article


def make_draft(**fields) -> Article:
    return make_article(status=Article.Status.DRAFT, **fields)


def make_in_review(**fields) -> Article:
    return make_article(status=Article.Status.IN_REVIEW, **fields)


def make_scheduled(*, hours_ahead: float = 24, **fields) -> Article:
    return make_article(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(hours=hours_ahead),
        **fields,
    )


def make_archived(**fields) -> Article:
    return make_article(
        status=Article.Status.ARCHIVED,
        published_at=timezone.now() - timedelta(days=2),
        **fields,
    )


def make_correction(article: Article, **fields) -> Correction:
    fields.setdefault("text", "An earlier version misspelled a name.")
    return Correction.objects.create(article=article, **fields)


def make_user(username: str | None = None, *, role: str | None = None, **fields):
    """A staff account in the given role group (``REPORTER`` or ``EDITOR``), or a plain user."""
    User = get_user_model()
    username = username or f"user{_next()}"
    user = User.objects.create_user(
        username=username, password=fields.pop("password", "correct horse battery"), **fields
    )
    if role:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=role))
    return user


def make_reporter(username: str | None = None, **fields):
    return make_user(username, role=REPORTER, **fields)


def make_editor(username: str | None = None, **fields):
    return make_user(username, role=EDITOR, **fields)


def make_photo(size: tuple[int, int] = (800, 500), **words) -> Image:
    """A library photo with its renditions, as an upload in the admin makes it."""
    words.setdefault("alt_text", "Boats in the harbour at dawn")
    words.setdefault("caption", "The harbour at Mombasa.")
    words.setdefault("credit", "Jane Doe/Newsroom")
    return store_uploaded_image(image=Image(**words), upload=upload(jpeg_bytes(size)))


def make_storyline(**fields) -> Storyline:
    """A published storyline with no entries yet."""
    n = _next()
    fields.setdefault("title", f"Storyline number {n}")
    fields.setdefault("slug", f"storyline-number-{n}")
    fields.setdefault("status", Storyline.Status.PUBLISHED)
    return Storyline.objects.create(**fields)
