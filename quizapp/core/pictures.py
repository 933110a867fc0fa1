"""Pictures a teacher uploads for questions: checked by what the bytes are, and drawn again.

A file is accepted when Pillow reads it as PNG, JPEG, WebP or GIF, whatever its name says. It is
decoded and encoded afresh, so what is stored and served is pixels only: no EXIF (no GPS position,
no camera serial), no comments, no colour profile, nothing a crafted file could smuggle past the
decoder. A photo is first turned as its EXIF orientation says, as the note is dropped with the
rest. A picture larger than `MAX_SIDE` on a side is scaled down; one that declares more pixels
than `MAX_PIXELS` is refused before it is decoded (a "decompression bomb").
A GIF keeps only its first frame, as a PNG: questions show still pictures.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass
from io import BytesIO

from PIL import Image, ImageOps, UnidentifiedImageError

from quizapp.core import limits

# Content (Pillow's format name) -> what is stored: the format, its extension and media type.
_STORED = {
    "PNG": ("PNG", "png", "image/png"),
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "WEBP": ("WEBP", "webp", "image/webp"),
    "GIF": ("PNG", "png", "image/png"),
}
MEDIA_TYPES = {ext: media for _, ext, media in _STORED.values()}
EXTENSIONS = {media: ext for ext, media in MEDIA_TYPES.items()}
SCHEME = "picture:"  # how question text names a picture: ![alt](picture:<name>)
# A stored picture's name: its SHA-256 and extension. Text refers to it as `picture:<name>`.
NAME = re.compile(r"[0-9a-f]{64}\.(?:png|jpg|webp)")
ACCEPTED = "PNG, JPEG, WebP or GIF"


class PictureRefused(ValueError):
    """Why an upload cannot be a picture, in words for the teacher."""


@dataclass(frozen=True)
class Picture:
    name: str  # <sha256 of data>.<ext>
    sha256: str
    media_type: str
    width: int
    height: int
    data: bytes


def _open(data: bytes) -> Image.Image:
    if len(data) > limits.PICTURE_UPLOAD_BYTES:
        megabytes = limits.PICTURE_UPLOAD_BYTES // (1024 * 1024)
        raise PictureRefused(f"That file is larger than {megabytes} MB.")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(BytesIO(data), formats=list(_STORED))
            width, height = image.size
            if width * height > limits.PICTURE_MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise PictureRefused(
            "That picture declares more pixels than a question can show; "
            "scale it down and upload it again."
        ) from bomb
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as unreadable:
        raise PictureRefused(
            f"That file is not a picture quizapp can show: upload a {ACCEPTED} image."
        ) from unreadable
    return image


def _upright(image: Image.Image) -> Image.Image:
    """The picture turned the way its EXIF orientation says it was taken (a phone's photo held
    upright is stored sideways with a note to turn it), since the note goes with the metadata."""
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, TypeError, KeyError, IndexError):
        return image  # a broken EXIF block: the pixels as stored


def _pixels(image: Image.Image, fmt: str) -> Image.Image:
    image.seek(0)  # a GIF's first frame
    upright = _upright(image)
    if fmt == "JPEG":
        pixels = upright.convert("RGB")
    elif upright.mode in {"RGB", "RGBA", "L", "LA"}:
        pixels = upright.copy()
    else:
        pixels = upright.convert("RGBA")
    if max(pixels.size) > limits.PICTURE_MAX_SIDE:
        pixels.thumbnail((limits.PICTURE_MAX_SIDE, limits.PICTURE_MAX_SIDE))
    # Pillow writes some of what it read (a JPEG comment, a colour profile) back on save.
    pixels.info = {}
    return pixels


def prepare(data: bytes) -> Picture:
    """The upload as a stored picture, drawn afresh without metadata; PictureRefused if it is
    not a PNG, JPEG, WebP or GIF, is too large, or declares too many pixels."""
    image = _open(data)
    fmt, ext, media = _STORED[str(image.format)]
    pixels = _pixels(image, fmt)
    out = BytesIO()
    if fmt == "JPEG":
        pixels.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "WEBP":
        pixels.save(out, "WEBP", quality=85)
    else:
        pixels.save(out, "PNG", optimize=True)
    stored = out.getvalue()
    digest = hashlib.sha256(stored).hexdigest()
    width, height = pixels.size
    return Picture(f"{digest}.{ext}", digest, media, width, height, stored)
