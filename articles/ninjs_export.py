"""What a ninjs export adds to the plain item (``exporting.ninjs_record``): pictures as
``associations``, and Newsroom's own facts in one documented extension field.

Pictures: the lead image is the association named ``leadimage``; the body's figures refer to
library photos by id, which mean nothing elsewhere, so in ninjs a figure refers to an
association by position instead: ``<figure data-image="2">`` is the association named
``image-2`` (a gallery's ``data-images="1,2"`` likewise). ``importing/pictures.py`` reads them
back the same way.

The extension: ninjs 2.2 allows no extra properties (its schema says
``unevaluatedProperties: false`` at the top and in every association), so Newsroom's facts
ninjs has no field for travel as one ``altids`` entry whose role is ``x-newsroom`` and whose
value is a JSON object (``newsroom_facts``): slug, status and every date, embargo, expiry,
section, the dateline's parts, bylines with roles and order, tags with kinds and every
mention with its status (an editor's rejection included), and the desk's ``source_notes``. A
picture's focal point travels the same way in the association's own ``altids``. Only
``export_articles`` writes them (they are the newsroom's own record, rejected mentions and
desk notes included): the public API and the partner feed do not.
"""

from __future__ import annotations

import json
import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage

from articles.models import Article, Byline, Image
from articles.text_format import body_image_ids, renumber_figures
from people.models import Mention

EXTENSION_ROLE = "x-newsroom"
EXTENSION_FORMAT = 1
LEAD_PICTURE = "leadimage"
# Names sources give the picture at the top of the story (ninjs has no fixed one).
LEAD_PICTURE_NAMES = ("leadimage", "featureimage", "featuremedia", "featured", "lead")


def picture_name(ref: int) -> str:
    """The association a body figure's ``data-image="ref"`` refers to."""
    return f"image-{ref}"


def body_images(article: Article) -> list[Image]:
    """The library photos the body shows, in order (one query, none without figures)."""
    ids = body_image_ids(article.body)
    if not ids:
        return []
    found = Image.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def body_with_refs(body: str, images: list[Image]) -> str:
    """The body with each figure's photo ids replaced by the photo's position in ``images``
    (from 1), for a reader in another database."""
    refs = {image.pk: index for index, image in enumerate(images, start=1)}
    return renumber_figures(body, refs.get)  # a deleted photo is not shown either


def media_url(name: str) -> str:
    """The absolute address of a file in media storage."""
    url = default_storage.url(name)
    return settings.SITE_URL + url if url.startswith("/") else url


def picture_association(image: Image, *, name: str, newsroom: bool = False) -> dict:
    """A library photo as a ninjs picture: its file and stored renditions, caption, alt
    text (``descriptions`` with roles ``caption`` and ``alt``), credit (``by``) and owner
    (``copyrightholder``)."""
    href = media_url(image.file.name)
    original = {"name": "original", "href": href, "width": image.width, "height": image.height}
    if kind := mimetypes.guess_type(image.file.name)[0]:
        original["contenttype"] = kind
    renditions = [original]
    for rendition in image.renditions or []:
        extension = rendition["type"].rpartition("/")[2]
        renditions.append(
            {
                "name": f"{rendition['width']}w-{extension}",
                "href": media_url(rendition["path"]),
                "contenttype": rendition["type"],
                "width": rendition["width"],
                "height": rendition["height"],
            }
        )
    picture: dict = {"name": name, "uri": href, "type": "picture", "renditions": renditions}
    descriptions = [
        {"role": role, "value": value}
        for role, value in (("caption", image.caption), ("alt", image.alt_text))
        if value
    ]
    if descriptions:
        picture["descriptions"] = descriptions
    if image.credit:
        picture["by"] = image.credit
    if image.source:
        picture["copyrightholder"] = image.source
    if newsroom:
        facts = {"focal_point": [image.focal_x, image.focal_y]}
        picture["altids"] = [{"role": EXTENSION_ROLE, "value": json.dumps(facts)}]
    return picture


def newsroom_facts(article: Article, *, timestamp) -> dict:
    """The article's facts ninjs cannot carry (see the module), JSON-ready."""
    section = article.section
    dateline = article.dateline_parts
    bylines = sorted(article.bylines.all(), key=lambda b: (b.order, b.role, b.person.slug))
    mentions = sorted(article.mentions.all(), key=lambda m: (m.first_position, m.person.slug))
    tags = sorted((tagging.tag for tagging in article.taggings.all()), key=lambda t: t.slug)
    return {
        "format": EXTENSION_FORMAT,
        "slug": article.slug,
        "status": article.status,
        "headline_needs_review": article.headline_needs_review,
        "created_at": timestamp(article.created_at),
        "published_at": timestamp(article.published_at),
        "first_published_at": timestamp(article.first_published_at),
        "revised_at": timestamp(article.revised_at),
        "embargo_until": timestamp(article.embargo_until),
        "expires_at": timestamp(article.expires_at),
        "section": {"slug": section.slug, "name": section.name} if section else None,
        "dateline": {
            "text": article.dateline,
            "place": dateline.place,
            "country": dateline.country,
            "date": dateline.date.isoformat() if dateline.date else None,
            "source": dateline.source,
        },
        "bylines": [
            {"person": b.person.slug, "name": b.person.name, "role": b.role} for b in bylines
        ],
        "tags": [{"slug": t.slug, "name": t.name, "kind": t.kind} for t in tags],
        "mentions": [
            {"person": m.person.slug, "name": m.person.name, "status": m.status} for m in mentions
        ],
        "source_notes": article.source_notes,
    }


BYLINE_ROLES = frozenset(Byline.Role.values)
MENTION_STATUSES = frozenset(Mention.Status.values)
