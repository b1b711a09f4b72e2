"""Uploads checked by their content, within size and pixel limits; logos stored small and
without metadata (``ctouvertes/uploads.py``, on every file field: workshop documents,
committee decisions, member logos).

The validators' messages are checked in English (the source language); the admin pages are
requested in French and their expected messages rebuilt with ``gettext``. Every file is
written under a temporary ``MEDIA_ROOT``.
"""

import datetime
import io
import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import ExifTags, Image, ImageFile
from pypdf import PdfWriter

from consultations.models import EventDocument
from ctouvertes import uploads
from network.models import Member
from programmes.models import Committee

from .consultations.helpers import make_event, make_station
from .consultations.test_admin import form_data
from .network.test_admin_members import change_data
from .programmes.helpers import make_programme

MB = 1024 * 1024
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def in_french():
    with translation.override("fr"):
        yield


# Files ------------------------------------------------------------------------------------------


def image_bytes(size=(40, 30), mode="RGB", image_format="PNG", color="navy", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, color if mode != "1" else 0).save(buffer, image_format, **options)
    return buffer.getvalue()


def noise_png(side):
    """A PNG that does not compress: about 3 bytes per pixel."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def noise_image(image_format, size=(600, 400)):
    """An image that does not compress, so that a third of it stops amid its pixels."""
    noise = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    noise.save(buffer, image_format)
    return buffer.getvalue()


def truncated(content):
    """The first third of a file, as an interrupted upload or copy leaves it."""
    return content[: len(content) // 3]


def pdf_bytes(pages=1, user_password=None):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if user_password is not None:
        writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def jpeg_with_gps(size=(60, 40), orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (35.0, 16.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 56.0, 3.0)
    return image_bytes(size, image_format="JPEG", exif=exif)


def upload(name, content):
    return SimpleUploadedFile(name, content)


def document_errors(name, content):
    """Messages of every validator of the workshop-document field on an upload."""
    field = EventDocument._meta.get_field("file")
    messages = []
    for validator in field.validators:
        try:
            validator(upload(name, content))
        except ValidationError as error:
            messages.extend(error.messages)
    return messages


def logo_errors(name, content):
    field = Member._meta.get_field("logo")
    messages = []
    for validator in field.validators:
        try:
            validator(upload(name, content))
        except ValidationError as error:
            messages.extend(error.messages)
    return messages


# Documents: content matches the extension --------------------------------------------------------


def test_html_renamed_pdf_is_refused_as_text_html(in_english):
    assert document_errors("minutes.pdf", HTML) == [
        "The file “minutes.pdf” is not a PDF: its content is text/HTML."
    ]


def test_text_renamed_jpg_is_refused_as_text(in_english):
    assert document_errors("photo.jpg", b"just some words\n") == [
        "The file “photo.jpg” is not a JPEG image: its content is text."
    ]


def test_a_png_renamed_jpg_is_refused_as_a_png(in_english):
    assert document_errors("photo.jpg", image_bytes()) == [
        "The file “photo.jpg” is not a JPEG image: its content is a PNG image."
    ]


def test_an_svg_renamed_png_is_refused(in_english):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert document_errors("logo.png", svg) == [
        "The file “logo.png” is not a PNG image: its content is text/XML or SVG."
    ]


def test_an_empty_pdf_is_refused(in_english):
    assert document_errors("empty.pdf", b"") == [
        "The file “empty.pdf” is not a PDF: its content is empty."
    ]


@pytest.mark.parametrize(
    "name, content",
    [
        ("minutes.pdf", pdf_bytes()),
        ("minutes.pdf", pdf_bytes(pages=3)),
        ("restricted.pdf", pdf_bytes(user_password="")),
        ("photo.png", image_bytes()),
        ("photo.jpg", image_bytes(image_format="JPEG")),
        ("photo.JPEG", image_bytes(image_format="JPEG")),
        ("photo.webp", image_bytes(image_format="WEBP")),
    ],
)
def test_real_pdfs_and_images_are_accepted(name, content):
    assert document_errors(name, content) == []


def test_a_truncated_pdf_is_refused_as_damaged(in_english):
    assert document_errors("scan.pdf", pdf_bytes()[:120]) == [
        "The file “scan.pdf” starts like a PDF but no page can be read from it: it is damaged "
        "or incomplete."
    ]


def test_a_pdf_that_needs_a_password_is_refused(in_english):
    assert document_errors("decision.pdf", pdf_bytes(user_password="secret")) == [
        "The PDF “decision.pdf” is protected by a password: upload a copy that opens without one."
    ]


def test_a_truncated_png_is_refused_as_damaged(in_english):
    assert document_errors("photo.png", image_bytes((200, 200))[:60]) == [
        "The image “photo.png” cannot be read: it is damaged or incomplete."
    ]


@pytest.mark.parametrize("load_truncated_images", [False, True])
@pytest.mark.parametrize(
    "name, image_format", [("photo.jpg", "JPEG"), ("photo.png", "PNG"), ("photo.webp", "WEBP")]
)
def test_an_image_cut_to_a_third_is_refused_as_damaged(
    in_english, monkeypatch, name, image_format, load_truncated_images
):
    """Pillow's verify() reads no JPEG pixel: the validator decodes them (at 1/8 scale), also
    when WeasyPrint has told Pillow to accept truncated images (it does so on import)."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", load_truncated_images)
    assert document_errors(name, truncated(noise_image(image_format))) == [
        f"The image “{name}” cannot be read: it is damaged or incomplete."
    ]


