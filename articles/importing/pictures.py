"""Pictures in ninjs items: ``associations`` of type ``picture`` into the photo library, placed
as the story's lead image or as the body's figures.

Reading (no database, run by the readers):

* A picture: its ``uri`` (its identity), the rendition named ``original`` (else the widest),
  caption (``descriptions`` with role ``caption``, else one without a role, else its
  headline, else ``description_text``), alt text (``descriptions`` role ``alt``, else
  ``alt_text``, else ``description_text``), credit (``by``, else ``creditline``, else
  ``copyrightnotice``), owner (``copyrightholder``), and the focal point Newsroom's own
  export carries (``ninjs_export``). ninjs 1.x's ``associations`` and ``renditions`` objects
  (keyed by name) are read like 2.x's lists.
* The lead image is the picture named ``leadimage``/``featureimage``/``featuremedia``/...
  (``ninjs_export.LEAD_PICTURE_NAMES``), else the first one the body does not show. A body
  figure refers to the picture named ``image-N`` by ``data-image="N"`` (a gallery by
  ``data-images="N,M"``), as Newsroom writes them; a figure naming no picture is dropped, so
  a source can never show a library photo it did not send. Other pictures are not imported.

Files: a rendition's ``href`` is a path relative to the imported file (or a ``file:`` URI),
inside that file's folder; or an address in this site's own media (an export read back: the
file is already in media storage, as for the full format). Pictures are not fetched from
the web: a newsroom wants the copy in now, and a fetch from an import (addresses chosen by
the source, slow or huge answers) needs its own limits; such a picture is reported with its
reason and the story is imported without it. The same goes for a missing file or one that
is not an image: the story and its other pictures land, the result names what was left out,
and importing again once the file is there adds it.

Storing: a new picture is stored without its metadata, with renditions and crops, under a
name made from its ``uri``, which is how the same picture imported again is found instead of
duplicated (the photo model has no field for a source's identity).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from articles.fields import CleanBody
from articles.importing.decoding import check_text
from articles.importing.drafts import PictureDraft
from articles.importing.ninjs_facts import extension
from articles.importing.outcomes import Refused, describe_validation, os_reason
from articles.models import Article, Image
from articles.ninjs_export import LEAD_PICTURE_NAMES, media_url, picture_name
from articles.text_format import renumber_figures
from newsroom.images import clean_upload, inspect_image, make_crops, make_renditions

IMPORTED_FOLDER = "images/imported"


# --- Reading -------------------------------------------------------------------------------


def read_pictures(
    item: dict, *, body: str, folder: Path | None
) -> tuple[str, list[PictureDraft], str]:
    """``(body, pictures, lead name)``: the body with figures naming no picture dropped, the
    pictures the story places (the lead first) and which one leads."""
    try:
        pictures = {p.name: p for p in _pictures(item, folder=folder)}
    except Refused as error:  # the story still lands; the reason is on its line
        pictures = {"associations": PictureDraft("associations", "", "", problem=str(error))}
    used: list[str] = []

    def known(ref: int) -> int | None:
        if picture_name(ref) not in pictures:
            return None
        used.append(picture_name(ref))
        return ref

    body = renumber_figures(body, known)
    lead = next((name for name in LEAD_PICTURE_NAMES if name in pictures), "")
    lead = lead or next((name for name in pictures if name not in used), "")
    placed = [pictures[name] for name in dict.fromkeys([lead, *used]) if name]
    return body, placed, lead


def _pictures(item: dict, *, folder: Path | None) -> list[PictureDraft]:
    associations = item.get("associations")
    if not associations:
        return []
    if isinstance(associations, dict):  # ninjs 1.x: {"featureimage": {...}}
        associations = [
            {**value, "name": value.get("name") or name} if isinstance(value, dict) else value
            for name, value in associations.items()
        ]
    if not isinstance(associations, list) or not all(isinstance(a, dict) for a in associations):
        raise Refused("associations must be a list of objects")
    pictures = []
    for entry in associations:
        if str(entry.get("type", "")).lower() != "picture":
            continue  # audio, video, a related story...
        name = check_text(entry.get("name"), name="association name").strip()
        uri = check_text(entry.get("uri"), name="association uri").strip()
        name = name or uri or f"picture {len(pictures) + 1}"
        try:
            pictures.append(_picture(entry, name=name, uri=uri, folder=folder))
        except Refused as error:  # this picture is left out, with its reason
            pictures.append(PictureDraft(name=name, uri=uri, href="", problem=str(error)))
    return pictures


def _descriptions(entry: dict) -> dict[str, str]:
    found: dict[str, str] = {}
    for description in entry.get("descriptions") or []:
        if not isinstance(description, dict):
            raise Refused("descriptions must be objects")
        role = str(description.get("role") or "").lower()
        found.setdefault(role, check_text(description.get("value"), name="description"))
    return found


def _headline(entry: dict) -> str:
    for headline in entry.get("headlines") or []:
        if isinstance(headline, dict) and headline.get("value"):
            return check_text(headline["value"], name="headline")
    return check_text(entry.get("headline"), name="headline")


def _picture(entry: dict, *, name: str, uri: str, folder: Path | None) -> PictureDraft:
    rendition = _rendition(entry)
    href = check_text(rendition.get("href"), name="rendition href").strip()
    if not href:
        raise Refused("its rendition has no href")
    described = _descriptions(entry)
    description = check_text(entry.get("description_text"), name="description_text")
    plain = described.get("") or described.get("description") or described.get("summary")
    facts = extension(entry, where="picture ") or {}
    focal = facts.get("focal_point")
    if focal is not None and not (
        isinstance(focal, list)
        and len(focal) == 2
        and all(isinstance(v, int | float) and 0 <= v <= 1 for v in focal)
    ):
        raise Refused(f"x-newsroom focal_point {focal!r} is not two numbers from 0 to 1")
    return PictureDraft(
        name=name,
        uri=uri or href,
        href=href,
        path=_local_path(href, folder=folder),
        caption=described.get("caption") or plain or _headline(entry) or description,
        alt_text=(
            described.get("alt")
            or check_text(entry.get("alt_text"), name="alt_text")
            or description
        ),
        credit=check_text(
            entry.get("by") or entry.get("creditline") or entry.get("copyrightnotice"),
            name="credit",
        ),
        source=check_text(entry.get("copyrightholder"), name="copyrightholder"),
        focal_point=tuple(focal) if focal else None,
        renditions=_renditions(entry),
    )


def _renditions(entry: dict) -> list[dict]:
    renditions = entry.get("renditions") or []
    if isinstance(renditions, dict):  # ninjs 1.x: {"original": {...}}
        renditions = [
            {**value, "name": value.get("name") or name} if isinstance(value, dict) else value
            for name, value in renditions.items()
        ]
    if not isinstance(renditions, list) or not all(isinstance(r, dict) for r in renditions):
        raise Refused("renditions must be a list of objects")
    return renditions


def _rendition(entry: dict) -> dict:
    renditions = _renditions(entry)
    if not renditions:
        raise Refused("it has no renditions")
    for rendition in renditions:
        if rendition.get("name") == "original":
            return rendition
    return max(renditions, key=lambda r: _number(r.get("width")))


def _number(value: Any) -> float:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else 0


def _local_path(href: str, *, folder: Path | None) -> Path | None:
    """A rendition's file on this machine, inside the imported file's folder; None for a
    web address."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        return None
    if parts.scheme == "file" or not (parts.scheme or parts.netloc):
        path = Path(unquote(parts.path))
    else:
        raise Refused(f"{href!r} is neither a file path nor a web address")
    if folder is None:
        raise Refused(f"{href!r}: a path is read relative to the imported file")
    folder = folder.resolve()
    path = (folder / path).resolve()
    if not path.is_relative_to(folder):
        raise Refused(f"{href!r} is outside the imported file's folder")
    return path


