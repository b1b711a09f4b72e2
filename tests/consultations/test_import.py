"""Import of ideas collected on paper or in person at a workshop (CSV, XLSX): the service, the
command and the admin (fixtures in tests/consultations/conftest.py)."""

import io

import pytest
import tablib
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from consultations.models import AgeBand, Channel, Gender, Idea, Moderation, SubmitterKind
from consultations.services import IdeaImportError, import_paper_ideas

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
    assert "Row 3 (line 4), column email" in str(error.value)


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
    call_command(
        "import_ideas", write(tmp_path, HEADER + GOOD_ROWS), member="beni-ensar", stdout=out
    )
    assert Idea.objects.count() == 2
    assert "2 idea(s)" in out.getvalue()


def test_the_command_dry_run_stores_nothing(tmp_path, beni_ensar, event_a, axis_a):
    path = write(tmp_path, HEADER + GOOD_ROWS)
    call_command("import_ideas", path, member="beni-ensar", dry_run=True, stdout=io.StringIO())
    assert not Idea.objects.exists()


def test_the_command_reports_the_errors_and_stores_nothing(tmp_path, beni_ensar, larache, event_a):
    path = write(tmp_path, HEADER + "larache,2024-2025,x,paper,,T,B,citizen,,,,,,\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_ideas", path, member="beni-ensar", stderr=err)
    assert "Row 1 (line 2), column member" in err.getvalue()
    assert not Idea.objects.exists()


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