def test_an_html_file_keeps_its_extension_error_only(in_english):
    # The extension validator speaks; the content validators do not repeat it.
    errors = document_errors("page.html", HTML)
    assert len(errors) == 1
    assert "“html”" in errors[0]


# Documents: size and pixels ---------------------------------------------------------------------


def test_a_document_over_the_size_limit_is_refused(in_english, settings):
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 2 * MB
    content = pdf_bytes() + b"%" * (2 * MB)  # A real PDF, padded with a comment.
    assert document_errors("scan.pdf", content) == [
        "The file “scan.pdf” is 2.1 MB; the limit is 2 MB."
    ]


def test_the_default_document_limit_is_10_mb(in_english):
    validator = uploads.MaxUploadSizeValidator(setting="UPLOAD_MAX_DOCUMENT_BYTES")
    validator(upload("scan.pdf", b"%" * (10 * MB)))
    with pytest.raises(ValidationError) as error:
        validator(upload("scan.pdf", b"%" * (10 * MB + 1)))
    assert error.value.messages == ["The file “scan.pdf” is 10.1 MB; the limit is 10 MB."]


def test_a_photo_document_of_10000_by_10000_pixels_is_refused_from_its_header(in_english):
    content = image_bytes((10_000, 10_000), mode="1")
    assert len(content) < 100_000  # Small on disk: only decoding it would cost memory.
    assert document_errors("photo.png", content) == [
        "The image “photo.png” is 10000 × 10000 pixels (100 million); the limit is 16 million "
        "pixels."
    ]


def test_a_photo_document_has_at_most_16_million_pixels(in_english):
    """A photo is decoded once to lose its metadata: like a logo, 16 million pixels at most."""
    assert document_errors("photo.png", image_bytes((4000, 4000), mode="1")) == []
    assert document_errors("photo.png", image_bytes((4001, 4000), mode="1")) == [
        "The image “photo.png” is 4001 × 4000 pixels (16.1 million); the limit is 16 million "
        "pixels."
    ]


def test_the_pixel_limit_comes_from_the_settings(in_english, settings):
    settings.UPLOAD_MAX_PHOTO_PIXELS = 1_000_000
    assert document_errors("photo.png", image_bytes((1000, 1000), mode="1")) == []
    assert document_errors("photo.png", image_bytes((1001, 1000), mode="1")) == [
        "The image “photo.png” is 1001 × 1000 pixels (1.1 million); the limit is 1 million pixels."
    ]
    # A PDF has no pixels to decode: the photo limit does not apply to it.
    assert document_errors("minutes.pdf", pdf_bytes(pages=3)) == []


