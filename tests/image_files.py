"""Image files for upload tests: good ones, and the damaged or lying ones attackers send."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

GPS_TAG = 0x8825


def jpeg_bytes(size=(800, 600), *, gps=False, comment: bytes = b"") -> bytes:
    image = PILImage.new("RGB", size, (200, 80, 40))
    out = io.BytesIO()
    exif = PILImage.Exif()
    if gps:
        exif[GPS_TAG] = {1: "N", 2: (1.0, 17.0, 0.0), 3: "E", 4: (36.0, 49.0, 0.0)}
        exif[0x010F] = "TestCam"
    options = {"comment": comment} if comment else {}
    image.save(out, "JPEG", exif=exif.tobytes() if gps else b"", **options)
    return out.getvalue()


def png_bytes(size=(300, 200), *, text: dict | None = None) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    PILImage.new("RGB", size, (20, 120, 200)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    """A real JPEG cut off halfway: its header is fine, its picture data is not all there."""
    data = jpeg_bytes((1200, 900))
    return data[: len(data) // 2]


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def header_only_png(width=100_000, height=1) -> bytes:
    """A PNG whose header says 100000x1 pixels, with a few bytes of picture data instead."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + _png_chunk(b"IEND", b"")
    )


def gif_bomb() -> bytes:
    """A few bytes claiming a 65535x65535 GIF canvas."""
    screen = struct.pack("<HHBBB", 65535, 65535, 0, 0, 0)
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, 65535, 65535, 0)
    return b"GIF89a" + screen + image + b"\x02\x02\x44\x01\x00\x3b"


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


# name -> (file name, bytes): each must be refused with a form error, never a 500.
BAD_FILES = {
    "truncated_jpeg": ("cut.jpg", truncated_jpeg),
    "header_only_png": ("wide.png", header_only_png),
    "png_named_jpg": ("really-a-png.jpg", png_bytes),
    "text_named_png": ("notes.png", lambda: b"Meeting notes: nothing to see here.\n" * 20),
    "gif_bomb": ("bomb.gif", gif_bomb),
}


def photo_form(image, **changes) -> dict:
    """The change form as a browser sends it: an untouched file box is sent empty."""
    data = {
        "file": "",
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "source": image.source,
    }
    data.update(changes)
    return data
