"""Uploaded files checked by what they contain, not by their name, and logos kept small.

Validators (deconstructible, so that migrations name them and not the limits they read):

- :class:`DocumentContentValidator`: the content matches the extension. A ``.pdf`` starts with
  ``%PDF-`` and ``pypdf`` finds at least one page in it; a PDF that needs a password to open is
  refused (one encrypted with an empty password, i.e. with only printing or copying restrictions,
  opens for everyone and is accepted). A ``.jpg``/``.jpeg``, ``.png`` or ``.webp`` opens and
  ``verify()``-es with Pillow as JPEG, PNG or WebP, and its pixels decode to the end, so that a
  truncated file is refused (a JPEG is decoded at 1/8 scale, cheap; a PNG or WebP in full, which
  happens only within the field's pixel limit, else the pixels validator speaks). Other
  extensions are left to ``FileExtensionValidator``.
- :class:`MaxUploadSizeValidator`: at most so many bytes.
- :class:`ImagePixelsValidator`: an image has at most so many pixels, read from its header
  before any pixel is decoded (Pillow's own decompression-bomb warning and error become the same
  validation error).

Limits come from settings when they are set (``UPLOAD_MAX_DOCUMENT_BYTES``,
``UPLOAD_MAX_LOGO_BYTES``, ``UPLOAD_MAX_PHOTO_PIXELS`` for the images of document fields,
``UPLOAD_MAX_LOGO_PIXELS``, ``UPLOAD_MAX_IMAGE_PIXELS`` for a validator given no setting,
``LOGO_MAX_SIDE``, ``PHOTO_MAX_SIDE``), else from :data:`DEFAULTS`. The validators check a file
when it is uploaded: a file already stored (an unchanged field on a later save) is not opened
again.

:func:`downscaled_logo` re-encodes a logo at most ``LOGO_MAX_SIDE`` pixels on its longer side,
in its own format, without its metadata (EXIF, GPS); :func:`without_metadata` does the same for
an image document (workshop photo, scanned committee decision) at most ``PHOTO_MAX_SIDE``.
Models using them inherit :class:`ReencodedUploadsMixin`: a new upload is re-encoded in
``clean_fields()``, after its validators passed, so that a picture Pillow cannot decode is an
error on the form's field (never an exception from ``save()``); ``save()`` re-encodes what code
assigned without validating, and a file re-encoded once is marked and not decoded again.
"""

import io
import math
import os
import warnings
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db.models.fields.files import FieldFile
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MEGABYTE = 1024 * 1024

#: Module defaults of the limits, each overridden by the setting of the same name.
DEFAULTS = {
    "UPLOAD_MAX_DOCUMENT_BYTES": 10 * MEGABYTE,
    "UPLOAD_MAX_LOGO_BYTES": 2 * MEGABYTE,
    # Any image checked by a validator given no more specific setting.
    "UPLOAD_MAX_IMAGE_PIXELS": 40_000_000,
    # The image of a document (workshop photo, scanned decision) is decoded to be re-encoded
    # without metadata: like a logo, at most 16 million pixels (a 40-million-pixel RGBA image
    # took a worker from 259 to 462 MB).
    "UPLOAD_MAX_PHOTO_PIXELS": 16_000_000,
    # A logo is decoded once, to be downscaled: 16 million RGBA pixels take 64 MB.
    "UPLOAD_MAX_LOGO_PIXELS": 16_000_000,
    "LOGO_MAX_SIDE": 800,
    "PHOTO_MAX_SIDE": 2400,
}

#: Documents, served to the public: a PDF or a picture (scanned decision, workshop photo), never
#: HTML or SVG that a browser would run.
DOCUMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp"]
#: Logos: a picture in a format every browser and WeasyPrint show.
LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]

#: Pillow's name of the format each image extension promises.
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
FORMAT_LABELS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}

#: Bytes read to tell what a file contains.
SNIFF_BYTES = 2048

#: A JPEG is checked decoded at its smallest scale (1/8): every byte is still read.
JPEG_CHECK_SIZE = (1, 1)