def test_an_image_beyond_pillows_own_bomb_limit_is_a_validation_error(in_english):
    # 20,000 x 10,000: over twice PIL.Image.MAX_IMAGE_PIXELS, where Image.open itself raises.
    content = image_bytes((20_000, 10_000), mode="1")
    assert document_errors("photo.png", content) == [
        "The image “photo.png” has more than 16 million pixels, the limit."
    ]


def test_validators_deconstruct_to_the_setting_not_the_limit(settings):
    """Changing a limit in the settings must not ask for a migration."""
    field = EventDocument._meta.get_field("file")
    before = field.deconstruct()
    settings.UPLOAD_MAX_DOCUMENT_BYTES = 1
    settings.UPLOAD_MAX_PHOTO_PIXELS = 1
    assert field.deconstruct() == before
    assert uploads.MaxUploadSizeValidator(setting="UPLOAD_MAX_LOGO_BYTES") != (
        uploads.MaxUploadSizeValidator(setting="UPLOAD_MAX_DOCUMENT_BYTES")
    )
    assert uploads.DocumentContentValidator() == uploads.DocumentContentValidator()


def test_the_committee_decision_is_checked_by_content(in_english, beni_ensar):
    committee = Committee(member=beni_ensar, decision_document=upload("decision.pdf", HTML))
    with pytest.raises(ValidationError) as error:
        committee.full_clean()
    assert error.value.message_dict["decision_document"] == [
        "The file “decision.pdf” is not a PDF: its content is text/HTML."
    ]
    committee.decision_document = upload("decision.pdf", pdf_bytes())
    committee.full_clean()


def test_a_stored_document_is_not_checked_again_on_a_later_save(beni_ensar, media_root):
    """Files stored before these checks (or under an older limit) do not block other edits."""
    committee = Committee.objects.create(
        member=beni_ensar, decision_document=ContentFile(b"legacy scan", name="old.pdf")
    )
    committee = Committee.objects.get(pk=committee.pk)
    committee.signatory = "رئيس المجلس"
    committee.full_clean()
    committee.save()
    assert Committee.objects.get(pk=committee.pk).signatory == "رئيس المجلس"


# Logos ------------------------------------------------------------------------------------------


def stored_image(field_file):
    with Image.open(field_file.path) as image:
        image.load()
        return image


def test_a_large_logo_is_stored_at_most_800_pixels_keeping_its_shape(beni_ensar, media_root):
    beni_ensar.logo = ContentFile(image_bytes((3000, 2000)), name="logo.png")
    beni_ensar.save()
    logo = stored_image(Member.objects.get(pk=beni_ensar.pk).logo)
    assert (logo.format, logo.size) == ("PNG", (800, 533))
    assert Path(beni_ensar.logo.path).is_relative_to(media_root)


def test_a_small_logo_is_not_enlarged(beni_ensar):
    beni_ensar.logo = ContentFile(image_bytes((120, 90), image_format="WEBP"), name="logo.webp")
    beni_ensar.save()
    logo = stored_image(beni_ensar.logo)
    assert (logo.format, logo.size) == ("WEBP", (120, 90))


