"""Hostile CSV and XLSX files on the django-import-export paths (issue 10): the member list
(admin import page, ``import_members``, ``load_members``) and the paper ideas
(``import_paper_ideas``) read them through ``ctouvertes.spreadsheet_safety``: a refused file
gets a clear message, the admin page answers 200 with its form, nothing is stored."""

import html
import io

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
