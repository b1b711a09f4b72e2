"""The consultations admin, scoped by role: stations, workshops, ideas and observations of two
members (fixtures in tests/consultations/conftest.py). Pages are requested in French."""

import datetime

import pytest
from django.forms import MultiWidget, NullBooleanSelect
from django.urls import reverse
from django.utils import timezone, translation

from consultations.models import Channel, Event, Idea, Moderation, Station, SubmitterKind

from .helpers import make_idea, make_station

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


def url(name, *args):
    return reverse(f"admin:consultations_{name}", args=args)


def changelist_pks(response):
    return {obj.pk for obj in response.context["cl"].result_list}


def form_data(response):
    """The POST data of an admin change form as the page shows it, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            if isinstance(field.widget, MultiWidget):
                # Date and time as two inputs: starts_at_0, starts_at_1.
                parts = field.widget.decompress(value)
                for index, (widget, part) in enumerate(
                    zip(field.widget.widgets, parts, strict=True)
                ):
                    data[f"{bound.html_name}_{index}"] = widget.format_value(part) or ""
            elif isinstance(field.widget, NullBooleanSelect):
                data[bound.html_name] = {True: "true", False: "false"}.get(value, "unknown")
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(item) for item in value]
            elif value is not None:
                data[bound.html_name] = str(value)
    return data


def paper_idea(event, **data):
    from consultations.services import submit_idea

    return submit_idea(
        programme=event.station.programme,
        data={
            "title": "Éclairage public",
            "body": "Éclairer la route du douar.",
            "submitter_kind": SubmitterKind.CITIZEN,
            **data,
        },
        channel=Channel.PAPER,
        event=event,
        station=event.station,
    )


# Ideas: lists and change pages ----------------------------------------------------------------


def test_a_focal_point_lists_only_its_members_ideas(login, alice, idea_a, idea_b):
    response = login(alice).get(url("idea_changelist"))
    assert changelist_pks(response) == {idea_a.pk}


def test_a_committee_member_lists_only_its_members_ideas(login, charlie, idea_a, idea_b):
    response = login(charlie).get(url("idea_changelist"))
    assert changelist_pks(response) == {idea_a.pk}


def test_network_staff_list_every_idea(login, diana, idea_a, idea_b):
    response = login(diana).get(url("idea_changelist"))
    assert changelist_pks(response) == {idea_a.pk, idea_b.pk}


def test_a_user_without_role_may_not_open_the_ideas(login, idea_a):
    from tests.factories import UserFactory

    response = login(UserFactory(username="eve")).get(url("idea_changelist"))
    assert response.status_code == 403


def test_the_idea_list_never_shows_personal_data(login, diana, idea_a):
    response = login(diana).get(url("idea_changelist"))
    assert response.status_code == 200
    assert idea_a.tracking_code in response.text
    assert "fatima.a@example.ma" not in response.text
    assert "Fatima Citoyenne" not in response.text
    assert "0600000001" not in response.text


def test_the_change_page_shows_the_submitters_personal_data_to_the_committee(
    login, charlie, idea_a
):
    response = login(charlie).get(url("idea_change", idea_a.pk))
    assert response.status_code == 200
    assert "fatima.a@example.ma" in response.text
    assert "0600000001" in response.text


def test_another_focal_point_gets_404_on_the_idea(login, bob, idea_a):
    response = login(bob).get(url("idea_change", idea_a.pk))
    assert response.status_code == 404


def test_another_focal_point_cannot_post_to_the_idea(login, alice, bob, idea_a):
    data = form_data(login(alice).get(url("idea_change", idea_a.pk)))
    data["moderation"] = Moderation.PUBLISHED
    response = login(bob).post(url("idea_change", idea_a.pk), data)
    assert response.status_code == 404
    idea_a.refresh_from_db()
    assert idea_a.moderation == Moderation.PENDING


def test_another_committee_cannot_open_the_idea(login, charlie, idea_b):
    assert login(charlie).get(url("idea_change", idea_b.pk)).status_code == 404


def test_an_online_ideas_text_is_read_only_even_for_its_focal_point(login, alice, idea_a):
    client = login(alice)
    data = form_data(client.get(url("idea_change", idea_a.pk)))
    assert "title" not in data and "body" not in data and "email" not in data
    data.update(title="Titre réécrit", email="autre@example.ma")
    response = client.post(url("idea_change", idea_a.pk), data)
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.title, idea_a.email) == ("نقل مدرسي للتلاميذ", "fatima.a@example.ma")


def test_a_paper_ideas_text_stays_editable_by_its_focal_point(login, alice, event_a):
    idea = paper_idea(event_a)
    client = login(alice)
    data = form_data(client.get(url("idea_change", idea.pk)))
    data["title"] = "Éclairage public du douar"
    response = client.post(url("idea_change", idea.pk), data)
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Éclairage public du douar"


def test_a_committee_member_cannot_edit_a_paper_ideas_text(login, alice, charlie, event_a):
    idea = paper_idea(event_a)
    data = form_data(login(alice).get(url("idea_change", idea.pk)))
    data["title"] = "Changé par charlie"
    response = login(charlie).post(url("idea_change", idea.pk), data)
    assert response.status_code == 302  # moderation fields only: the title is ignored
    idea.refresh_from_db()
    assert idea.title == "Éclairage public"


def test_only_network_staff_delete_an_idea(login, alice, diana, idea_a):
    response = login(alice).post(url("idea_delete", idea_a.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Idea.objects.filter(pk=idea_a.pk).exists()
    response = login(diana).post(url("idea_delete", idea_a.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Idea.objects.filter(pk=idea_a.pk).exists()


def test_the_axis_filter_offers_only_the_users_axes(login, alice, idea_a, idea_b, axis_b):
    idea_b.axis = axis_b
    idea_b.save()
    response = login(alice).get(url("idea_changelist"))
    axis_filter = next(f for f in response.context["cl"].filter_specs if f.title == "axe")
    assert {pk for pk, _label in axis_filter.lookup_choices} == {idea_a.axis_id}


def test_the_change_page_lists_similar_ideas_of_the_same_member(login, charlie, idea_a, idea_b):
    twin = make_idea(idea_a.programme, title="نقل مدرسي لتلاميذ الدواوير")
    other = make_idea(idea_b.programme, title="نقل مدرسي للتلاميذ")
    response = login(charlie).get(url("idea_change", idea_a.pk))
    assert reverse("admin:consultations_idea_change", args=[twin.pk]) in response.text
    assert twin.tracking_code in response.text
    assert other.tracking_code not in response.text


# Ideas entered by a focal point --------------------------------------------------------------


def add_data(programme, event, **fields):
    return {
        "programme": programme.pk,
        "event": event.pk,
        "channel": Channel.PAPER,
        "title": "Espace vert",
        "body": "Aménager un espace vert près de l'école.",
        "submitter_kind": SubmitterKind.ASSOCIATION,
        "association_name": "Association Al Amal",
        "gender": "woman",
        "name": "Nadia",
        **fields,
    }


def test_a_focal_point_enters_a_paper_idea(login, alice, programme_a, event_a):
    response = login(alice).post(url("idea_add"), add_data(programme_a, event_a))
    assert response.status_code == 302
    idea = Idea.objects.get(title="Espace vert")
    assert (idea.channel, idea.event, idea.station) == (Channel.PAPER, event_a, event_a.station)
    assert idea.submitted_at == event_a.starts_at
    assert (idea.moderation, len(idea.tracking_code)) == (Moderation.PENDING, 8)


def test_the_add_form_offers_in_person_and_paper_only(login, alice):
    response = login(alice).get(url("idea_add"))
    choices = [
        value for value, _label in response.context["adminform"].form.fields["channel"].choices
    ]
    assert choices == [Channel.IN_PERSON, Channel.PAPER]


def test_an_online_idea_cannot_be_entered_in_the_admin(login, alice, programme_a, event_a):
    data = add_data(programme_a, event_a, channel=Channel.ONLINE)
    response = login(alice).post(url("idea_add"), data)
    assert response.status_code == 200
    assert "channel" in response.context["adminform"].form.errors
    assert not Idea.objects.exists()


def test_a_focal_point_cannot_enter_an_idea_with_another_members_workshop(
    login, alice, programme_a, event_b
):
    response = login(alice).post(url("idea_add"), add_data(programme_a, event_b))
    assert response.status_code == 200
    assert "event" in response.context["adminform"].form.errors
    assert not Idea.objects.exists()


def test_a_focal_point_cannot_enter_an_idea_for_another_member(
    login, bob, programme_a, event_a, event_b
):
    response = login(bob).post(url("idea_add"), add_data(programme_a, event_a))
    assert response.status_code == 200
    assert "programme" in response.context["adminform"].form.errors
    assert not Idea.objects.exists()


def test_staff_cannot_attach_an_idea_to_another_members_workshop(
    login, diana, programme_a, event_b
):
    response = login(diana).post(url("idea_add"), add_data(programme_a, event_b))
    assert response.status_code == 200
    assert "event" in response.context["adminform"].form.errors


def test_a_committee_member_cannot_add_an_idea(login, charlie):
    assert login(charlie).get(url("idea_add")).status_code == 403


# Observations -----------------------------------------------------------------------------------


def test_a_focal_point_lists_only_its_members_observations(
    login, alice, observation_a, observation_b
):
    response = login(alice).get(url("observation_changelist"))
    assert changelist_pks(response) == {observation_a.pk}


def test_a_committee_member_lists_only_its_members_observations(
    login, charlie, observation_a, observation_b
):
    response = login(charlie).get(url("observation_changelist"))
    assert changelist_pks(response) == {observation_a.pk}


def test_another_focal_point_gets_404_on_the_observation(login, bob, observation_a):
    assert login(bob).get(url("observation_change", observation_a.pk)).status_code == 404


def test_the_observation_list_never_shows_personal_data(login, diana, observation_a):
    response = login(diana).get(url("observation_changelist"))
    assert "observer.a@example.ma" not in response.text


def test_a_focal_point_enters_a_paper_observation(login, alice, project_a, event_a):
    data = {
        "project": project_a.pk,
        "event": event_a.pk,
        "channel": Channel.PAPER,
        "aspect": "solutions",
        "body": "Deux rotations par jour.",
        "submitter_kind": SubmitterKind.CITIZEN,
    }
    response = login(alice).post(url("observation_add"), data)
    assert response.status_code == 302
    assert project_a.observations.get().channel == Channel.PAPER


# Stations ---------------------------------------------------------------------------------------


def test_a_focal_point_lists_only_its_members_stations(login, alice, station_a, station_b):
    response = login(alice).get(url("station_changelist"))
    assert changelist_pks(response) == {station_a.pk}


def test_network_staff_list_every_station(login, diana, station_a, station_b):
    response = login(diana).get(url("station_changelist"))
    assert changelist_pks(response) == {station_a.pk, station_b.pk}


def test_a_focal_point_changes_its_station(login, alice, station_a):
    client = login(alice)
    data = form_data(client.get(url("station_change", station_a.pk)))
    data["place_fr"] = "Salle communale"
    response = client.post(url("station_change", station_a.pk), data)
    assert response.status_code == 302
    station_a.refresh_from_db()
    assert station_a.place_fr == "Salle communale"


def test_a_committee_member_reads_a_station(login, charlie, station_a):
    response = login(charlie).get(url("station_change", station_a.pk))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_a_committee_member_cannot_change_a_station(login, alice, charlie, station_a):
    data = form_data(login(alice).get(url("station_change", station_a.pk)))
    data["place_fr"] = "Changé par charlie"
    response = login(charlie).post(url("station_change", station_a.pk), data)
    assert response.status_code == 403
    station_a.refresh_from_db()
    assert station_a.place_fr in ("", None)


def test_a_committee_member_cannot_add_a_station(login, charlie):
    assert login(charlie).get(url("station_add")).status_code == 403


def test_another_focal_point_gets_404_on_the_station(login, bob, station_a):
    assert login(bob).get(url("station_change", station_a.pk)).status_code == 404


def test_the_station_list_says_which_station_is_open_now(login, alice, programme_a):
    today = timezone.localdate()
    open_station = make_station(programme_a, starts_on=today, ends_on=today)
    past = make_station(
        programme_a,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today - datetime.timedelta(days=10),
    )
    response = login(alice).get(url("station_changelist") + "?open_now=yes")
    assert changelist_pks(response) == {open_station.pk}
    assert past.pk not in changelist_pks(response)


def test_a_focal_point_cannot_move_a_station_to_another_members_programme(
    login, alice, station_a, programme_b
):
    client = login(alice)
    data = form_data(client.get(url("station_change", station_a.pk)))
    data["programme"] = str(programme_b.pk)
    response = client.post(url("station_change", station_a.pk), data)
    assert response.status_code == 200
    assert Station.objects.get(pk=station_a.pk).programme_id == station_a.programme_id


# Workshops --------------------------------------------------------------------------------------


def test_a_focal_point_lists_only_its_members_workshops(login, alice, event_a, event_b):
    response = login(alice).get(url("event_changelist"))
    assert changelist_pks(response) == {event_a.pk}


def test_the_workshop_list_shows_the_share_of_women(login, alice, event_a):
    event_a.participants, event_a.women = 51, 15
    event_a.save()
    response = login(alice).get(url("event_changelist"))
    assert "29\u202f%" in response.text


def test_a_focal_point_changes_its_workshops_figures(login, alice, event_a):
    client = login(alice)
    data = form_data(client.get(url("event_change", event_a.pk)))
    data.update(participants="94", women="40")
    response = client.post(url("event_change", event_a.pk), data)
    assert response.status_code == 302
    event_a.refresh_from_db()
    assert (event_a.participants, event_a.women) == (94, 40)


def test_a_committee_member_cannot_change_a_workshop(login, alice, charlie, event_a):
    data = form_data(login(alice).get(url("event_change", event_a.pk)))
    data["participants"] = "999"
    response = login(charlie).post(url("event_change", event_a.pk), data)
    assert response.status_code == 403
    assert Event.objects.get(pk=event_a.pk).participants is None


def test_another_focal_point_gets_404_on_the_workshop(login, bob, event_a):
    assert login(bob).get(url("event_change", event_a.pk)).status_code == 404


def test_a_workshop_offers_only_the_users_stations(login, alice, station_a, station_b):
    response = login(alice).get(url("event_add"))
    station_field = response.context["adminform"].form.fields["station"]
    assert set(station_field.queryset) == {station_a}