def test_a_jpeg_logo_loses_its_exif_and_gps(beni_ensar):
    content = jpeg_with_gps()
    with Image.open(io.BytesIO(content)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # The test file has GPS.
    beni_ensar.logo = ContentFile(content, name="logo.jpeg")
    beni_ensar.save()
    logo = stored_image(beni_ensar.logo)
    assert logo.format == "JPEG"
    assert dict(logo.getexif()) == {}
    assert b"Exif" not in Path(beni_ensar.logo.path).read_bytes()


def test_a_logo_is_turned_upright_before_its_exif_is_dropped(beni_ensar):
    # Orientation 6: the camera stored it lying down; viewers turn it 90° clockwise.
    beni_ensar.logo = ContentFile(jpeg_with_gps((60, 40), orientation=6), name="logo.jpg")
    beni_ensar.save()
    assert stored_image(beni_ensar.logo).size == (40, 60)


def test_the_logo_is_processed_once_not_on_every_save(beni_ensar):
    beni_ensar.logo = ContentFile(image_bytes((3000, 2000)), name="logo.png")
    beni_ensar.save()
    stored_name = beni_ensar.logo.name
    stored_bytes = Path(beni_ensar.logo.path).read_bytes()

    member = Member.objects.get(pk=beni_ensar.pk)
    member.website = "https://www.bninsar.ma"
    member.save()

    assert Member.objects.get(pk=beni_ensar.pk).logo.name == stored_name
    assert Path(member.logo.path).read_bytes() == stored_bytes
    assert len(os.listdir(Path(member.logo.path).parent)) == 1


def test_a_10000_pixel_logo_saved_by_code_is_downscaled(beni_ensar):
    """Code that skips the form's validation (a script, a future import) still stores a small
    logo: the booklet PDF never decodes 100 million pixels."""
    beni_ensar.logo = ContentFile(image_bytes((10_000, 10_000), mode="1"), name="logo.png")
    beni_ensar.save()
    assert stored_image(beni_ensar.logo).size == (800, 800)


def test_a_logo_saved_by_code_that_is_not_an_image_is_refused(in_english, beni_ensar):
    beni_ensar.logo = ContentFile(HTML, name="logo.png")
    with pytest.raises(ValidationError) as error:
        beni_ensar.save()
    assert error.value.messages == [
        "The image “logo.png” cannot be read: it is damaged or incomplete."
    ]
    assert Member.objects.get(pk=beni_ensar.pk).logo.name == ""


@pytest.mark.parametrize("load_truncated_images", [False, True])
def test_a_truncated_logo_saved_by_code_is_refused_not_stored_grey(
    in_english, monkeypatch, beni_ensar, load_truncated_images
):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", load_truncated_images)
    beni_ensar.logo = ContentFile(truncated(noise_image("JPEG")), name="logo.jpg")
    with pytest.raises(ValidationError) as error:
        beni_ensar.save()
    assert error.value.messages == [
        "The image “logo.jpg” cannot be read: it is damaged or incomplete."
    ]
    assert Member.objects.get(pk=beni_ensar.pk).logo.name == ""


def test_a_logo_beyond_pillows_bomb_limit_saved_by_code_names_the_logo_limit(
    in_english, settings, beni_ensar
):
    settings.UPLOAD_MAX_LOGO_PIXELS = 5_000_000
    beni_ensar.logo = ContentFile(image_bytes((20_000, 10_000), mode="1"), name="logo.png")
    with pytest.raises(ValidationError) as error:
        beni_ensar.save()
    assert error.value.messages == [
        "The image “logo.png” has more than 5 million pixels, the limit."
    ]
    assert Member.objects.get(pk=beni_ensar.pk).logo.name == ""


def test_a_logo_validated_then_saved_is_decoded_and_encoded_once(beni_ensar, monkeypatch):
    encoded = []
    encode = uploads._encoded_logo
    monkeypatch.setattr(uploads, "_encoded_logo", lambda image: encoded.append(1) or encode(image))
    beni_ensar.logo = upload("logo.jpg", jpeg_with_gps((1600, 1200)))
    beni_ensar.full_clean()
    assert len(encoded) == 1  # Re-encoded where a failure is a form error.
    beni_ensar.save()
    assert len(encoded) == 1  # save() keeps what clean_fields() made.
    logo = stored_image(Member.objects.get(pk=beni_ensar.pk).logo)
    assert (logo.format, logo.size, dict(logo.getexif())) == ("JPEG", (800, 600), {})


def test_a_logo_has_at_most_16_million_pixels_before_it_is_downscaled(in_english):
    """Downscaling decodes the logo once: 16 million RGBA pixels are 64 MB."""
    assert logo_errors("logo.png", image_bytes((4000, 4000), mode="1")) == []
    assert logo_errors("logo.png", image_bytes((4001, 4000), mode="1")) == [
        "The image “logo.png” is 4001 × 4000 pixels (16.1 million); the limit is 16 million pixels."
    ]


def test_logo_validators_refuse_a_gif_and_a_large_file(in_english):
    gif = image_bytes(image_format="GIF")
    assert len(logo_errors("logo.gif", gif)) == 1
    errors = logo_errors("logo.png", noise_png(900))
    assert errors == ["The file “logo.png” is 2.4 MB; the limit is 2 MB."]


# Through the admin ------------------------------------------------------------------------------


def member_url(member):
    return reverse("admin:network_member_change", args=[member.pk])


def test_a_focal_point_uploads_a_large_logo_stored_small(in_french, login, alice, beni_ensar):
    data = change_data(beni_ensar, logo=upload("logo.png", image_bytes((3000, 2000))))
    response = login(alice).post(member_url(beni_ensar), data)
    assert response.status_code == 302
    logo = stored_image(Member.objects.get(pk=beni_ensar.pk).logo)
    assert logo.size == (800, 533)


def test_a_focal_point_uploads_a_photo_logo_stored_without_gps(in_french, login, alice, beni_ensar):
    data = change_data(beni_ensar, logo=upload("logo.jpg", jpeg_with_gps()))
    response = login(alice).post(member_url(beni_ensar), data)
    assert response.status_code == 302
    member = Member.objects.get(pk=beni_ensar.pk)
    assert dict(stored_image(member.logo).getexif()) == {}


# Django's ImageField opens the upload before the model validators run: Pillow warns above
# 89 million pixels, and the validator then refuses the image from its header.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_logo_of_10000_pixels_is_refused_on_the_field_keeping_what_was_typed(
    in_french, login, alice, beni_ensar, media_root
):
    data = change_data(
        beni_ensar,
        website="https://www.bninsar.ma",
        logo=upload("logo.png", image_bytes((10_000, 10_000), mode="1")),
    )
    response = login(alice).post(member_url(beni_ensar), data)

    assert response.status_code == 200
    expected = gettext(
        "The image “%(name)s” is %(width)s × %(height)s pixels (%(pixels)s million); "
        "the limit is %(limit)s million pixels."
    ) % {"name": "logo.png", "width": 10000, "height": 10000, "pixels": 100, "limit": 16}
    assert response.context["adminform"].form.errors["logo"] == [expected]
    assert escape(expected) in response.text
    assert 'value="https://www.bninsar.ma"' in response.text
    member = Member.objects.get(pk=beni_ensar.pk)
    assert (member.logo.name, member.website) == ("", "")
    assert not media_root.exists() or not any(media_root.rglob("*.png"))


