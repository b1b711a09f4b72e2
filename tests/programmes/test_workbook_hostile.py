"""Hostile programme files through the admin import page (issue 10): every one is refused with
a clear message on a page that answers 200 with the form, and stores nothing; a formula cell
is imported as its text with a located warning. The files are real workbooks (the Beni Ensar
programme file, or one written with openpyxl) whose XML parts are patched with ``zipfile``."""

import html
import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext, ngettext

from consultations.models import Event, Station
from ctouvertes import spreadsheet_safety
from programmes.models import Activity, Axis, Programme, Project
from programmes.workbook import SHEETS

pytestmark = pytest.mark.django_db

BENI_ENSAR = Path(__file__).resolve().parents[2] / "programmes/data/beni-ensar-2024-2025.xlsx"
IMPORT_URL = "/fr/admin/programmes/programme/import-workbook/"
MODELS = (Programme, Axis, Project, Activity, Station, Event)
ENTITIES = "it declares XML entities, which the portal refuses."
UNREADABLE = "This file is not a readable .xlsx workbook: %(reason)s"
SHEET_NAMES = {sheet.name for sheet in SHEETS}


SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def with_shared_strings(xml):
    """The Beni Ensar file (its texts are inline) with a table of shared strings ``xml``, which
    openpyxl reads when it opens the file."""
    override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/>'
    return patched(
        BENI_ENSAR.read_bytes(),
        {"[Content_Types].xml": lambda types: types.replace("</Types>", override + "</Types>")},
        extra=[("xl/sharedStrings.xml", xml.encode())],
    )


def in_french(text, **values):
    """The French message as the code builds it (values given raw)."""
    with translation.override("fr"):
        return gettext(text) % values if values else gettext(text)


def french(text, **values):
    """The French message as the page shows it (escaped once)."""
    return html.escape(in_french(text, **values))


def row_counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def sheet_part(data, name):
    """The zip member holding the sheet ``name``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'<sheet [^>]*name="{name}"[^>]*r:id="(\w+)"', book).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rel_id}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rel_id}"', rels)
    return "xl/" + target.group(1).removeprefix("/xl/")


def patched(data, changes, extra=()):
    """A copy of the workbook ``data`` whose members ``changes`` maps to a function of their
    XML text; ``extra`` adds ``(name, bytes)`` members."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename in changes:
                content = changes[item.filename](content.decode()).encode()
            target.writestr(item.filename, content)
        for name, content in extra:
            target.writestr(name, content)
    return output.getvalue()


def with_doctype(doctype):
    def change(xml):
        if xml.startswith("<?xml"):
            declaration, _sep, rest = xml.partition("?>")
            return f"{declaration}?>{doctype}{rest}"
        return doctype + xml

    return change


def post(client, member, data, *, dry_run=True, follow=False):
    fields = {"member": member.pk, "file": SimpleUploadedFile("programme.xlsx", data)}
    if dry_run:
        fields["dry_run"] = "on"
    return client.post(IMPORT_URL, fields, follow=follow)


def assert_refused(response, *texts):
    """The page answers 200 with the form and the problem."""
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="file"' in content
    for text in texts:
        assert text in content


@pytest.fixture
def focal(login, alice):
    return login(alice)


def test_openpyxl_parses_workbooks_with_defusedxml():
    assert openpyxl.DEFUSEDXML is True


def test_a_sheet_declaring_an_external_entity_is_refused(focal, beni_ensar):
    data = BENI_ENSAR.read_bytes()
    part = sheet_part(data, "activities")
    xxe = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    hostile = patched(data, {part: with_doctype(xxe)})
    before = row_counts()
    response = post(focal, beni_ensar, hostile, dry_run=False)
    assert_refused(response, french(UNREADABLE, reason=in_french(ENTITIES)), "activities")
    assert "root:" not in response.content.decode()
    assert row_counts() == before


def test_billion_laughs_in_the_shared_strings_is_refused(focal, beni_ensar):
    laughs = (
        '<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
            for n in range(1, 10)
        )
        + "]>"
    )
    hostile = with_shared_strings(laughs + SST + "<si><t>&lol9;</t></si></sst>")
    before = row_counts()
    assert_refused(
        post(focal, beni_ensar, hostile, dry_run=False),
        french(UNREADABLE, reason=in_french(ENTITIES)),
    )
    assert row_counts() == before


