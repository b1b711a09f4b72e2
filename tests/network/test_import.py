import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from network.models import Member, MemberKind
from network.services import MemberImportError, MemberImportSummary, import_members

from ..import_messages import location

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
    prefix = gettext("Row %(row)s (line %(line)s), column “%(column)s”: %(message)s") % {
        "row": 4,
        "line": 5,
        "column": "parent",
        "message": "",
    }
    assert str(error).startswith(prefix)


def test_an_invalid_xlsx_row_stores_nothing_and_is_reported():
    rows = [
        GOOD_ROWS[0],
        ["region", "region-x", "جهة", "X", "region-souss-massa", "", "2022-10-21", "1"],
    ]
    with pytest.raises(MemberImportError) as raised:
        import_members(xlsx_file(rows))
    assert [(e.row, e.field) for e in raised.value.errors] == [(2, "region")]
    assert raised.value.errors[0].sheet == "Sheet"
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
    with translation.override("ar"):
        summary = str(MemberImportSummary(total=3, new=3))
    assert summary in capsys.readouterr().out
    assert Member.objects.count() == 3


def test_the_command_with_dry_run_stores_nothing(tmp_path, capsys):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_file(GOOD_ROWS).getvalue())
    call_command("load_members", str(path), "--dry-run")
    with translation.override("ar"):
        summary = str(MemberImportSummary(total=3, new=3, dry_run=True))
    assert summary in capsys.readouterr().out
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
    with translation.override("ar"):
        for row, column in ((1, "region"), (2, "kind")):
            assert location(row, column) in err
    assert not Member.objects.exists()


def test_the_command_fails_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("load_members", str(tmp_path / "missing.csv"))


# Members without a join date, re-loading -----------------------------------------------------


def test_a_member_without_a_join_date_is_refused_on_its_cell_and_nothing_is_stored():
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][6] = ""
    with pytest.raises(MemberImportError) as raised:
        import_members(csv_file(rows))
    assert [(e.row, e.field) for e in raised.value.errors] == [(3, "joined_on")]
    assert raised.value.errors[0].message == gettext(NO_JOIN_DATE)
    assert not Member.objects.exists()


def test_an_xlsx_row_without_a_join_date_is_located_by_sheet_row_and_column():
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][6] = None
    with pytest.raises(MemberImportError) as raised:
        import_members(xlsx_file(rows))
    [error] = raised.value.errors
    assert (error.sheet, error.row, error.field) == ("Sheet", 3, "joined_on")
    assert str(error) == gettext(
        "Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s"
    ) % {"sheet": "Sheet", "row": 4, "column": "joined_on", "message": gettext(NO_JOIN_DATE)}
    assert not Member.objects.exists()


def test_a_file_without_a_join_date_column_is_refused():
    file = io.BytesIO("kind,slug,name_ar\nregion,region-x,جهة\n".encode())
    file.name = "members.csv"
    with pytest.raises(MemberImportError) as raised:
        import_members(file)
    assert [(e.row, e.field) for e in raised.value.errors] == [(None, "joined_on")]
    assert not Member.objects.exists()


def test_emptying_the_join_date_of_an_existing_member_is_refused():
    import_members(csv_file(GOOD_ROWS))
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][6] = ""
    with pytest.raises(MemberImportError):
        import_members(csv_file(rows))
    assert Member.objects.get(slug="tiznit").joined_on.isoformat() == "2022-10-21"


def test_reloading_a_changed_member_updates_it_in_place():
    import_members(csv_file(GOOD_ROWS))
    pk = Member.objects.get(slug="tiznit").pk
    rows = [list(row) for row in GOOD_ROWS]
    rows[2][6] = "2023-01-15"
    rows[2][7] = "2"
    summary = import_members(csv_file(rows))
    assert (summary.new, summary.updated, summary.skipped) == (0, 1, 2)
    tiznit = Member.objects.get(slug="tiznit")
    assert (tiznit.pk, tiznit.joined_on.isoformat(), tiznit.cohort) == (pk, "2023-01-15", 2)