def damaged_image_message(name):
    return gettext("The image “%(name)s” cannot be read: it is damaged or incomplete.") % {
        "name": name
    }


@pytest.mark.parametrize(
    "name, content, expected",
    [
        # Django's forms.ImageField verifies the PNG's chunks before the model validators run;
        # for a JPEG it decodes nothing, and the logo's validator speaks.
        ("logo.png", truncated(noise_image("PNG")), "invalid_image"),
        ("logo.jpg", truncated(noise_image("JPEG")), damaged_image_message),
    ],
)
def test_a_truncated_logo_is_refused_on_the_field_keeping_what_was_typed(
    in_french, login, alice, beni_ensar, media_root, name, content, expected
):
    data = change_data(beni_ensar, website="https://www.bninsar.ma", logo=upload(name, content))
    response = login(alice).post(member_url(beni_ensar), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    if expected == "invalid_image":
        expected = str(form.fields["logo"].error_messages["invalid_image"])
    else:
        expected = expected(name)
    assert form.errors["logo"] == [expected]
    assert escape(expected) in response.text
    assert 'value="https://www.bninsar.ma"' in response.text
    member = Member.objects.get(pk=beni_ensar.pk)
    assert (member.logo.name, member.website) == ("", "")
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_logo_pillow_cannot_decode_is_a_form_error_even_if_the_validators_miss_it(
    in_french, login, alice, beni_ensar, media_root, monkeypatch
):
    """The re-encoding runs in clean_fields(): its failure is an error on the field, not a
    500 from save()."""
    monkeypatch.setattr(uploads.DocumentContentValidator, "_decode", staticmethod(lambda f: None))
    data = change_data(
        beni_ensar,
        website="https://www.bninsar.ma",
        logo=upload("logo.jpg", truncated(noise_image("JPEG"))),
    )
    response = login(alice).post(member_url(beni_ensar), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["logo"] == [damaged_image_message("logo.jpg")]
    assert 'value="https://www.bninsar.ma"' in response.text
    assert Member.objects.get(pk=beni_ensar.pk).logo.name == ""
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_logo_over_2_mb_is_refused_on_the_field(in_french, login, alice, beni_ensar):
    data = change_data(beni_ensar, logo=upload("logo.png", noise_png(900)))
    response = login(alice).post(member_url(beni_ensar), data)
    assert response.status_code == 200
    expected = gettext("The file “%(name)s” is %(size)s MB; the limit is %(limit)s MB.") % {
        "name": "logo.png",
        "size": "2,4",
        "limit": "2",
    }
    assert response.context["adminform"].form.errors["logo"] == [expected]
    assert Member.objects.get(pk=beni_ensar.pk).logo.name == ""


@pytest.fixture
def workshop(beni_ensar):
    station = make_station(make_programme(beni_ensar))
    return make_event(station, title_ar="ورشة بني انصار")


def post_document(client, event, name, content, title="محضر الورشة"):
    url = reverse("admin:consultations_event_change", args=[event.pk])
    data = form_data(client.get(url))
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": title,
            "documents-0-file": upload(name, content),
            "documents-0-is_photo": "on",
        }
    )
    return client.post(url, data)