#: Attribute set on a file once it has been re-encoded (see :func:`reencode_new_upload`).
REENCODED = "ctouvertes_reencoded"


def limit(setting):
    """The limit named ``setting``: from settings if set there, else its module default."""
    return getattr(settings, setting, DEFAULTS[setting])


def megabytes(size, round_up=False):
    """``10`` for 10 MB, ``2.5`` for 2.5 MB, in the active language's number format; a file's
    size is rounded up, so that a file just over the limit never reads as the limit itself."""
    tenths = size * 10 / MEGABYTE
    value = (math.ceil(tenths) if round_up else round(tenths)) / 10
    return number_format(int(value) if value == int(value) else value, use_l10n=True)


def millions(count, round_up=False):
    """``40`` for 40 million, like :func:`megabytes`."""
    tenths = count * 10 / 1_000_000
    value = (math.ceil(tenths) if round_up else round(tenths)) / 10
    return number_format(int(value) if value == int(value) else value, use_l10n=True)


def _file_name(value):
    return os.path.basename(getattr(value, "name", "") or "")


def _extension(value):
    return os.path.splitext(_file_name(value))[1].lstrip(".").lower()


def _already_stored(value):
    """A field file that comes from the database, not from an upload: it was checked when it
    was uploaded, and opening it again on every save would only cost time."""
    return isinstance(value, FieldFile) and getattr(value, "_committed", False)


@contextmanager
def _rewound(value):
    """The uploaded file, read from its start and rewound afterwards (storage saves it next)."""
    file = value.file if isinstance(value, FieldFile) else value
    file.seek(0)
    try:
        yield file
    finally:
        file.seek(0)


def describe_content(head):
    """What the first bytes of a file look like, for the error message."""
    stripped = head.lstrip().lower()
    if head.startswith(b"%PDF-"):
        return pgettext_lazy("content of a file", "a PDF document")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return pgettext_lazy("content of a file", "a PNG image")
    if head.startswith(b"\xff\xd8\xff"):
        return pgettext_lazy("content of a file", "a JPEG image")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return pgettext_lazy("content of a file", "a WebP image")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return pgettext_lazy("content of a file", "a GIF image")
    if head.startswith(b"PK\x03\x04"):
        return pgettext_lazy("content of a file", "a ZIP archive or an office document")
    if stripped.startswith(b"\xef\xbb\xbf"):
        stripped = stripped[3:].lstrip()
    if stripped.startswith((b"<?xml", b"<svg")):
        return pgettext_lazy("content of a file", "text/XML or SVG")
    if stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")) or (
        b"<html" in stripped or b"<script" in stripped
    ):
        return pgettext_lazy("content of a file", "text/HTML")
    if not head:
        return pgettext_lazy("content of a file", "empty")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the end of the sample is still text.
        if error.start < len(head) - 4:
            return pgettext_lazy("content of a file", "data of an unknown kind")
    return pgettext_lazy("content of a file", "text")


