"""Import of ideas collected on paper or in person at a workshop (CSV, XLSX): the service, the
command and the admin (fixtures in tests/consultations/conftest.py)."""

import datetime
import io

import pytest
import tablib
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from consultations.models import AgeBand, Channel, Gender, Idea, Moderation, SubmitterKind
from consultations.services import IdeaImportError, import_paper_ideas

from ..import_messages import location

pytestmark = pytest.mark.django_db

HEADER = (
    "member,period,event,channel,axis_number,title,idea,submitter_kind,association_name,"
    "gender,age_band,name,email,phone\n"
)
GOOD_ROWS = (
    "beni-ensar,2024-2025,ورشة بني انصار,paper,1,حافلة للدواوير,توفير حافلة مدرسية,citizen,,"
    "woman,30_44,Amina,amina@example.ma,0611111111\n"
    "beni-ensar,2024-2025,ورشة بني انصار,in_person,,Espace vert,Un jardin public,association,"
    "Association Al Amal,,,,,\n"
)


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


def csv_file(text, name="ideas.csv"):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = name
    return file


def test_a_good_file_stores_every_row_with_its_channel_and_workshop(beni_ensar, event_a, axis_a):
    count = import_paper_ideas(csv_file(HEADER + GOOD_ROWS), member=beni_ensar)
    assert count == 2
    bus = Idea.objects.get(title="حافلة للدواوير")
    assert (bus.channel, bus.event, bus.station, bus.axis) == (
        Channel.PAPER,
        event_a,
        event_a.station,
        axis_a,
    )
    assert (bus.email, bus.gender, bus.age_band) == ("amina@example.ma", "woman", "30_44")
    assert bus.submitted_at == event_a.starts_at
    assert bus.moderation == Moderation.PENDING
    garden = Idea.objects.get(title="Espace vert")
    assert (garden.channel, garden.axis, garden.association_name) == (
        Channel.IN_PERSON,
        None,
        "Association Al Amal",
    )


def test_an_xlsx_file_is_stored_too(beni_ensar, event_a, axis_a):
    dataset = tablib.Dataset().load(HEADER + GOOD_ROWS, format="csv")
    file = io.BytesIO(dataset.export("xlsx"))
    file.name = "ideas.xlsx"
    assert import_paper_ideas(file, member=beni_ensar) == 2


def test_the_workshop_may_be_named_by_its_number_and_choices_by_their_label(beni_ensar, event_a):
    labels = [
        str(choice.label)
        for choice in (Channel.PAPER, SubmitterKind.CITIZEN, Gender.WOMAN, AgeBand.FROM_18_TO_29)
    ]
    assert labels[0] != "paper"  # the French label, not the code
    row = "beni-ensar,2024-2025,{},{},,Titre,Texte,{},,{},{},,,\n".format(event_a.pk, *labels)
    import_paper_ideas(csv_file(HEADER + row), member=beni_ensar)
    idea = Idea.objects.get()
    assert (idea.channel, idea.submitter_kind, idea.gender, idea.age_band) == (
        "paper",
        "citizen",
        "woman",
        "18_29",
    )


def test_a_bad_row_stores_nothing_and_names_the_row_and_the_column(beni_ensar, event_a, axis_a):
    bad = GOOD_ROWS + (
        "beni-ensar,2024-2025,ورشة بني انصار,paper,1,Titre,Texte,citizen,,,,,not-an-email,\n"
    )
    with pytest.raises(IdeaImportError) as error:
        import_paper_ideas(csv_file(HEADER + bad), member=beni_ensar)
    assert not Idea.objects.exists()
    assert [(e.row, e.field) for e in error.value.errors] == [(3, "email")]
    assert location(3, "email") in str(error.value)


def test_unknown_workshop_axis_and_channel_are_errors_of_their_columns(beni_ensar, event_a):
    row = "beni-ensar,2024-2025,Atelier inconnu,online,7,Titre,Texte,citizen,,,,,,\n"
    with pytest.raises(IdeaImportError) as error:
        import_paper_ideas(csv_file(HEADER + row), member=beni_ensar)
    assert {e.field for e in error.value.errors} == {"event", "channel", "axis_number"}
    assert not Idea.objects.exists()


def test_a_row_without_a_title_or_text_is_refused(beni_ensar, event_a):
    row = "beni-ensar,2024-2025,ورشة بني انصار,paper,,,,citizen,,,,,,\n"
    with pytest.raises(IdeaImportError) as error:
        import_paper_ideas(csv_file(HEADER + row), member=beni_ensar)
    assert {e.field for e in error.value.errors} == {"title", "idea"}