def test_a_focal_point_attaches_a_real_pdf_to_a_workshop(
    in_french, login, alice, workshop, media_root
):
    content = pdf_bytes()
    response = post_document(login(alice), workshop, "minutes.pdf", content)
    assert response.status_code == 302
    document = EventDocument.objects.get(event=workshop)
    assert document.title == "محضر الورشة"
    assert Path(document.file.path).is_relative_to(media_root)
    assert Path(document.file.path).read_bytes() == content


def test_html_renamed_pdf_is_refused_on_the_workshop_document(
    in_french, login, alice, workshop, media_root
):
    response = post_document(login(alice), workshop, "minutes.pdf", HTML)

    assert response.status_code == 200
    expected = gettext("The file “%(name)s” is not a PDF: its content is %(content)s.") % {
        "name": "minutes.pdf",
        "content": translation.pgettext("content of a file", "text/HTML"),
    }
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [{"file": [expected]}]
    assert escape(expected) in response.text
    assert "محضر الورشة" in response.text  # The title typed is still in the form.
    assert not EventDocument.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))


def test_a_photo_of_10000_pixels_is_refused_on_the_workshop_document(
    in_french, login, alice, workshop
):
    content = image_bytes((10_000, 10_000), mode="1")
    response = post_document(login(alice), workshop, "photo.png", content)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert list(formset.errors[0]) == ["file"]
    assert not EventDocument.objects.exists()


@pytest.mark.parametrize(
    "name, image_format", [("photo.jpg", "JPEG"), ("photo.png", "PNG"), ("photo.webp", "WEBP")]
)
def test_a_truncated_photo_is_refused_on_the_workshop_document_keeping_its_title(
    in_french, login, alice, workshop, media_root, name, image_format
):
    response = post_document(login(alice), workshop, name, truncated(noise_image(image_format)))

    assert response.status_code == 200
    expected = damaged_image_message(name)
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [{"file": [expected]}]
    assert escape(expected) in response.text
    assert "محضر الورشة" in response.text
    assert not EventDocument.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_photo_pillow_cannot_decode_is_a_form_error_even_if_the_validators_miss_it(
    in_french, login, alice, workshop, media_root, monkeypatch
):
    monkeypatch.setattr(uploads.DocumentContentValidator, "_decode", staticmethod(lambda f: None))
    content = truncated(noise_image("JPEG"))
    response = post_document(login(alice), workshop, "photo.jpg", content)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [{"file": [damaged_image_message("photo.jpg")]}]
    assert "محضر الورشة" in response.text
    assert not EventDocument.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_a_photo_of_20_megapixels_is_refused_on_the_workshop_document(
    in_french, login, alice, workshop
):
    content = image_bytes((5000, 4000), mode="1")
    response = post_document(login(alice), workshop, "photo.png", content)
    assert response.status_code == 200
    expected = gettext(
        "The image “%(name)s” is %(width)s × %(height)s pixels (%(pixels)s million); "
        "the limit is %(limit)s million pixels."
    ) % {"name": "photo.png", "width": 5000, "height": 4000, "pixels": 20, "limit": 16}
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors == [{"file": [expected]}]
    assert not EventDocument.objects.exists()


