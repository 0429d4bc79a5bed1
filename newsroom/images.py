"""Uploaded images: validation, safe storage names, metadata stripping and renditions.

Shared by the photo library (``articles.Image``) and people's portraits. Pillow decides what
a file is, never its name or the browser's content type.
"""

import io
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from PIL import ExifTags, ImageOps, UnidentifiedImageError
from PIL import Image as PILImage

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)


def image_upload_to(instance, filename: str) -> str:
    """A generated name: the uploader's file name never reaches storage or a URL."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    if extension not in ALLOWED_FORMATS.values() and extension != "jpeg":
        extension = "bin"
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


@dataclass(frozen=True)
class InspectedImage:
    format: str
    width: int
    height: int


# What a file may be called for each format it really is.
EXTENSIONS = {
    "JPEG": {"jpg", "jpeg", "jpe", "jfif"},
    "PNG": {"png"},
    "WEBP": {"webp"},
    "AVIF": {"avif"},
}
UNREADABLE = "The file is not an image Newsroom can read; upload a JPEG, PNG, WebP or AVIF."


def inspect_image(file, *, stored: bool = False) -> InspectedImage:
    """Check an uploaded file is a real, reasonably sized JPEG, PNG, WebP or AVIF image.

    The size in pixels is read from the header before any decoding; then the whole picture
    is decoded once, so a truncated or corrupt file is refused here, with a form error,
    rather than failing later while it is stored. A file already ``stored`` (fully checked
    on its way in, under a name we generated) has only its header checked again.
    """
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            "The file is %(size)s MB; the limit is %(limit)s MB.",
            code="image_too_large",
            params={
                "size": f"{size / 1048576:.1f}",
                "limit": f"{settings.IMAGE_MAX_BYTES / 1048576:.0f}",
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(512)
        file.seek(0)
        if b"<svg" in head.lower() or head.lstrip().startswith(b"<"):
            raise ValidationError(
                "SVG and other text formats are not accepted; upload a JPEG, PNG, WebP or AVIF.",
                code="image_svg",
            )
        try:
            # open() reads only the header: the format and the size in pixels.
            with PILImage.open(file) as image:
                format_name = image.format or ""
                width, height = image.size
                name = None if stored else getattr(file, "name", None)
                _check_header(format_name, width, height, name=name)
                if not stored:
                    image.load()
                    # Storing reads the EXIF orientation to turn the picture upright.
                    image.getexif().get(ExifTags.Base.Orientation)
        except ValidationError:
            raise
        except PILImage.DecompressionBombError:
            raise ValidationError(
                "The image has too many pixels to be processed safely.",
                code="image_too_many_pixels",
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            # UnidentifiedImageError is an OSError. Pillow says "image file is truncated",
            # "broken data stream" and the like for damaged files.
            if isinstance(error, UnidentifiedImageError) or stored:
                raise ValidationError(UNREADABLE, code="image_invalid") from None
            raise ValidationError(
                "The image is damaged or incomplete: Newsroom could not read all of its "
                "picture. Export it again and upload the new file.",
                code="image_damaged",
            ) from None
        except Exception:
            # Any other failure inside a decoder is still the file's fault, not the server's.
            raise ValidationError(UNREADABLE, code="image_invalid") from None
    finally:
        file.seek(position)
    return InspectedImage(format=format_name, width=width, height=height)


def _check_header(format_name: str, width: int, height: int, *, name: str | None) -> None:
    if format_name not in ALLOWED_FORMATS:
        raise ValidationError(
            "%(format)s images are not accepted; upload a JPEG, PNG, WebP or AVIF.",
            code="image_format",
            params={"format": format_name or "This kind of"},
        )
    extension = PurePosixPath(name or "").suffix.lower().lstrip(".")
    if extension and extension not in EXTENSIONS[format_name]:
        # A file whose name lies about its content is refused rather than guessed at.
        raise ValidationError(
            "The file is named .%(extension)s but is a %(format)s image; rename it to "
            ".%(expected)s or export it again.",
            code="image_wrong_extension",
            params={
                "extension": extension,
                "format": format_name,
                "expected": ALLOWED_FORMATS[format_name],
            },
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise ValidationError(
            "The image is %(pixels)s megapixels; the limit is %(limit)s.",
            code="image_too_many_pixels",
            params={
                "pixels": f"{width * height / 1e6:.1f}",
                "limit": f"{settings.IMAGE_MAX_PIXELS / 1e6:.0f}",
            },
        )


def validate_image_file(file) -> None:
    """Model-field validator: the same rules for the admin, the importer and the API."""
    if isinstance(file, FieldFile) and file._committed:
        # Already in storage: a change form saving only its words, or a restored library.
        # It was fully checked when it was stored; check its header again, read afresh
        # (Django measured it for width_field and closed it), without decoding it again.
        try:
            with file.storage.open(file.name, "rb") as stored:
                inspect_image(stored, stored=True)
        except FileNotFoundError:
            # Media not restored with the database, say: a form error, not a server error.
            raise ValidationError(
                "The stored file of this picture is missing; upload it again or clear it.",
                code="image_missing",
            ) from None
        return
    inspect_image(file)


# What a re-encoded picture keeps besides its pixels: how its colours and transparency are
# meant. Everything else Pillow read (EXIF with GPS and camera serials, XMP, JPEG comment
# segments, PNG text chunks, DPI) is dropped: Pillow's JPEG writer, for one, copies a file's
# comment into the new file unless it is removed from ``info``.
KEPT_INFO = ("icc_profile", "transparency")


def _open_upright(data: bytes) -> PILImage.Image:
    """The decoded picture, turned the way its EXIF says, with no metadata left in ``info``."""
    image = PILImage.open(io.BytesIO(data))
    image.load()
    image = ImageOps.exif_transpose(image)
    image.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
    return image


def strip_metadata(data: bytes) -> tuple[bytes, str]:
    """Re-encode an image with only its pixels, colour profile and transparency: no EXIF,
    XMP, comments or text chunks. Returns (bytes, format)."""
    with PILImage.open(io.BytesIO(data)) as original:
        format_name = original.format or "JPEG"
    image = _open_upright(data)
    options = {}
    if format_name == "JPEG":
        options = {"quality": 88, "optimize": True}
        if image.mode != "RGB":
            # A CMYK file's colour profile describes CMYK: it no longer applies.
            image = image.convert("RGB")
            image.info = {}
    kept = dict(image.info)
    image.info = {}
    out = io.BytesIO()
    image.save(out, format_name, **options, **kept)
    return out.getvalue(), format_name


def make_renditions(name: str, data: bytes) -> list[dict]:
    """WebP renditions and a JPEG fallback at each width up to the original's (at most the
    largest rendition width), saved once, narrowest first."""
    image = _open_upright(data)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    stem = str(PurePosixPath(name).with_suffix(""))
    renditions = []
    source = image
    for width in sorted({min(w, image.width) for w in RENDITION_WIDTHS}, reverse=True):
        height = max(1, round(image.height * width / image.width))
        # Each rendition is made from the next wider one, so only the first reads every
        # pixel of the original, and that one shrinks by a whole factor before resampling
        # (reducing_gap): a 40 MP RGBA PNG took 24 s before, 4 s now (a loaded 2-core machine).
        source = source.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=2.0)
        for format_name, extension, mime in (
            ("WEBP", "webp", "image/webp"),
            ("JPEG", "jpg", "image/jpeg"),
        ):
            out = io.BytesIO()
            frame = source.convert("RGB") if format_name == "JPEG" else source
            frame.save(out, format_name, quality=82)
            path = default_storage.save(f"{stem}-{width}.{extension}", ContentFile(out.getvalue()))
            renditions.append({"width": width, "height": height, "type": mime, "path": path})
    return sorted(renditions, key=lambda rendition: rendition["width"])


def clean_upload(upload) -> tuple[ContentFile, bytes]:
    """An upload re-encoded without metadata, named by its real format: (file, bytes)."""
    upload.seek(0)
    data, format_name = strip_metadata(upload.read())
    return ContentFile(data, name=f"upload.{ALLOWED_FORMATS[format_name]}"), data


# Crops made from every photo, around its focal point: ratio name -> (width, height) of the
# ratio, and the widths made. "social" is the link-preview card (og:image, twitter:image);
# 16:9, 4:3 and 1:1 at 1200 px are what Google asks for in a NewsArticle's JSON-LD ``image``.
CROPS = {
    "16:9": ((16, 9), (640, 1200)),
    "4:3": ((4, 3), (640, 1200)),
    "1:1": ((1, 1), (640, 1200)),
    "4:5": ((4, 5), (640, 1200)),
    "social": ((1200, 630), (1200,)),
}


def crop_box(
    width: int, height: int, ratio: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of ``ratio`` inside a ``width`` x ``height`` picture, centred on the
    focal point (fractions of the width and height) as far as the edges allow: (left, top,
    right, bottom)."""
    ratio_w, ratio_h = ratio
    if width * ratio_h > height * ratio_w:  # wider than the ratio: cut the sides
        box_w, box_h = max(1, round(height * ratio_w / ratio_h)), height
    else:  # taller: cut the top and bottom
        box_w, box_h = width, max(1, round(width * ratio_h / ratio_w))
    focal_x, focal_y = focal
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def make_crops(name: str, data: bytes, *, focal: tuple[float, float]) -> dict[str, list[dict]]:
    """JPEG crops of each ratio in CROPS around the focal point, at each width the picture
    allows (a narrow original gets its own width), saved once: ratio -> renditions,
    narrowest first."""
    image = _open_upright(data)
    if image.mode != "RGB":
        image = image.convert("RGB")
    stem = str(PurePosixPath(name).with_suffix(""))
    crops: dict[str, list[dict]] = {}
    for ratio_name, (ratio, widths) in CROPS.items():
        box = crop_box(image.width, image.height, ratio, focal)
        region = image.crop(box)
        made = []
        for width in sorted({min(w, region.width) for w in widths}):
            height = max(1, round(width * ratio[1] / ratio[0]))
            out = io.BytesIO()
            region.resize((width, height), PILImage.Resampling.LANCZOS, reducing_gap=2.0).save(
                out, "JPEG", quality=82
            )
            slug = ratio_name.replace(":", "x")
            path = default_storage.save(f"{stem}-{slug}-{width}.jpg", ContentFile(out.getvalue()))
            made.append({"width": width, "height": height, "type": "image/jpeg", "path": path})
        crops[ratio_name] = made
    return crops


# Portraits: square, a little above the middle (where faces usually are), small sizes.
PORTRAIT_WIDTHS = (64, 160, 320, 640)
PORTRAIT_FOCAL_POINT = (0.5, 0.35)


def make_portrait_renditions(name: str, data: bytes) -> list[dict]:
    """Square JPEG renditions of a portrait at each of PORTRAIT_WIDTHS the picture allows,
    saved once, narrowest first."""
    image = _open_upright(data)
    if image.mode != "RGB":
        image = image.convert("RGB")
    square = image.crop(crop_box(image.width, image.height, (1, 1), PORTRAIT_FOCAL_POINT))
    stem = str(PurePosixPath(name).with_suffix(""))
    renditions = []
    for width in sorted({min(w, square.width) for w in PORTRAIT_WIDTHS}):
        out = io.BytesIO()
        square.resize((width, width), PILImage.Resampling.LANCZOS, reducing_gap=2.0).save(
            out, "JPEG", quality=85
        )
        path = default_storage.save(f"{stem}-square-{width}.jpg", ContentFile(out.getvalue()))
        renditions.append({"width": width, "height": width, "type": "image/jpeg", "path": path})
    return renditions