# --- Storing and placing --------------------------------------------------------------------


def _media_name(href: str) -> str | None:
    """The media-storage name of an address in this site's own media, else None."""
    prefix = media_url("")
    if not href.startswith(prefix) or "?" in href or "#" in href:
        return None
    name = unquote(href[len(prefix) :])
    if not name or ".." in Path(name).parts or name.startswith("/"):
        return None
    return name


def _library_name(picture: PictureDraft) -> str:
    """Where a picture from a local file is stored: the same for the same ``uri``."""
    digest = hashlib.sha256(picture.uri.encode()).hexdigest()[:32]
    return f"{IMPORTED_FOLDER}/{digest}"


def find_pictures(pictures: list[PictureDraft]) -> dict[str, Image | None]:
    """The library photos already holding these pictures (one query per picture; no
    writes): name -> photo, or None for one still to store."""
    found: dict[str, Image | None] = {}
    for picture in pictures:
        if picture.problem:
            continue
        media = _media_name(picture.href)
        if media is not None:
            found[picture.name] = Image.objects.filter(file=media).first()
        else:
            stem = _library_name(picture)
            found[picture.name] = Image.objects.filter(file__startswith=stem).first()
    return found


def store_pictures(
    pictures: list[PictureDraft], found: dict[str, Image | None], *, dry_run: bool
) -> tuple[dict[str, Image | None], list[str]]:
    """Store the pictures not in the library yet: ``(photos by name, notes)``, a note for
    each picture left out. With ``dry_run`` they are only checked."""
    photos, notes = dict(found), []
    for picture in pictures:
        try:
            if picture.problem:
                raise Refused(picture.problem)
            if photos.get(picture.name) is None:
                photos[picture.name] = _store(picture, dry_run=dry_run)
        except Exception as error:  # one picture; its database work was in a savepoint
            photos[picture.name] = None
            notes.append(f"picture {picture.name!r} not imported: {_reason(error)}")
    return photos, notes


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return describe_validation(error)
    if isinstance(error, OSError):
        return os_reason(error)
    if isinstance(error, Refused):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _store(picture: PictureDraft, *, dry_run: bool) -> Image | None:
    media = _media_name(picture.href)
    if media is not None:
        return _from_media(picture, media, dry_run=dry_run)
    if picture.path is None:
        raise Refused(
            f"{picture.href} is a web address, and pictures are not fetched from the web: "
            "put the file next to the imported file and give its relative path"
        )
    try:
        with picture.path.open("rb") as handle:
            data = handle.read(settings.IMAGE_MAX_BYTES + 1)
    except OSError as error:
        raise Refused(f"{picture.href}: {os_reason(error)}") from None
    upload = ContentFile(data)
    inspected = inspect_image(upload)  # ValidationError: too large, not an image, damaged
    if dry_run:
        return None
    clean_file, clean_data = clean_upload(upload)
    extension = clean_file.name.rpartition(".")[2]
    with transaction.atomic():
        name = default_storage.save(f"{_library_name(picture)}.{extension}", clean_file)
        image = _new_image(picture, name, width=inspected.width, height=inspected.height)
        image.renditions = make_renditions(name, clean_data)
        image.crops = make_crops(name, clean_data, focal=image.focal_point)
        image.save(update_fields=["renditions", "crops"])
    return image