def test_another_members_workshop_is_refused(beni_ensar, event_a, event_b):
    row = "beni-ensar,2024-2025,ورشة العرائش,paper,,Titre,Texte,citizen,,,,,,\n"
    with pytest.raises(IdeaImportError) as error:
        import_paper_ideas(csv_file(HEADER + row), member=beni_ensar)
    assert [e.field for e in error.value.errors] == ["event"]


def test_rows_of_another_member_than_the_one_given_are_refused(
    beni_ensar, event_a, event_b, axis_a
):
    rows = GOOD_ROWS + "larache,2024-2025,ورشة العرائش,paper,,Titre,Texte,citizen,,,,,,\n"
    with pytest.raises(IdeaImportError) as error:
        import_paper_ideas(csv_file(HEADER + rows), member=beni_ensar)
    assert [(e.row, e.field) for e in error.value.errors] == [(3, "member")]
    assert not Idea.objects.exists()


def test_a_focal_point_may_import_into_its_own_member(alice, beni_ensar, event_a, axis_a):
    assert import_paper_ideas(csv_file(HEADER + GOOD_ROWS), member=beni_ensar, user=alice) == 2


def test_another_focal_point_may_not_import_into_the_member(bob, beni_ensar, event_a, axis_a):
    with pytest.raises(IdeaImportError) as error:
        import_paper_ideas(csv_file(HEADER + GOOD_ROWS), member=beni_ensar, user=bob)
    assert {e.field for e in error.value.errors} == {"member"}
    assert not Idea.objects.exists()


def test_a_dry_run_stores_nothing(beni_ensar, event_a, axis_a):
    count = import_paper_ideas(csv_file(HEADER + GOOD_ROWS), member=beni_ensar, dry_run=True)
    assert count == 2
    assert not Idea.objects.exists()


def test_an_unsupported_file_type_is_refused(beni_ensar):
    with pytest.raises(IdeaImportError):
        import_paper_ideas(csv_file(HEADER, name="ideas.ods"), member=beni_ensar)


# The command ----------------------------------------------------------------------------------


def write(tmp_path, text):
    path = tmp_path / "ideas.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_command_stores_the_file(tmp_path, beni_ensar, event_a, axis_a):
    out = io.StringIO()
    path = write(tmp_path, HEADER + GOOD_ROWS)
    call_command("import_ideas", path, member="beni-ensar", stdout=out)
    assert Idea.objects.count() == 2
    with translation.override("ar"):
        expected = ngettext(
            "%(count)s idea from %(file)s for %(member)s.",
            "%(count)s ideas from %(file)s for %(member)s.",
            2,
        ) % {"count": 2, "file": path, "member": "beni-ensar"}
    assert expected in out.getvalue()


def test_the_command_dry_run_stores_nothing(tmp_path, beni_ensar, event_a, axis_a):
    path = write(tmp_path, HEADER + GOOD_ROWS)
    call_command("import_ideas", path, member="beni-ensar", dry_run=True, stdout=io.StringIO())
    assert not Idea.objects.exists()


def test_the_command_reports_the_errors_and_stores_nothing(tmp_path, beni_ensar, larache, event_a):
    path = write(tmp_path, HEADER + "larache,2024-2025,x,paper,,T,B,citizen,,,,,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_ideas", path, member="beni-ensar", stderr=err)
    with translation.override("ar"):
        assert location(1, "member") in err.getvalue()
        assert str(raised.value) == refused(path, 1)
    assert not Idea.objects.exists()


NOT_YOURS = "You may not add ideas to %(member)s."
NO_WORKSHOP = "%(member)s has no workshop “%(event)s”."


def refused(path, count):
    return ngettext(
        "%(count)s error in %(file)s: nothing was stored.",
        "%(count)s errors in %(file)s: nothing was stored.",
        count,
    ) % {"count": count, "file": path}


def command_errors(tmp_path, **options):
    rows = (
        "larache,2024-2025,x,paper,,T,B,citizen,,,,,,\n"
        "beni-ensar,2024-2025,Atelier inconnu,paper,,T,B,citizen,,,,,,\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_ideas",
            write(tmp_path, HEADER + rows),
            member="beni-ensar",
            stderr=err,
            **options,
        )
    return err.getvalue()


def expected_command_errors(beni_ensar, larache):
    return [
        location(1, "member", gettext(NOT_YOURS) % {"member": larache}),
        location(
            2, "event", gettext(NO_WORKSHOP) % {"member": beni_ensar, "event": "Atelier inconnu"}
        ),
    ]


