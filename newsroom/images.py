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
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

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


def inspect_image(file) -> InspectedImage:
    """Check an uploaded file is a real, reasonably sized JPEG, PNG, WebP or AVIF image."""
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
            with PILImage.open(file) as image:
                format_name = image.format or ""
                width, height = image.size
                if format_name not in ALLOWED_FORMATS:
                    raise ValidationError(
                        "%(format)s images are not accepted; upload a JPEG, PNG, WebP or AVIF.",
                        code="image_format",
                        params={"format": format_name or "This kind of"},
                    )
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        "The image is %(pixels)s megapixels; the limit is %(limit)s.",
                        code="image_too_many_pixels",
                        params={
                            "pixels": f"{width * height / 1e6:.0f}",
                            "limit": f"{settings.IMAGE_MAX_PIXELS / 1e6:.0f}",
                        },
                    )
                # verify() catches truncated and corrupt files that open() accepts.
                image.verify()
        except ValidationError:
            raise
        except PILImage.DecompressionBombError:
            raise ValidationError(
                "The image has too many pixels to be processed safely.",
                code="image_too_many_pixels",
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                "The file is not an image Newsroom can read; upload a JPEG, PNG, WebP or AVIF.",
                code="image_invalid",
            ) from None
    finally:
        file.seek(position)
    return InspectedImage(format=format_name, width=width, height=height)


def validate_image_file(file) -> None:
    """Model-field validator: the same rules for the admin, the importer and the API."""
    inspect_image(file)


def _open_upright(data: bytes) -> PILImage.Image:
    image = PILImage.open(io.BytesIO(data))
    image.load()
    return ImageOps.exif_transpose(image)


def strip_metadata(data: bytes) -> tuple[bytes, str]:
    """Re-encode an image without EXIF (GPS, camera serials) and return (bytes, format)."""
    with PILImage.open(io.BytesIO(data)) as original:
        format_name = original.format or "JPEG"
        icc = original.info.get("icc_profile")
    image = _open_upright(data)
    out = io.BytesIO()
    save_kwargs = {"icc_profile": icc} if icc else {}
    if format_name == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=88, optimize=True, **save_kwargs)
    else:
        image.save(out, format_name, **save_kwargs)
    return out.getvalue(), format_name


def make_renditions(name: str, data: bytes) -> list[dict]:
    """WebP renditions and a JPEG fallback at each width up to the original's, saved once."""
    image = _open_upright(data)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    stem = str(PurePosixPath(name).with_suffix(""))
    widths = [w for w in RENDITION_WIDTHS if w < image.width] + [image.width]
    renditions = []
    for width in sorted(set(widths)):
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), PILImage.Resampling.LANCZOS)
        for format_name, extension, mime in (
            ("WEBP", "webp", "image/webp"),
            ("JPEG", "jpg", "image/jpeg"),
        ):
            out = io.BytesIO()
            frame = resized.convert("RGB") if format_name == "JPEG" else resized
            frame.save(out, format_name, quality=82)
            path = default_storage.save(f"{stem}-{width}.{extension}", ContentFile(out.getvalue()))
            renditions.append({"width": width, "height": height, "type": mime, "path": path})
    return renditions


def clean_upload(upload) -> tuple[ContentFile, bytes]:
    """An upload re-encoded without metadata, named by its real format: (file, bytes)."""
    upload.seek(0)
    data, format_name = strip_metadata(upload.read())
    return ContentFile(data, name=f"upload.{ALLOWED_FORMATS[format_name]}"), data