def _from_media(picture: PictureDraft, name: str, *, dry_run: bool) -> Image | None:
    """A photo record for a file already in media storage (an export read back)."""
    if not default_storage.exists(name):
        raise Refused(f"{name} is not in the media storage; restore the media files first")
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    inspected = inspect_image(ContentFile(data), stored=True)
    if dry_run:
        return None
    renditions = []
    for rendition in picture.renditions:
        path = _media_name(str(rendition.get("href") or ""))
        kind = str(rendition.get("contenttype") or "")
        if path and path != name and kind.startswith("image/"):
            width, height = _number(rendition.get("width")), _number(rendition.get("height"))
            renditions.append({"width": width, "height": height, "type": kind, "path": path})
    with transaction.atomic():
        image = _new_image(picture, name, width=inspected.width, height=inspected.height)
        image.renditions = renditions
        image.crops = make_crops(name, data, focal=image.focal_point)
        image.save(update_fields=["renditions", "crops"])
    return image


def _new_image(picture: PictureDraft, name: str, *, width: int, height: int) -> Image:
    focal_x, focal_y = picture.focal_point or (0.5, 0.5)
    image = Image(
        file=name,
        width=width,
        height=height,
        caption=picture.caption,
        alt_text=picture.alt_text,
        credit=picture.credit,
        source=picture.source,
        focal_x=focal_x,
        focal_y=focal_y,
    )
    image.full_clean()
    image.save()
    return image


def place_pictures(
    article: Article, *, body: str, lead: str, photos: dict[str, Image | None]
) -> None:
    """The lead photo on ``article`` (kept as it was when the lead picture is missing), and
    its ``body`` (with figures naming pictures) with each figure showing its library photo;
    a figure whose picture is missing is dropped."""
    if photos.get(lead) is not None:
        article.lead_image = photos[lead]

    def library_id(ref: int) -> int | None:
        photo = photos.get(picture_name(ref))
        return photo.pk if photo is not None else None

    if "<figure" in body:
        article.body = CleanBody.of(renumber_figures(body, library_id))