def test_a_zip_bomb_is_refused_from_the_zip_directory(focal, beni_ensar):
    bomb = b"\0" * (60 * 1024 * 1024)  # 60 MB that compress to ~60 KB
    hostile = patched(BENI_ENSAR.read_bytes(), {}, extra=[("xl/media/bomb.bin", bomb)])
    before = row_counts()
    started = time.perf_counter()
    response = post(focal, beni_ensar, hostile, dry_run=False)
    assert time.perf_counter() - started < 5
    reason = in_french("it expands to more than %(size)s MB; the portal refuses it.", size="50")
    assert_refused(response, french(UNREADABLE, reason=reason))
    assert row_counts() == before


def test_shared_strings_expanding_a_thousand_times_are_refused(focal, beni_ensar):
    hostile = with_shared_strings(SST + "<si><t>" + "ha" * (2 * 1024 * 1024) + "</t></si></sst>")
    before = row_counts()
    response = post(focal, beni_ensar, hostile, dry_run=False)
    assert_refused(response, "xl/sharedStrings.xml")
    assert row_counts() == before


def test_a_file_that_is_not_a_zip_is_refused(focal, beni_ensar):
    reason = in_french("it is not a zip archive, or a damaged one.")
    assert_refused(
        post(focal, beni_ensar, b"kind,slug\ncommune,x\n", dry_run=False),
        french(UNREADABLE, reason=reason),
    )
    assert not Programme.objects.exists()


