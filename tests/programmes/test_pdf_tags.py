"""Tagged PDFs (PDF/UA-1): every printed document carries a structure tree, its language and its
title, so that a screen reader reads the Arabic booklet in Arabic, by headings and tables; the
text layer still gives the Arabic words in logical order.

Small programmes keep WeasyPrint's runs short (a second or two each)."""

import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from programmes import documents, pdf
from programmes.models import Committee

from .helpers import make_activity, make_member, make_programme, make_project
from .test_pdf import booklet_url, form_url, observation_card_url, poster_url, sheet_url

pytestmark = pytest.mark.django_db

PROJECT_TITLE = "تنزيل مشروع التواصل بالجماعة"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme():
    programme = make_programme(make_member(), title_ar="برنامج عمل انفتاح جماعة بني أنصار")
    project = make_project(
        programme,
        1,
        title_ar=PROJECT_TITLE,
        title_fr="Mise en œuvre du projet de communication",
        estimated_budget=Decimal("25000"),
    )
    make_activity(project, 1, weight=60, progress=100)
    make_activity(project, 2, weight=40, progress=0)
    return programme


def catalog(content):
    return PdfReader(io.BytesIO(content)).trailer["/Root"]


def structure_elements(content):
    """The elements of the PDF's tag tree, as dictionaries (``/S`` is the type)."""
    elements = []
    pending = [catalog(content)["/StructTreeRoot"].get_object()]
    while pending:
        node = pending.pop()
        if "/S" in node:
            elements.append(node)
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") != "/MCR" and "/MCID" not in kid:
                pending.append(kid)
    return elements


def structure_roles(content):
    """The set of structure types (``/H1``, ``/Table``...) of the PDF's tag tree."""
    return {element["/S"] for element in structure_elements(content)}


def pdftotext(content):
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


# The booklet ------------------------------------------------------------------------------------


def test_the_booklet_is_a_tagged_pdf(client, programme):
    root = catalog(client.get(booklet_url(programme)).content)

    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/StructTreeRoot"].get_object()["/Type"] == "/StructTreeRoot"


@pytest.mark.parametrize("language", ["ar", "fr", "zgh"])
def test_the_booklet_pdf_declares_the_language_it_is_written_in(client, programme, language):
    root = catalog(client.get(booklet_url(programme, language=language)).content)

    assert root["/Lang"] == language


def test_readers_show_the_booklets_title_rather_than_its_file_name(client, programme):
    content = client.get(booklet_url(programme)).content
    reader = PdfReader(io.BytesIO(content))

    assert reader.metadata.title.startswith("برنامج عمل انفتاح جماعة بني أنصار")
    assert "2024-2025" in reader.metadata.title
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_the_booklet_declares_pdf_ua_in_its_metadata(client, programme):
    content = client.get(booklet_url(programme)).content
    xmp = PdfReader(io.BytesIO(content)).xmp_metadata

    assert xmp is not None
    assert 'pdfuaid:part="1"' in xmp.stream.get_data().decode()


def test_the_booklets_tags_give_headings_lists_tables_and_links(client, programme):
    roles = structure_roles(client.get(booklet_url(programme)).content)

    assert {"/Document", "/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TR", "/TH", "/TD"} <= roles
    assert "/Link" in roles


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_tagged_booklet_still_gives_its_arabic_text(client, programme):
    text = pdftotext(client.get(booklet_url(programme)).content)

    assert PROJECT_TITLE in text
    assert "بطاقات المشاريع" in text
    assert "عيراشملا تاقاطب" not in text  # not reversed


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_tagged_tamazight_booklet_still_gives_its_tifinagh_text(client, programme):
    content = client.get(booklet_url(programme, language="zgh")).content
    with translation.override("zgh"):
        heading = translation.gettext("Project sheets")

    assert any("\u2d30" <= char <= "\u2d7f" for char in heading)  # the catalogue is Tifinagh
    assert heading in pdftotext(content)


# Every other document ---------------------------------------------------------------------------


def other_documents(programme):
    member = programme.member
    project = programme.projects.get()
    return {
        "sheet": sheet_url(project),
        "observation card": observation_card_url(project),
        "idea card": form_url(member, "idea-card"),
        "new-project card": form_url(member, "new-project-card"),
        "attendance sheet": form_url(member, "attendance-sheet"),
        "poster": poster_url(member),
    }


@pytest.mark.parametrize(
    "kind",
    ["sheet", "observation card", "idea card", "new-project card", "attendance sheet", "poster"],
)
def test_every_printed_document_is_tagged_with_its_language_and_title(client, programme, kind):
    response = client.get(other_documents(programme)[kind])
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]

    assert response.status_code == 200
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "ar"
    assert reader.metadata.title


def test_the_posters_qr_code_is_a_figure_with_a_text_alternative(client, programme):
    elements = structure_elements(client.get(poster_url(programme.member)).content)
    with translation.override("ar"):
        alternative = translation.gettext("QR code of the idea form")

    assert [str(e.get("/Alt")) for e in elements if e["/S"] == "/Figure"] == [alternative]


def test_the_committee_register_is_tagged(client, beni_ensar):
    Committee.objects.create(member=beni_ensar, name_ar="لجنة التتبع", decision_number="14")
    with translation.override("ar"):
        url = reverse(
            "programmes:committee_document", kwargs={"slug": beni_ensar.slug, "fmt": "pdf"}
        )
    root = catalog(client.get(url).content)

    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/Lang"] == "ar"


# The cache --------------------------------------------------------------------------------------


def test_an_untagged_pdf_cached_before_is_not_served(client, programme):
    """A PDF stored under the key of the untagged rendering (no ``:ua1:`` part) stays unused."""
    project = programme.projects.get()
    with translation.override("ar"):
        request = RequestFactory().get(sheet_url(project))
        document = documents.sheet(project)
        key = pdf.cache_key(document, request)
    old_key = key.replace(f":{pdf.RENDERING}:", ":")
    assert old_key != key
    cache.set(old_key, (b"%PDF-1.7 untagged", None))

    response = client.get(sheet_url(project))

    assert response.content != b"%PDF-1.7 untagged"
    assert catalog(response.content)["/MarkInfo"]["/Marked"].value is True
