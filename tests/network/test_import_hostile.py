"""Hostile CSV and XLSX files on the django-import-export paths (issue 10): the member list
(admin import page, ``import_members``, ``load_members``) and the paper ideas
(``import_paper_ideas``) read them through ``ctouvertes.spreadsheet_safety``: a refused file
gets a clear message, the admin page answers 200 with its form, nothing is stored."""

import html
import io

import openpyxl
import pytest
import tablib
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from consultations.models import Idea
from consultations.services import IdeaImportError, import_paper_ideas
from network.models import Member
from network.services import MemberImportError, import_members
from tests.programmes.test_workbook_hostile import ENTITIES, UNREADABLE, patched, with_doctype

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:network_member_import")
HEADER = ["kind", "slug", "name_ar", "name_fr", "region", "parent", "joined_on", "cohort"]
ROW = ["region", "region-souss-massa", "سوس-ماسة", "Souss-Massa", "", "", "2022-10-21", "1"]


def xlsx(rows):
    return tablib.Dataset(*rows, headers=HEADER).export("xlsx")


def named(data, name):
    file = io.BytesIO(data)
    file.name = name
    return file


def xxe_workbook():
    return patched(
        xlsx([ROW]),
        {"xl/worksheets/sheet1.xml": with_doctype('<!DOCTYPE x [<!ENTITY a SYSTEM "file:///">]>')},
    )


def in_language(text, language, **values):
    with translation.override(language):
        return gettext(text) % values if values else gettext(text)


def upload(client, data, name, format_index):
    return client.post(
        IMPORT_URL, {"resource": 0, "format": format_index, "import_file": named(data, name)}
    )


def test_the_admin_import_refuses_an_entity_with_the_reason(login, diana):
    response = upload(login(diana), xxe_workbook(), "members.xlsx", 1)
    language = translation.get_language_from_path(IMPORT_URL) or "ar"
    reason = in_language(ENTITIES, language)
    assert response.status_code == 200
    assert html.escape(in_language(UNREADABLE, language, reason=reason)) in (
        response.content.decode()
    )
    assert not Member.objects.exists()


def test_the_admin_import_refuses_a_csv_file_not_in_utf8(login, diana):
    data = ",".join(HEADER).encode() + "\nregion,é\n".encode("latin-1")
    response = upload(login(diana), data, "members.csv", 0)
    language = translation.get_language_from_path(IMPORT_URL) or "ar"
    assert response.status_code == 200
    assert html.escape(in_language("The CSV file is not encoded in UTF-8.", language)) in (
        response.content.decode()
    )
    assert not Member.objects.exists()


def test_the_admin_import_refuses_a_file_of_25000_rows(login, diana):
    rows = "\n".join(f"commune,c{n},ج,C,,,2022-10-21,1" for n in range(25_000))
    data = (",".join(HEADER) + "\n" + rows + "\n").encode()
    response = upload(login(diana), data, "members.csv", 0)
    language = translation.get_language_from_path(IMPORT_URL) or "ar"
    message = in_language(
        "the file has more than %(limit)s rows; split it into several files.",
        language,
        limit=20000,
    )
    assert response.status_code == 200
    assert html.escape(message) in response.content.decode()
    assert not Member.objects.exists()


def test_import_members_refuses_a_workbook_that_is_not_a_zip():
    with pytest.raises(MemberImportError) as raised:
        import_members(named(b"not a workbook", "members.xlsx"))
    [error] = raised.value.errors
    assert "zip" in str(error)
    assert not Member.objects.exists()


def test_import_members_refuses_a_zip_bomb():
    bomb = patched(xlsx([ROW]), {}, extra=[("xl/media/bomb.bin", b"\0" * (8 * 1024 * 1024))])
    with pytest.raises(MemberImportError) as raised:
        import_members(named(bomb, "members.xlsx"))
    assert "xl/media/bomb.bin" in str(raised.value.errors[0])
    assert not Member.objects.exists()


def test_a_formula_of_a_member_file_is_read_as_its_text():
    row = [*ROW[:3], '=CONCAT("Souss", "-Massa")', *ROW[4:]]
    import_members(named(xlsx([row]), "members.xlsx"))
    assert Member.objects.get().name_fr == '=CONCAT("Souss", "-Massa")'


def test_load_members_refuses_a_hostile_workbook(tmp_path):
    path = tmp_path / "members.xlsx"
    path.write_bytes(xxe_workbook())
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_members", str(path), stderr=errors)
    assert gettext(ENTITIES) in errors.getvalue()
    assert not Member.objects.exists()


def test_paper_ideas_refuse_a_hostile_workbook(beni_ensar):
    with pytest.raises(IdeaImportError) as raised:
        import_paper_ideas(named(xxe_workbook(), "ideas.xlsx"), member=beni_ensar)
    assert gettext(ENTITIES) in str(raised.value.errors[0])
    assert not Idea.objects.exists()


CELLS = (
    "the sheet has %(rows)s rows × %(columns)s columns up to its last values "
    "(%(cells)s cells); the portal reads at most %(limit)s cells."
)


def sparse_member_workbook(cells):
    """A member file (header and one valid row) with ``cells`` maps ``(row, column)`` to a value
    added to its only sheet, ``Sheet``."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (HEADER, ROW):
        sheet.append(row)
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=column, value=value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_the_admin_import_refuses_a_sparse_wide_and_tall_file(login, diana):
    data = sparse_member_workbook({(1, 100): "far", (20_000, 1): "commune"})
    assert len(data) < 10_000
    response = upload(login(diana), data, "members.xlsx", 1)
    language = translation.get_language_from_path(IMPORT_URL) or "ar"
    reason = in_language(CELLS, language, rows=20000, columns=100, cells=2000000, limit=1000000)
    located = in_language("Sheet “%(sheet)s”: %(message)s", language, sheet="Sheet", message=reason)
    assert response.status_code == 200
    assert html.escape(located) in response.content.decode()
    assert not Member.objects.exists()


def test_a_member_file_with_a_value_beyond_column_100_is_refused():
    with pytest.raises(MemberImportError) as raised:
        import_members(named(sparse_member_workbook({(2, 101): "note"}), "members.xlsx"))
    [error] = raised.value.errors
    assert gettext("the sheet has values beyond column %(limit)s; the portal refuses it.") % {
        "limit": 100
    } in str(error)
    assert not Member.objects.exists()


def test_a_note_column_far_to_the_right_within_the_limits_is_read():
    region = ["region", "region-oriental", "الشرق", "Oriental", "", "", "2022-10-21", "1"]
    cells = {(1, 90): "note", (2, 90): "first", (3, 90): "second"}
    cells |= {(3, column): value for column, value in enumerate(region, 1)}
    import_members(named(sparse_member_workbook(cells), "members.xlsx"))
    assert set(Member.objects.values_list("slug", flat=True)) == {
        "region-souss-massa",
        "region-oriental",
    }


def test_paper_ideas_refuse_a_sheet_over_the_cell_limit_set_in_settings(beni_ensar, settings):
    settings.SPREADSHEET_MAX_CELLS = 15
    with pytest.raises(IdeaImportError) as raised:
        import_paper_ideas(named(xlsx([ROW]), "ideas.xlsx"), member=beni_ensar)
    expected = gettext(CELLS) % {"rows": 2, "columns": 8, "cells": 16, "limit": 15}
    assert expected in str(raised.value.errors[0])
    assert not Idea.objects.exists()
