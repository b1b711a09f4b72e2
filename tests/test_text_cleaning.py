"""Text that cannot lie about itself (ctouvertes/text.py): bidi controls, zero-width and control
characters never reach the database, whichever way a row is written; Arabic, Tifinagh and the
marks bodies legitimately use are kept."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from ctouvertes.text import clean_multiline, clean_single_line
from programmes.models import Activity, Axis, CommitteeMember, Partner, Programme, Project
from programmes.services import import_programme_workbook
from programmes.workbook import SHEETS, export_programme

from .factories import CommuneFactory
from .programmes.helpers import make_member, make_programme

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "\u202etxt.exe" displays as "exe.txt"
ARABIC = "نقل مدرسي للتلاميذ"
TIFINAGH = "ⵜⴰⵎⵙⵙⵓⵔⵜ ⵏ ⴱⵏⵉ ⴰⵏⵚⴰⵔ"

REMOVED_EVERYWHERE = {
    "LRE": "\u202a",
    "RLE": "\u202b",
    "PDF": "\u202c",
    "LRO": "\u202d",
    "RLO": "\u202e",
    "LRI": "\u2066",
    "RLI": "\u2067",
    "FSI": "\u2068",
    "PDI": "\u2069",
    "BOM": "\ufeff",
    "NUL": "\x00",
    "BEL": "\x07",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "C1": "\x9b",
    "TAG": "\U000e0041",
}
# Removed from a single line, kept in a body (Arabic and Persian texts use them).
MARKS = {
    "LRM": "\u200e",
    "RLM": "\u200f",
    "ALM": "\u061c",
    "ZWJ": "\u200d",
    "ZWNJ": "\u200c",
}
REMOVED_FROM_SINGLE_LINES = {
    **REMOVED_EVERYWHERE,
    **MARKS,
    "ZWSP": "\u200b",
    "WJ": "\u2060",
    "MVS": "\u180e",
    "SHY": "\u00ad",
    "HANGUL_FILLER": "\u3164",
    "BRAILLE_BLANK": "\u2800",
    "CGJ": "\u034f",
    "KHMER_INHERENT_AQ": "\u17b4",
    "MONGOLIAN_FVS1": "\u180b",
    "VS16": "\ufe0f",
    "VS17": "\U000e0100",
}


@pytest.mark.parametrize("char", REMOVED_FROM_SINGLE_LINES.values(), ids=REMOVED_FROM_SINGLE_LINES)
def test_a_single_line_loses_every_invisible_character(char):
    assert clean_single_line(f"{char}txt{char}.exe{char}") == "txt.exe"


@pytest.mark.parametrize("char", REMOVED_EVERYWHERE.values(), ids=REMOVED_EVERYWHERE)
def test_a_body_loses_the_characters_that_reverse_or_hide_text(char):
    assert clean_multiline(f"{char}ligne 1\n{char}ligne 2") == "ligne 1\nligne 2"


@pytest.mark.parametrize("char", MARKS.values(), ids=MARKS)
def test_a_body_keeps_the_direction_marks_and_joiners(char):
    text = f"میخواهم{char}بروم 12 km\n"
    assert clean_multiline(text) == text


def test_a_body_keeps_its_line_ends_tabs_and_spacing():
    text = "  Première ligne\r\n\tdeuxième  ligne\n\n"
    assert clean_multiline(text) == text


def test_a_single_line_collapses_white_space_and_keeps_no_break_spaces():
    assert clean_single_line("  Titre\t de\n\n l'idée\u00a0: oui  ") == "Titre de l'idée\u00a0: oui"
    assert clean_single_line(f"a {RLO} b") == "a b"


@pytest.mark.parametrize("text", [ARABIC, TIFINAGH, "Tétouan — 2024-2025", "\u0600١٢٣", "😀"])
def test_real_text_is_kept_intact(text):
    assert clean_single_line(text) == text
    assert clean_multiline(text) == text


def test_a_text_made_only_of_invisible_characters_becomes_empty():
    assert clean_single_line(f"{RLO}\u200b\u2066\ufeff \u3164") == ""


@pytest.mark.parametrize("value", [None, 3, b"\xe2\x80\xae"])
def test_anything_but_text_is_left_as_it_is(value):
    assert clean_single_line(value) is value
    assert clean_multiline(value) is value


# Every save of the project's models (pre_save, network/apps.py) ---------------------------------


@pytest.mark.django_db
def test_a_saved_row_stores_its_titles_and_bodies_cleaned_in_every_language():
    programme = make_programme()
    axis = Axis.objects.create(
        programme=programme,
        number=2,
        title_ar=f"{RLO}{ARABIC}",
        title_fr=f"Mobilité\u200b {RLO}scolaire",
        title_zgh=f"\u2066{TIFINAGH}\u2069",
        description_ar=f"سطر\u200c أول\x00\n{RLO}سطر ثان",
    )
    # The untranslated ``title`` column holds one of the languages (modeltranslation fills it
    # from the thread's language, whichever the previous test left): cleaned, whichever it is.
    stored = Axis.objects.filter(pk=axis.pk).values(
        "title", "title_ar", "title_fr", "title_zgh", "description_ar"
    )[0]
    assert stored.pop("title") in (ARABIC, "Mobilité scolaire", TIFINAGH)
    assert stored == {
        "title_ar": ARABIC,
        "title_fr": "Mobilité scolaire",
        "title_zgh": TIFINAGH,
        "description_ar": "سطر\u200c أول\nسطر ثان",
    }


@pytest.mark.django_db
def test_cleaning_writes_no_language_into_another():
    """modeltranslation's ``title`` reads and writes the active language: cleaning must not
    copy the Arabic title into the empty French one."""
    programme = make_programme()
    with translation.override("fr"):
        axis = Axis.objects.create(programme=programme, number=2, title_ar=f"{RLO}{ARABIC}")
    title_ar, title_fr = Axis.objects.filter(pk=axis.pk).values_list("title_ar", "title_fr").get()
    assert (title_ar, title_fr or "") == (ARABIC, "")


@pytest.mark.django_db
def test_a_save_of_some_fields_cleans_them():
    member = CommuneFactory(name_ar="جماعة")
    member.name_ar = f"{RLO}جماعة\u200b"
    member.save(update_fields=["name_ar"])
    member.refresh_from_db()
    assert member.name_ar == "جماعة"


# The programme file's bulk writes (bulk_create, bulk_update, COPY on PostgreSQL) ----------------

BENI_ENSAR = Path(__file__).resolve().parents[1] / "programmes/data/beni-ensar-2024-2025.xlsx"


def edited_workbook(data, edits):
    """``data`` (a workbook) with ``edits``: {(sheet, column, row from 2): value}."""
    book = load_workbook(io.BytesIO(data))
    for (sheet, column, row), value in edits.items():
        names = [c.name for c in next(s for s in SHEETS if s.name == sheet).columns]
        book[sheet].cell(row=row, column=names.index(column) + 1, value=value)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


def cell_value(data, sheet, column, row):
    book = load_workbook(io.BytesIO(data))
    names = [c.name for c in next(s for s in SHEETS if s.name == sheet).columns]
    return book[sheet].cell(row=row, column=names.index(column) + 1).value


@pytest.fixture
def hostile_workbook(db):
    """The shipped Beni Ensar file with invisible characters in texts of every bulk sheet."""
    member = make_member("beni-ensar")
    with open(BENI_ENSAR, "rb") as handle:
        programme = import_programme_workbook(handle, member=member).programme
    data = export_programme(programme)
    partner = cell_value(data, "partners", "partner_ar", 2)
    committee_member = "Fatima Zahra"
    edits = {
        ("activities", "title_fr", 2): f"{RLO}Réunion\u200b de lancement",
        ("activities", "cost_note_ar", 2): f"ملاحظة{RLO}\nسطر\ufeff",
        ("projects", "problems_ar", 2): f"سطر\u200c أول{RLO}\n\u2067سطر ثان",
        ("projects", "title_fr", 2): "\u2066Bus\u2069 scolaire\ufeff",
        ("indicators", "label_fr", 2): f"Élèves{RLO} transportés",
        ("partners", "partner_ar", 2): f"{partner}\u200b",
        ("committee", "name_ar", 2): f"لجنة{RLO} التتبع",
        ("committee_members", "full_name", 2): f"{RLO}{committee_member}\u200b",
        ("committee_members", "category", 2): "chair",
    }
    Programme.objects.all().delete()
    return member, data, edits, partner, committee_member


def assert_stored_clean(partner, committee_member):
    activity = Activity.objects.get(project__number=1, number=1)
    # A single line's line end is a space; a body keeps it, and its joiner.
    assert (activity.title_fr, activity.cost_note_ar) == ("Réunion de lancement", "ملاحظة سطر")
    project = Project.objects.get(number=1)
    assert (project.title_fr, project.problems_ar) == ("Bus scolaire", "سطر\u200c أول\nسطر ثان")
    assert Partner.objects.filter(name_ar=partner).count() == 1
    assert CommitteeMember.objects.filter(full_name=committee_member).count() == 1


def test_a_file_of_new_rows_stores_them_cleaned_and_again_changes_nothing(hostile_workbook):
    member, data, edits, partner, committee_member = hostile_workbook
    import_programme_workbook(edited_workbook(data, edits), member=member)
    assert_stored_clean(partner, committee_member)
    stored_label = (
        Project.objects.get(number=1).indicators.order_by("kind", "number").first().label_fr
    )
    assert RLO not in stored_label
    again = import_programme_workbook(edited_workbook(data, edits), member=member)
    assert not again.changed, again.summary()


def test_a_file_updating_rows_stores_them_cleaned(hostile_workbook):
    member, data, edits, partner, committee_member = hostile_workbook
    import_programme_workbook(io.BytesIO(data), member=member)
    report = import_programme_workbook(edited_workbook(data, edits), member=member)
    assert report.deleted.total() == 0
    assert_stored_clean(partner, committee_member)


@pytest.mark.django_db
def test_text_stored_before_the_cleaning_is_cleaned_once_by_the_command():
    programme = make_programme()
    axis = Axis.objects.create(programme=programme, number=2, title_ar=ARABIC)
    # As an older version stored it (an update sends no pre_save).
    Axis.objects.filter(pk=axis.pk).update(
        title_ar=f"{RLO}{ARABIC}\u200b", description_ar=f"سطر\u200c أول\n{RLO}سطر ثان"
    )
    dry = io.StringIO()
    call_command("clean_stored_text", "--dry-run", stdout=dry)
    assert "programmes.Axis: 1" in dry.getvalue()
    assert Axis.objects.get(pk=axis.pk).title_ar == f"{RLO}{ARABIC}\u200b"
    out = io.StringIO()
    call_command("clean_stored_text", stdout=out)
    assert "programmes.Axis: 1" in out.getvalue()
    stored = Axis.objects.filter(pk=axis.pk).values("title_ar", "description_ar")[0]
    assert stored == {"title_ar": ARABIC, "description_ar": "سطر\u200c أول\nسطر ثان"}
    again = io.StringIO()
    call_command("clean_stored_text", stdout=again)
    assert again.getvalue().strip().endswith("0 rows cleaned.")