def test_a_truncated_workbook_is_refused(focal, beni_ensar):
    data = BENI_ENSAR.read_bytes()
    response = post(focal, beni_ensar, data[: len(data) // 2], dry_run=False)
    assert_refused(response, french("This file is not a readable .xlsx workbook: %(reason)s")[:20])
    assert response.context["problems"]
    assert not Programme.objects.exists()


def test_a_damaged_sheet_part_is_refused_with_its_sheet(focal, beni_ensar):
    data = BENI_ENSAR.read_bytes()
    part = sheet_part(data, "projects")
    hostile = patched(data, {part: lambda xml: xml[: len(xml) // 2]})
    response = post(focal, beni_ensar, hostile, dry_run=False)
    reason = in_french("one of its XML parts is not valid XML.")
    assert_refused(response, french(UNREADABLE, reason=reason), "projects")
    assert [problem.sheet for problem in response.context["problems"]][-1] == "projects"
    assert not Programme.objects.exists()


def big_activities_workbook(rows, *, valid_project=False):
    """The Beni Ensar file whose sheet ``activities`` holds ``rows`` rows (each refers to a
    project absent from the file unless ``valid_project``)."""
    book = openpyxl.load_workbook(io.BytesIO(BENI_ENSAR.read_bytes()))
    sheet = book["activities"]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    project = book["projects"].cell(row=2, column=1).value if valid_project else 999
    columns = {name: index for index, name in enumerate(header)}
    for number in range(1, rows + 1):
        row = [None] * len(header)
        row[columns["project_number"]] = project
        row[columns["number"]] = number
        row[columns["title_ar"]] = f"نشاط {number}"
        row[columns["progress"]] = "x"
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_a_sheet_of_25000_rows_is_refused_at_the_limit(focal, beni_ensar):
    data = big_activities_workbook(25_000)
    before = row_counts()
    response = post(focal, beni_ensar, data, dry_run=False)
    message = french(
        "the sheet has more than %(limit)s rows; split it into several files.", limit=20000
    )
    assert_refused(response, message)
    assert [(p.sheet, p.row) for p in response.context["problems"]][-1] == ("activities", None)
    assert row_counts() == before


def test_thousands_of_invalid_rows_answer_a_small_page_with_the_first_errors(focal, beni_ensar):
    data = big_activities_workbook(5_000)
    started = time.perf_counter()
    response = post(focal, beni_ensar, data)
    elapsed = time.perf_counter() - started
    problems = response.context["problems"]
    more = len(problems) - spreadsheet_safety.MAX_ERRORS_SHOWN
    assert len(problems) >= 10_000  # two per row: the project and the progress
    with translation.override("fr"):
        tail = html.escape(
            ngettext("… and %(counter)s more error.", "… and %(counter)s more errors.", more)
            % {"counter": more}
        )
    assert_refused(response, tail)
    shown = re.search(r'<ul class="workbook-problems">(.*?)</ul>', response.content.decode(), re.S)
    assert shown.group(1).count("<li>") == spreadsheet_safety.MAX_ERRORS_SHOWN + 1
    assert len(response.content) < 200_000
    assert elapsed < 60
    assert not Programme.objects.exists()


def formula_workbook():
    book = openpyxl.load_workbook(io.BytesIO(BENI_ENSAR.read_bytes()))
    sheet = book["activities"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("title_fr") + 1
    sheet.cell(row=3, column=column, value='=CONCAT("Atelier ", A3)')
    number = (sheet.cell(row=3, column=1).value, sheet.cell(row=3, column=2).value)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue(), number


def test_a_formula_is_imported_as_its_text_with_a_located_warning(focal, beni_ensar):
    data, (project_number, number) = formula_workbook()
    warning = french("a formula was imported as its text; type the value instead.")
    checked = post(focal, beni_ensar, data)
    assert checked.status_code == 200
    assert [(w.sheet, w.row, w.column) for w in checked.context["report"].warnings] == [
        ("activities", 3, "title_fr")
    ]
    assert warning in checked.content.decode()
    assert not Programme.objects.exists()

    stored = post(focal, beni_ensar, data, dry_run=False, follow=True)
    assert stored.status_code == 200
    assert warning in stored.content.decode()
    activity = Activity.objects.get(
        project__programme__member=beni_ensar, project__number=project_number, number=number
    )
    assert activity.title_fr == '=CONCAT("Atelier ", A3)'


def test_the_command_refuses_a_hostile_file_too(tmp_path, beni_ensar):
    data = BENI_ENSAR.read_bytes()
    path = tmp_path / "programme.xlsx"
    path.write_bytes(
        patched(data, {sheet_part(data, "axes"): with_doctype('<!DOCTYPE x [<!ENTITY a "b">]>')})
    )
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_programme", str(path), member=beni_ensar.slug, stderr=errors)
    assert "axes" in errors.getvalue()
    assert not Programme.objects.exists()


def test_the_limits_can_be_lowered_by_settings(focal, beni_ensar, settings):
    settings.SPREADSHEET_MAX_UPLOAD_BYTES = 1000
    response = post(focal, beni_ensar, BENI_ENSAR.read_bytes(), dry_run=False)
    assert_refused(
        response,
        french(
            "The file is larger than %(size)s MB: the portal refuses it.",
            size=f"{1000 / 1048576:g}",
        ),
    )
    assert not Programme.objects.exists()


CELLS = (
    "the sheet has %(rows)s rows × %(columns)s columns up to its last values "
    "(%(cells)s cells); the portal reads at most %(limit)s cells."
)


def test_a_sparse_sheet_spanning_two_million_cells_is_refused(focal, beni_ensar):
    book = openpyxl.load_workbook(io.BytesIO(BENI_ENSAR.read_bytes()))
    sheet = book["activities"]
    sheet.cell(row=1, column=100, value="far")
    sheet.cell(row=20_000, column=1, value=1)
    output = io.BytesIO()
    book.save(output)
    before = row_counts()
    response = post(focal, beni_ensar, output.getvalue(), dry_run=False)
    message = french(CELLS, rows=20000, columns=100, cells=2000000, limit=1000000)
    assert_refused(response, message)
    assert [(p.sheet, p.row) for p in response.context["problems"]][-1] == ("activities", None)
    assert row_counts() == before


def test_a_value_beyond_column_100_is_refused(focal, beni_ensar):
    book = openpyxl.load_workbook(io.BytesIO(BENI_ENSAR.read_bytes()))
    book["axes"].cell(row=2, column=101, value="far")
    output = io.BytesIO()
    book.save(output)
    response = post(focal, beni_ensar, output.getvalue(), dry_run=False)
    message = french(
        "the sheet has values beyond column %(limit)s; the portal refuses it.", limit=100
    )
    assert_refused(response, message)
    assert response.context["problems"][-1].sheet == "axes"
    assert not Programme.objects.exists()


def spanned(sheet):
    """The last row and the last column of ``sheet`` (openpyxl) holding a value."""
    cells = [(c.row, c.column) for row in sheet.iter_rows() for c in row if c.value is not None]
    return max(row for row, _column in cells), max(column for _row, column in cells)


def test_the_cell_limit_can_be_lowered_by_settings(focal, beni_ensar, settings):
    book = openpyxl.load_workbook(BENI_ENSAR)
    spans = {name: spanned(book[name]) for name in book.sheetnames if name in SHEET_NAMES}
    widest = max(spans, key=lambda name: spans[name][0] * spans[name][1])
    rows, columns = spans[widest]
    settings.SPREADSHEET_MAX_CELLS = rows * columns - 1  # only the widest sheet passes it
    response = post(focal, beni_ensar, BENI_ENSAR.read_bytes(), dry_run=False)
    message = french(
        CELLS, rows=rows, columns=columns, cells=rows * columns, limit=rows * columns - 1
    )
    assert_refused(response, message)
    assert response.context["problems"][-1].sheet == widest
    assert not Programme.objects.exists()