def test_the_commands_errors_are_in_french_with_language_fr(tmp_path, beni_ensar, larache, event_a):
    with translation.override("ar"):
        err = command_errors(tmp_path, language="fr")
        with translation.override("fr"):
            expected = expected_command_errors(beni_ensar, larache)
    assert err.splitlines() == expected
    for english in ("Row ", "column", "You may not", "has no workshop"):
        assert english not in err
    assert not Idea.objects.exists()


def test_the_commands_errors_are_in_arabic_by_default(tmp_path, beni_ensar, larache, event_a):
    err = command_errors(tmp_path)
    with translation.override("ar"):
        expected = expected_command_errors(beni_ensar, larache)
    assert err.splitlines() == expected
    for english in ("Row ", "line", "column", "You may not", "has no workshop"):
        assert english not in err


def test_the_command_refuses_an_unknown_member_in_the_language_given(tmp_path, beni_ensar):
    path = write(tmp_path, HEADER + GOOD_ROWS)
    with pytest.raises(CommandError) as raised:
        call_command("import_ideas", path, member="nowhere", language="fr")
    assert str(raised.value) == gettext("No member has the slug “%(slug)s”.") % {"slug": "nowhere"}


# Undated workshops ------------------------------------------------------------------------------


def test_an_idea_of_an_undated_workshop_is_dated_by_its_stations_first_day(
    beni_ensar, event_a, axis_a
):
    event_a.starts_at = None
    event_a.save()
    import_paper_ideas(csv_file(HEADER + GOOD_ROWS), member=beni_ensar)
    first_day = event_a.station.starts_on
    assert {timezone.localtime(idea.submitted_at) for idea in Idea.objects.all()} == {
        timezone.make_aware(datetime.datetime.combine(first_day, datetime.time.min))
    }


def test_an_idea_of_an_undated_workshop_of_an_undated_station_is_dated_by_the_import(
    beni_ensar, event_a, axis_a
):
    event_a.starts_at = None
    event_a.save()
    event_a.station.starts_on = event_a.station.ends_on = None
    event_a.station.online_input = ""
    event_a.station.save()
    imported_at = datetime.datetime(2027, 2, 3, 11, 30, tzinfo=datetime.UTC)
    with time_machine.travel(imported_at, tick=False):
        import_paper_ideas(csv_file(HEADER + GOOD_ROWS), member=beni_ensar)
    assert set(Idea.objects.values_list("submitted_at", flat=True)) == {imported_at}


# The admin --------------------------------------------------------------------------------------


IMPORT_URL = reverse("admin:consultations_idea_import")
PROCESS_URL = reverse("admin:consultations_idea_process_import")


def upload(client, text):
    return client.post(IMPORT_URL, {"resource": 0, "format": 0, "import_file": csv_file(text)})


def test_the_admin_import_previews_then_stores_the_file(login, alice, event_a, axis_a):
    client = login(alice)
    preview = upload(client, HEADER + GOOD_ROWS)
    assert preview.status_code == 200
    assert not Idea.objects.exists()
    response = client.post(PROCESS_URL, preview.context["confirm_form"].initial)
    assert response.status_code == 302
    assert set(Idea.objects.values_list("channel", flat=True)) == {"paper", "in_person"}


def test_the_admin_import_shows_another_members_rows_as_errors(login, bob, event_a, axis_a):
    response = upload(login(bob), HEADER + GOOD_ROWS)
    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert response.context.get("confirm_form") is None
    assert not Idea.objects.exists()


def test_a_committee_member_may_not_import_ideas(login, charlie, event_a):
    assert upload(login(charlie), HEADER + GOOD_ROWS).status_code == 403
    assert not Idea.objects.exists()


def test_an_xlsx_files_errors_name_the_sheet_and_its_row_number(beni_ensar, event_a, axis_a):
    bad = "beni-ensar,2024-2025,ورشة بني انصار,paper,1,Titre,Texte,citizen,,,,,not-an-email,\n"
    dataset = tablib.Dataset(title="cartes").load(HEADER + bad, format="csv")
    file = io.BytesIO(dataset.export("xlsx"))
    file.name = "ideas.xlsx"
    with pytest.raises(IdeaImportError) as error:
        import_paper_ideas(file, member=beni_ensar)
    [row_error] = error.value.errors
    assert (row_error.sheet, row_error.row, row_error.field) == ("cartes", 1, "email")
    assert str(row_error).startswith(
        gettext("Sheet “%(sheet)s”, row %(row)s, column “%(column)s”: %(message)s")
        % {"sheet": "cartes", "row": 2, "column": "email", "message": ""}
    )
