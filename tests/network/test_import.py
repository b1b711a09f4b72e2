import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from network.models import Member, MemberKind
from network.services import MemberImportError, import_members

pytestmark = pytest.mark.django_db

HEADER = "kind,slug,name_ar,name_fr,region,parent,joined_on,cohort\n"
GOOD_ROWS = [
    ["region", "region-souss-massa", "سوس-ماسة", "Souss-Massa", "", "", "2022-10-21", "1"],
    [
        "province",
        "province-tiznit",
        "تيزنيت",
        "Province de Tiznit",
        "region-souss-massa",
        "region-souss-massa",
        "2022-10-21",
        "1",
    ],
    [
        "commune",
        "tiznit",
        "تيزنيت",
        "Tiznit",
        "region-souss-massa",
        "province-tiznit",
        "2022-10-21",
        "1",
    ],
]


# A commune whose parent is a region: refused by Member.clean().
BAD_ROW = [
    "commune",
    "bad",
    "سيئة",
    "Bad",
    "region-souss-massa",
    "region-souss-massa",
    "2022-10-21",
    "1",
]


def csv_file(rows, name="members.csv"):
    text = HEADER + "".join(",".join(row) + "\n" for row in rows)
    file = io.BytesIO(text.encode("utf-8"))
    file.name = name
    return file


def xlsx_file(rows, name="members.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    for row in rows:
        sheet.append(row)
    file = io.BytesIO()
    workbook.save(file)
    file.seek(0)
    file.name = name
    return file


def test_a_good_csv_stores_every_row():
    summary = import_members(csv_file(GOOD_ROWS))
    assert summary.new == 3
    tiznit = Member.objects.get(slug="tiznit")
    assert tiznit.kind == MemberKind.COMMUNE
    assert tiznit.parent.slug == "province-tiznit"
    assert tiznit.region.slug == "region-souss-massa"
    assert tiznit.name_ar == "تيزنيت"
    assert tiznit.name_fr == "Tiznit"
    assert tiznit.joined_on.isoformat() == "2022-10-21"


def test_a_good_xlsx_stores_every_row():
    import_members(xlsx_file(GOOD_ROWS))
    tiznit = Member.objects.get(slug="tiznit")
    assert tiznit.parent.slug == "province-tiznit"
    assert Member.objects.count() == 3


def test_a_csv_saved_by_excel_with_a_bom_is_read(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(b"\xef\xbb\xbf" + csv_file(GOOD_ROWS).getvalue())
    import_members(path)
    assert Member.objects.filter(slug="tiznit").exists()


def test_importing_again_updates_by_slug_without_duplicates():
    import_members(csv_file(GOOD_ROWS))
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][3] = "Tiznit (commune)"
    summary = import_members(csv_file(rows))
    assert (summary.new, summary.updated, summary.skipped) == (0, 1, 2)
    assert Member.objects.get(slug="tiznit").name_fr == "Tiznit (commune)"
    assert Member.objects.count() == 3


def test_a_dry_run_stores_nothing():
    summary = import_members(csv_file(GOOD_ROWS), dry_run=True)
    assert summary.new == 3
    assert not Member.objects.exists()


def test_a_file_with_one_invalid_row_stores_nothing():
    rows = [*GOOD_ROWS, BAD_ROW]
    with pytest.raises(MemberImportError):
        import_members(csv_file(rows))
    assert not Member.objects.exists()


def test_the_error_names_the_row_and_the_field():
    rows = [*GOOD_ROWS, BAD_ROW]
    with pytest.raises(MemberImportError) as raised:
        import_members(csv_file(rows))
    [error] = raised.value.errors
    assert (error.row, error.field) == (4, "parent")
    assert str(error).startswith("Row 4 (line 5), column parent:")


def test_an_invalid_xlsx_row_stores_nothing_and_is_reported():
    rows = [
        GOOD_ROWS[0],
        ["region", "region-x", "جهة", "X", "region-souss-massa", "", "2022-10-21", "1"],
    ]
    with pytest.raises(MemberImportError) as raised:
        import_members(xlsx_file(rows))
    assert [(e.row, e.field) for e in raised.value.errors] == [(2, "region")]
    assert not Member.objects.exists()


def test_every_invalid_row_is_reported():
    rows = [
        ["commune", "a", "أ", "A", "nowhere", "", "2022-10-21", "1"],
        ["town", "b", "ب", "B", "", "", "2022-10-21", "1"],
    ]
    with pytest.raises(MemberImportError) as raised:
        import_members(csv_file(rows))
    fields = {(e.row, e.field) for e in raised.value.errors}
    assert (1, "region") in fields
    assert (2, "kind") in fields


def test_a_reference_to_an_unknown_slug_is_reported_on_its_column():
    rows = [["commune", "a", "أ", "A", "region-nowhere", "", "2022-10-21", "1"]]
    with pytest.raises(MemberImportError) as raised:
        import_members(csv_file(rows))
    assert [(e.row, e.field) for e in raised.value.errors] == [(1, "region")]
    assert "region-nowhere" in raised.value.errors[0].message


def test_a_file_without_a_slug_column_is_refused():
    file = io.BytesIO("kind,name_ar\nregion,جهة\n".encode())
    file.name = "members.csv"
    with pytest.raises(MemberImportError) as raised:
        import_members(file)
    assert raised.value.errors[0].field == "slug"


def test_an_unsupported_extension_is_refused():
    file = io.BytesIO(b"{}")
    file.name = "members.json"
    with pytest.raises(MemberImportError):
        import_members(file)


def test_the_command_prints_a_summary(tmp_path, capsys):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_file(GOOD_ROWS).getvalue())
    call_command("load_members", str(path))
    assert "3 new" in capsys.readouterr().out
    assert Member.objects.count() == 3


def test_the_command_with_dry_run_stores_nothing(tmp_path, capsys):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_file(GOOD_ROWS).getvalue())
    call_command("load_members", str(path), "--dry-run")
    assert "dry run" in capsys.readouterr().out
    assert not Member.objects.exists()


def test_the_command_fails_and_prints_every_row_error(tmp_path, capsys):
    rows = [
        ["commune", "a", "أ", "A", "nowhere", "", "2022-10-21", "1"],
        ["town", "b", "ب", "B", "", "", "2022-10-21", "1"],
    ]
    path = tmp_path / "members.csv"
    path.write_bytes(csv_file(rows).getvalue())
    with pytest.raises(CommandError):
        call_command("load_members", str(path))
    err = capsys.readouterr().err
    assert "Row 1 (line 2), column region" in err
    assert "Row 2 (line 3), column kind" in err
    assert not Member.objects.exists()


def test_the_command_fails_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("load_members", str(tmp_path / "missing.csv"))