def test_a_focal_point_attaches_a_decision_checked_by_content(in_french, login, alice, beni_ensar):
    committee = Committee.objects.create(
        member=beni_ensar, decision_number="14", decided_on=datetime.date(2025, 3, 6)
    )
    client = login(alice)
    url = reverse("admin:programmes_committee_change", args=[committee.pk])
    data = form_data(client.get(url))

    data["decision_document"] = upload("decision.pdf", HTML)
    response = client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["decision_document"]
    assert Committee.objects.get(pk=committee.pk).decision_document.name == ""

    data["decision_document"] = upload("decision.pdf", pdf_bytes())
    response = client.post(url, data)
    assert response.status_code == 302
    assert Committee.objects.get(pk=committee.pk).decision_document.name.endswith(".pdf")


# Workshop photos are public: no camera metadata ---------------------------------------------------


def test_a_workshop_photo_is_stored_without_its_gps_position(beni_ensar):
    workshop = make_event(make_station(make_programme(beni_ensar)))
    document = EventDocument(
        event=workshop,
        title="ورشة",
        is_photo=True,
        file=ContentFile(jpeg_with_gps((3000, 2000)), name="workshop.jpg"),
    )
    document.save()
    photo = stored_image(document.file)
    assert photo.format == "JPEG"
    assert photo.size == (2400, 1600)
    assert dict(photo.getexif()) == {}
    assert b"Exif" not in Path(document.file.path).read_bytes()
    stored_name = document.file.name
    document.title = "ورشة العرائش"
    document.save()  # a later save leaves the stored file alone
    assert document.file.name == stored_name


def test_a_pdf_workshop_document_is_stored_as_sent(beni_ensar):
    workshop = make_event(make_station(make_programme(beni_ensar)))
    content = pdf_bytes()
    document = EventDocument(event=workshop, title="محضر", file=ContentFile(content, "pv.pdf"))
    document.save()
    assert Path(document.file.path).read_bytes() == content


def test_a_committee_decision_photo_is_stored_without_its_gps_position(beni_ensar):
    committee = Committee(
        member=beni_ensar, decision_document=ContentFile(jpeg_with_gps(), name="decision.jpg")
    )
    committee.save()
    scan = stored_image(committee.decision_document)
    assert (scan.format, scan.size) == ("JPEG", (60, 40))
    assert dict(scan.getexif()) == {}
    assert b"Exif" not in Path(committee.decision_document.path).read_bytes()


def test_a_focal_point_attaches_a_scanned_decision_stored_without_gps(
    in_french, login, alice, beni_ensar
):
    committee = Committee.objects.create(member=beni_ensar, decision_number="14")
    client = login(alice)
    url = reverse("admin:programmes_committee_change", args=[committee.pk])
    data = form_data(client.get(url))
    data["decision_document"] = upload("decision.jpg", jpeg_with_gps((3000, 2000)))
    response = client.post(url, data)
    assert response.status_code == 302
    decision = Committee.objects.get(pk=committee.pk).decision_document
    scan = stored_image(decision)
    assert (scan.format, scan.size, dict(scan.getexif())) == ("JPEG", (2400, 1600), {})


def test_a_truncated_scanned_decision_is_refused_on_the_field(
    in_french, login, alice, beni_ensar, media_root
):
    committee = Committee.objects.create(member=beni_ensar, decision_number="14")
    client = login(alice)
    url = reverse("admin:programmes_committee_change", args=[committee.pk])
    data = form_data(client.get(url))
    data["signatory"] = "رئيس المجلس"
    data["decision_document"] = upload("decision.jpg", truncated(noise_image("JPEG")))
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["decision_document"] == [
        damaged_image_message("decision.jpg")
    ]
    assert "رئيس المجلس" in response.text
    committee.refresh_from_db()
    assert (committee.decision_document.name, committee.signatory) == ("", "")
    assert not media_root.exists() or not any(media_root.rglob("*.*"))
