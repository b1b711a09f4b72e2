"""The source notes of the 2023 members: written in Arabic for the staff and focal points who
read them in the admin, naming the documents as they are known (not by internal file names),
and given by the data migration to the members that still carry the old English note."""

import csv
import re
from importlib import import_module

import pytest
from django.apps import apps

from network.models import Member
from network.services import MEMBERS_2023_FILE, import_members

pytestmark = pytest.mark.django_db

migration = import_module("network.migrations.0008_member_source_notes_in_arabic")

PRESS_KIT_TABLE = "قائمة أعضاء الشبكة المنشورة في الملف الصحفي"
BENI_ENSAR_DOCUMENT = "وثيقة جماعة بني أنصار حول برنامج عمل الانفتاح"
LATIN_WORD = re.compile("[A-Za-z]{3,}")
# "004", "003": the numbers of the internal files.
INTERNAL_NUMBER = re.compile(r"\b00\d\b")


def notes():
    with open(MEMBERS_2023_FILE, encoding="utf-8") as file:
        return {
            row["slug"]: row["source_note"] for row in csv.DictReader(file) if row["source_note"]
        }


def replace_english_notes():
    migration.replace_english_source_notes(apps, None)


# The shipped list ------------------------------------------------------------------------------


def test_twenty_rows_of_the_list_carry_a_note():
    assert len(notes()) == 20


def test_no_note_has_a_latin_word():
    for slug, note in notes().items():
        assert not LATIN_WORD.search(note), (slug, LATIN_WORD.findall(note))


def test_no_note_names_an_internal_file():
    for slug, note in notes().items():
        assert "seed" not in note.lower() and not INTERNAL_NUMBER.search(note), slug


def test_the_notes_name_the_documents_as_readers_know_them():
    listed = notes()
    assert PRESS_KIT_TABLE in listed["al-hoceima"]
    assert PRESS_KIT_TABLE in listed["province-zagora"]
    assert BENI_ENSAR_DOCUMENT in listed["beni-ensar"]


def test_the_notes_keep_the_dates_and_the_printed_names():
    listed = notes()
    assert "22 أكتوبر 2022" in listed["beni-ensar"]
    assert "21 أكتوبر 2022" in listed["beni-ensar"]
    assert "«درعة-تافيلالت»" in listed["al-hoceima"]
    assert "«خريكة»" in listed["khouribga"] and "«خريبكة»" in listed["khouribga"]
    assert "تحديد غير مؤكد" in listed["saada"]
    assert "12 جهة" in listed["region-guelmim-oued-noun"]


def test_loading_the_list_stores_the_arabic_note():
    import_members(MEMBERS_2023_FILE)
    assert Member.objects.get(slug="oujda").source_note == notes()["oujda"]


# The data migration ----------------------------------------------------------------------------


def test_the_migration_gives_the_same_notes_as_the_list():
    assert migration.ARABIC_NOTES == notes()
    assert set(migration.ENGLISH_NOTES) == set(notes())


def test_the_old_english_notes_named_the_internal_files():
    assert all(
        "seed 00" in note.lower()
        for note in (
            migration.ENGLISH_NOTES["al-hoceima"],
            migration.ENGLISH_NOTES["beni-ensar"],
        )
    )


def test_the_migration_replaces_the_old_english_note():
    import_members(MEMBERS_2023_FILE)
    english = migration.ENGLISH_NOTES
    for slug in ("beni-ensar", "province-tiznit", "guelmim"):
        Member.objects.filter(slug=slug).update(source_note=english[slug])

    replace_english_notes()

    for slug in ("beni-ensar", "province-tiznit", "guelmim"):
        assert Member.objects.get(slug=slug).source_note == notes()[slug]


def test_the_migration_keeps_a_note_a_person_changed():
    import_members(MEMBERS_2023_FILE)
    edited = migration.ENGLISH_NOTES["beni-ensar"] + " Checked with the commune in 2024."
    Member.objects.filter(slug="beni-ensar").update(source_note=edited)
    Member.objects.filter(slug="oujda").update(source_note="")
    Member.objects.filter(slug="rabat").update(source_note="ملاحظة كتبها فريق الشبكة")

    replace_english_notes()

    assert Member.objects.get(slug="beni-ensar").source_note == edited
    assert Member.objects.get(slug="oujda").source_note == ""
    assert Member.objects.get(slug="rabat").source_note == "ملاحظة كتبها فريق الشبكة"


def test_the_migration_only_touches_its_own_slug():
    import_members(MEMBERS_2023_FILE)
    # Sefrou's old note on another member is not Sefrou's: it stays as it is.
    other = migration.ENGLISH_NOTES["sefrou"]
    Member.objects.filter(slug="fes").update(source_note=other)

    replace_english_notes()

    assert Member.objects.get(slug="fes").source_note == other