@contextmanager
def _opened_image(file, value, max_pixels):
    """``Image.open``, which reads only the header. Pillow's decompression-bomb warning is
    silenced (the caller compares the size with its own limit); its error, raised above twice
    ``PIL.Image.MAX_IMAGE_PIXELS`` before the size can be read, becomes a validation error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(file)
        except Image.DecompressionBombError:
            raise ValidationError(
                _("The image “%(name)s” has more than %(limit)s million pixels, the limit."),
                code="too_many_pixels",
                params={"name": _file_name(value), "limit": millions(max_pixels)},
            ) from None
        with image:
            yield image


def _check_pixels(image, value, max_pixels):
    width, height = image.size
    if width * height > max_pixels:
        raise ValidationError(
            _(
                "The image “%(name)s” is %(width)s × %(height)s pixels (%(pixels)s million); "
                "the limit is %(limit)s million pixels."
            ),
            code="too_many_pixels",
            params={
                "name": _file_name(value),
                "width": width,
                "height": height,
                "pixels": millions(width * height, round_up=True),
                "limit": millions(max_pixels),
            },
        )


@deconstructible
class MaxUploadSizeValidator:
    """At most ``max_bytes`` bytes, or the limit of the setting ``setting``."""

    def __init__(self, max_bytes=None, setting="UPLOAD_MAX_DOCUMENT_BYTES"):
        self.max_bytes = max_bytes
        self.setting = setting

    @property
    def limit(self):
        return self.max_bytes if self.max_bytes is not None else limit(self.setting)

    def __call__(self, value):
        if _already_stored(value):
            return
        size = value.size
        if size > self.limit:
            raise ValidationError(
                _("The file “%(name)s” is %(size)s MB; the limit is %(limit)s MB."),
                code="file_too_large",
                params={
                    "name": _file_name(value),
                    "size": megabytes(size, round_up=True),
                    "limit": megabytes(self.limit),
                },
            )

    def __eq__(self, other):
        return (
            isinstance(other, MaxUploadSizeValidator)
            and self.max_bytes == other.max_bytes
            and self.setting == other.setting
        )


@deconstructible
class ImagePixelsValidator:
    """An image (by its extension) of at most ``max_pixels`` pixels, or the limit of the setting
    ``setting``, read from the header: no pixel is decoded."""

    def __init__(self, max_pixels=None, setting="UPLOAD_MAX_IMAGE_PIXELS"):
        self.max_pixels = max_pixels
        self.setting = setting

    @property
    def limit(self):
        return self.max_pixels if self.max_pixels is not None else limit(self.setting)

    def __call__(self, value):
        if _already_stored(value) or _extension(value) not in IMAGE_FORMATS:
            return
        with _rewound(value) as file:
            try:
                with _opened_image(file, value, self.limit) as image:
                    _check_pixels(image, value, self.limit)
            except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
                # Not an image: DocumentContentValidator says so.
                return

    def __eq__(self, other):
        return (
            isinstance(other, ImagePixelsValidator)
            and self.max_pixels == other.max_pixels
            and self.setting == other.setting
        )


@deconstructible
class DocumentContentValidator:
    """The content is what the extension says: a PDF with pages, or a JPEG, PNG or WebP image
    that Pillow opens, verifies and decodes. An image over the pixel limit of the setting
    ``pixels_setting`` is not decoded (:class:`ImagePixelsValidator` refuses it)."""

    def __init__(self, pixels_setting="UPLOAD_MAX_IMAGE_PIXELS"):
        self.pixels_setting = pixels_setting

    def __call__(self, value):
        if _already_stored(value):
            return
        extension = _extension(value)
        if extension == "pdf":
            self._check_pdf(value)
        elif extension in IMAGE_FORMATS:
            self._check_image(value, IMAGE_FORMATS[extension])

    def __eq__(self, other):
        return (
            isinstance(other, DocumentContentValidator)
            and self.pixels_setting == other.pixels_setting
        )

    def _check_pdf(self, value):
        params = {"name": _file_name(value)}
        with _rewound(value) as file:
            head = file.read(SNIFF_BYTES)
            if not head.startswith(b"%PDF-"):
                raise ValidationError(
                    _("The file “%(name)s” is not a PDF: its content is %(content)s."),
                    code="not_a_pdf",
                    params={**params, "content": describe_content(head)},
                )
            file.seek(0)
            try:
                reader = PdfReader(file, strict=False)
                if reader.is_encrypted and not self._opens_without_password(reader):
                    raise ValidationError(
                        _(
                            "The PDF “%(name)s” is protected by a password: upload a copy that "
                            "opens without one."
                        ),
                        code="encrypted_pdf",
                        params=params,
                    )
                page_count = len(reader.pages)
            except ValidationError:
                raise
            except Exception:  # pypdf raises many kinds of errors on a damaged file.
                page_count = None
        if not page_count:
            raise ValidationError(
                _(
                    "The file “%(name)s” starts like a PDF but no page can be read from it: it "
                    "is damaged or incomplete."
                ),
                code="damaged_pdf",
                params=params,
            )

    @staticmethod
    def _opens_without_password(reader):
        try:
            return bool(reader.decrypt(""))
        except (PyPdfError, NotImplementedError):
            # PdfReadError, or DependencyError: AES needs a library the portal does not install.
            return False

    def _check_image(self, value, expected):
        params = {"name": _file_name(value), "expected": FORMAT_LABELS[expected]}
        with _rewound(value) as file:
            head = file.read(SNIFF_BYTES)
            file.seek(0)
            try:
                with warnings.catch_warnings():
                    # Too many pixels is ImagePixelsValidator's message; verify() decodes none.
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                    with Image.open(file) as image:
                        found = image.format
                        width, height = image.size
                        image.verify()
                    if found == expected and width * height <= limit(self.pixels_setting):
                        self._decode(file)
            except Image.DecompressionBombError:
                return  # ImagePixelsValidator reports the pixels.
            except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
                if _sniffed_format(head) == expected:
                    raise ValidationError(
                        _("The image “%(name)s” cannot be read: it is damaged or incomplete."),
                        code="damaged_image",
                        params={"name": _file_name(value)},
                    ) from None
                found = None
        if found != expected:
            raise ValidationError(
                _("The file “%(name)s” is not a %(expected)s image: its content is %(content)s."),
                code="wrong_image_format",
                params={**params, "content": describe_content(head)},
            )

    @staticmethod
    def _decode(file):
        """Decode the pixels (verify() decodes none): a truncated file raises ``OSError``."""
        file.seek(0)
        with Image.open(file) as image:
            if image.format == "JPEG":
                image.draft(None, JPEG_CHECK_SIZE)
            _load_whole(image)


def _load_whole(image):
    """``image.load()``, raising ``OSError`` when the file ends before its pixels do.

    WeasyPrint sets ``PIL.ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process when it is
    imported: Pillow then completes a truncated JPEG with grey instead of raising, and only
    marks the image (``_ended``, set when it appended the missing end marker). A truncated PNG
    fails ``verify()`` either way; a truncated WebP does not decode either way."""
    image.load()
    if getattr(image, "_ended", False):
        raise OSError("image file is truncated")


def _sniffed_format(head):
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def document_validators():
    """The validators of an uploaded document (PDF or picture)."""
    return [
        FileExtensionValidator(DOCUMENT_EXTENSIONS),
        MaxUploadSizeValidator(setting="UPLOAD_MAX_DOCUMENT_BYTES"),
        DocumentContentValidator(pixels_setting="UPLOAD_MAX_PHOTO_PIXELS"),
        ImagePixelsValidator(setting="UPLOAD_MAX_PHOTO_PIXELS"),
    ]


def logo_validators():
    """The validators of an uploaded logo (a picture, downscaled when saved)."""
    return [
        FileExtensionValidator(LOGO_EXTENSIONS),
        MaxUploadSizeValidator(setting="UPLOAD_MAX_LOGO_BYTES"),
        DocumentContentValidator(pixels_setting="UPLOAD_MAX_LOGO_PIXELS"),
        ImagePixelsValidator(setting="UPLOAD_MAX_LOGO_PIXELS"),
    ]


# Logos ------------------------------------------------------------------------------------------

#: Pillow format -> (extension of the stored file, save options).
LOGO_ENCODINGS = {
    "PNG": ("png", {"optimize": True}),
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}
PNG_MODES = ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16")


def downscaled_logo(file, max_side=None, max_pixels=None):
    """A :class:`ContentFile` of the logo ``file`` at most ``max_side`` pixels on its longer
    side (aspect ratio kept; never enlarged), turned upright by its EXIF orientation and
    re-encoded in its own format (PNG, JPEG or WebP; any other becomes PNG) with no metadata.

    Raises :class:`ValidationError` when the file is not an image Pillow agrees to decode;
    ``max_pixels`` (by default the logo limit) is the limit its message names when Pillow
    refuses to open a decompression bomb.
    """
    max_side = max_side or limit("LOGO_MAX_SIDE")
    max_pixels = max_pixels or limit("UPLOAD_MAX_LOGO_PIXELS")
    name = _file_name(file)
    source = file.file if isinstance(file, FieldFile) else file
    source.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow still refuses (DecompressionBombError) above twice its own limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                # JPEG: decode at 1/2, 1/4 or 1/8 scale straight away when that is enough.
                image.draft(None, (max_side, max_side))
                _load_whole(image)
                # In place: no second copy of the full-size picture in memory.
                ImageOps.exif_transpose(image, in_place=True)
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
                data, extension = _encoded_logo(image)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise ValidationError(
            _("The image “%(name)s” cannot be read: it is damaged or incomplete."),
            code="damaged_image",
            params={"name": name},
        ) from error
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("The image “%(name)s” has more than %(limit)s million pixels, the limit."),
            code="too_many_pixels",
            params={"name": name, "limit": millions(max_pixels)},
        ) from error
    finally:
        source.seek(0)
    stem = os.path.splitext(name)[0] or "logo"
    return ContentFile(data, name=f"{stem}.{extension}")


def without_metadata(file):
    """An image ``file`` (a workshop photo, a scanned decision) re-encoded without its
    metadata (EXIF with the camera's GPS position, XMP, comments), upright and at most
    ``PHOTO_MAX_SIDE`` pixels on its longer side; a PDF or a file already stored unchanged."""
    if _already_stored(file) or _extension(file) not in IMAGE_FORMATS:
        return file
    return downscaled_logo(
        file, max_side=limit("PHOTO_MAX_SIDE"), max_pixels=limit("UPLOAD_MAX_PHOTO_PIXELS")
    )


def _encoded_logo(image):
    """``(bytes, extension)`` of ``image`` in its own format (PNG if not PNG, JPEG or WebP),
    with only what draws the picture: no EXIF, XMP, comments or text chunks."""
    image_format = image.format if image.format in LOGO_ENCODINGS else "PNG"
    extension, options = LOGO_ENCODINGS[image_format]
    if image_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    elif image_format == "PNG" and image.mode not in PNG_MODES:
        image = image.convert("RGBA")
    kept = {key: image.info[key] for key in ("transparency", "icc_profile") if key in image.info}
    image.info = dict(kept)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options, **kept)
    return buffer.getvalue(), extension


# Re-encoding where its failure is a form error ---------------------------------------------------


def reencode_new_upload(instance, field_name, reencode):
    """Replace the file just assigned to ``instance.<field_name>`` by ``reencode(file)``, once:
    the result is marked, and a file already stored or already re-encoded is left alone."""
    file = getattr(instance, field_name)
    if not file or _already_stored(file):
        return
    content = file.file if isinstance(file, FieldFile) else file
    if getattr(content, REENCODED, False):
        return
    reencoded = reencode(file)
    setattr(reencoded.file if isinstance(reencoded, FieldFile) else reencoded, REENCODED, True)
    setattr(instance, field_name, reencoded)


class ReencodedUploadsMixin:
    """For a model whose uploads are re-encoded before they are stored.

    ``reencoded_uploads`` maps a file field's name to the function that re-encodes a new upload
    (:func:`downscaled_logo`, :func:`without_metadata`). The re-encoding happens in
    ``clean_fields()`` when the field's validators passed (the pixel limit is checked before
    anything is decoded), so that ModelForms (the admin) show its failure on the field;
    ``save()`` re-encodes only what was assigned by code without ``full_clean()``."""

    reencoded_uploads = {}

    def clean_fields(self, exclude=None):
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.error_dict
        else:
            errors = {}
        for name, reencode in self.reencoded_uploads.items():
            if name in errors or (exclude and name in exclude):
                continue
            try:
                reencode_new_upload(self, name, reencode)
            except ValidationError as error:
                errors[name] = error.error_list
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        for name, reencode in self.reencoded_uploads.items():
            reencode_new_upload(self, name, reencode)
        super().save(*args, **kwargs)