def test_reloading_the_same_file_reports_every_row_unchanged_and_writes_none():
    import_members(csv_file(GOOD_ROWS))
    before = dict(Member.objects.values_list("slug", "updated_at"))
    summary = import_members(csv_file(GOOD_ROWS))
    assert (summary.total, summary.new, summary.updated, summary.skipped) == (3, 0, 0, 3)
    assert dict(Member.objects.values_list("slug", "updated_at")) == before


def test_the_command_reports_created_updated_and_unchanged_rows(tmp_path):
    import_members(csv_file(GOOD_ROWS[:2]))
    rows = [list(row) for row in GOOD_ROWS]
    rows[1][3] = "Province de Tiznit (conseil)"
    path = tmp_path / "members.csv"
    path.write_bytes(csv_file(rows).getvalue())
    out = io.StringIO()
    call_command("load_members", str(path), stdout=out)
    with translation.override("ar"):
        summary = str(MemberImportSummary(total=3, new=1, updated=1, skipped=1))
    assert summary in out.getvalue()


# Languages of the command ---------------------------------------------------------------------

NO_JOIN_DATE = (
    "Enter the date the member joined the network (YYYY-MM-DD): without it the member has no "
    "public page."
)
NO_MEMBER = "No member has the slug “%(slug)s” (it must appear on an earlier row or already exist)."


def run_with_errors(tmp_path, **options):
    rows = [
        ["commune", "a", "أ", "A", "nowhere", "", "2022-10-21", "1"],
        ["region", "region-b", "ب", "B", "", "", "", "1"],
    ]
    path = tmp_path / "members.csv"
    path.write_bytes(csv_file(rows).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_members", str(path), stderr=err, **options)
    return err.getvalue(), str(raised.value), str(path)


def expected_errors():
    return [
        location(1, "region", gettext(NO_MEMBER) % {"slug": "nowhere"}),
        location(2, "joined_on", gettext(NO_JOIN_DATE)),
    ]


def test_the_command_writes_its_errors_in_french_with_language_fr(tmp_path):
    err, last_line, path = run_with_errors(tmp_path, language="fr")
    with translation.override("fr"):
        expected = expected_errors()
        refused = ngettext(
            "%(count)s error in %(file)s: nothing was stored.",
            "%(count)s errors in %(file)s: nothing was stored.",
            2,
        ) % {"count": 2, "file": path}
    assert err.splitlines() == expected
    assert last_line == refused
    for english in ("Row ", "column", "No member", "Enter the date"):
        assert english not in err
    assert not Member.objects.exists()


def test_the_command_writes_its_errors_in_arabic_by_default(tmp_path):
    with translation.override("fr"):
        err, _last_line, _path = run_with_errors(tmp_path)
        with translation.override("ar"):
            expected = expected_errors()
    assert err.splitlines() == expected
    for english in ("Row ", "line", "column", "No member", "Enter the date"):
        assert english not in err


def test_the_command_refuses_an_unknown_language(tmp_path):
    with pytest.raises(CommandError):
        call_command("load_members", str(tmp_path / "members.csv"), "--language", "en")


def test_the_admin_import_shows_a_member_without_a_join_date_as_an_error(login, diana):
    file = io.BytesIO(
        "kind,slug,name_ar,joined_on\nregion,region-x,جهة,\n".encode(),
    )
    file.name = "members.csv"
    response = login(diana).post(
        reverse("admin:network_member_import"),
        {"resource": 0, "format": 0, "import_file": file},
    )
    assert response.status_code == 200
    [invalid] = response.context["result"].invalid_rows
    assert invalid.error_dict == {"joined_on": [gettext(NO_JOIN_DATE)]}
    assert response.context.get("confirm_form") is None
    assert not Member.objects.exists()
