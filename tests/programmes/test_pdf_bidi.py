"""The period of a programme reads left to right in its booklet, in every language: "2024" is
printed left of "2025" on the cover, in the running header, in the member's own texts (its
title typed "2025/2024" as copied from a right-to-left page, its summary "… للفترة 2024-2025")
and wherever else the two years stand on one line.

The booklets of the shipped Beni Ensar workbook are rendered once per language (inside a
transaction that is rolled back); ``pdftotext -bbox-layout`` gives each word with its box, and
each word's text in visual order (left to right), so a line is read by sorting its words by
their left edge."""

import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from programmes.services import import_programme_workbook

from .helpers import make_member
from .test_pdf import WORKBOOK, booklet_url

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed"),
]

LANGUAGES = ("ar", "fr", "zgh")
XHTML = "{http://www.w3.org/1999/xhtml}"
#: Two years joined by a dash or a slash, as the line shows them from left to right.
YEAR_PAIR = re.compile(r"(?<!\d)((?:19|20)\d\d) ?[-–/] ?((?:19|20)\d\d)(?!\d)")


@pytest.fixture(scope="module")
def booklets(django_db_setup, django_db_blocker, tmp_path_factory):
    """``{language: path of the PDF}`` for the Beni Ensar booklet; the data is rolled back."""
    folder = tmp_path_factory.mktemp("booklets")
    paths = {}
    cache.clear()
    with django_db_blocker.unblock(), transaction.atomic():
        member = make_member("beni-ensar")
        with open(WORKBOOK, "rb") as handle:
            programme = import_programme_workbook(handle, member=member).programme
        assert programme.period == "2024-2025"
        client = Client()
        for language in LANGUAGES:
            response = client.get(booklet_url(programme, language=language))
            assert response.status_code == 200
            paths[language] = folder / f"booklet-{language}.pdf"
            paths[language].write_bytes(response.content)
        transaction.set_rollback(True)
    cache.clear()
    return paths


def visual_lines(path: Path):
    """``(page number, line)`` for every line of the PDF, its words left to right."""
    output = subprocess.run(
        ["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout
    root = ElementTree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", output))
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        for line in page.iter(f"{XHTML}line"):
            words = sorted(
                (float(word.get("xMin")), word.text or "") for word in line.iter(f"{XHTML}word")
            )
            yield number, " ".join(text for _, text in words)


def year_pairs(path, pages=None):
    """``(page, line, left year, right year)`` for every pair of years joined on a line."""
    for number, line in visual_lines(path):
        if pages and number not in pages:
            continue
        for match in YEAR_PAIR.finditer(line):
            yield number, line, int(match[1]), int(match[2])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cover_shows_2024_left_of_2025(booklets, language):
    pairs = list(year_pairs(booklets[language], pages={1}))

    assert (1, "2024-2025", 2024, 2025) in pairs  # the period under the title
    assert [pair for pair in pairs if pair[2] > pair[3]] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_line_of_the_booklet_reads_2025_before_2024(booklets, language):
    pairs = list(year_pairs(booklets[language]))
    falling = [f"page {page}: {line}" for page, line, left, right in pairs if left > right]

    assert len({page for page, *_ in pairs}) > 20  # the running header of every page
    assert falling == []


def test_the_members_title_typed_2025_2024_is_printed_2024_2025(booklets):
    cover = [line for page, line in visual_lines(booklets["ar"]) if page == 1]

    assert any("2024/2025" in line for line in cover)
    assert not any("2025/2024" in line for line in cover)


def test_the_period_in_the_arabic_summary_reads_2024_2025(booklets):
    # "… برنامج عمل انفتاح جماعة بني انصار للفترة 2024-2025": after an Arabic word the digits
    # are Arabic numbers, and without an isolate the dash put 2025 first.
    lines = [line for _, line in visual_lines(booklets["ar"]) if "ةرتفلل" in line]

    assert lines
    assert all("2024-2025" in line and "2025-2024" not in line for line in lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_years_keep_their_digit_order(booklets, language):
    text = " ".join(line for _, line in visual_lines(booklets[language]))

    assert "2024" in text and "2025" in text
    assert "4202" not in text and "5202" not in text
