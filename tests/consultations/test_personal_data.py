"""Personal data of the people who send ideas and observations: erased on request (by tracking
code or email address) and after the retention period; the contributions, their tracking page
and the published figures stay. Commands run in English (``language="en"``: the source
language, so the assertions read the messages as written in the code)."""

import datetime

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from consultations.models import Channel, Fate, Gender, Idea, Observation, SubmitterKind
from consultations.selectors import programme_figures
from consultations.services import decide_fate, submit_idea

from .helpers import IDEA_DATA, make_idea, make_station

pytestmark = pytest.mark.django_db

PERSONAL_VALUES = ("Fatima Citoyenne", "fatima.a@example.ma", "0600000001", "Association Amal")


def erase(*arguments):
    call_command("erase_personal_data", *arguments, language="en")


def purge(*arguments):
    call_command("purge_personal_data", *arguments, language="en")


@pytest.fixture
def fatimas_idea(station_a, axis_a):
    return make_idea(
        station_a.programme,
        axis=axis_a,
        submitter_kind=SubmitterKind.ASSOCIATION,
        association_name="Association Amal",
        name="Fatima Citoyenne",
        email="fatima.a@example.ma",
        phone="0600000001",
        gender=Gender.WOMAN,
        age_band="30_44",
    )


def stored(contribution):
    return type(contribution).objects.get(pk=contribution.pk)


def identifying_values(contribution):
    contribution = stored(contribution)
    return (
        contribution.name,
        contribution.email,
        contribution.phone,
        contribution.association_name,
    )


def test_erasing_by_code_empties_the_identifying_fields_and_keeps_the_idea(
    fatimas_idea, alice, diana, capsys
):
    decide_fate(fatimas_idea, fate=Fate.REJECTED, user=alice, reason="Hors des compétences.")

    erase("--code", fatimas_idea.tracking_code.lower(), "--by", "diana")

    idea = stored(fatimas_idea)
    assert identifying_values(idea) == ("", "", "", "")
    assert (idea.gender, idea.age_band) == (Gender.WOMAN, "30_44")  # statistics stay
    assert (idea.title, idea.body, idea.fate) == (IDEA_DATA["title"], IDEA_DATA["body"], "rejected")
    assert idea.tracking_code == fatimas_idea.tracking_code
    assert "1 contribution erased, 0 without personal data left." in capsys.readouterr().out


def test_all_fields_erases_gender_and_age_band_too(fatimas_idea, diana):
    erase("--code", fatimas_idea.tracking_code, "--by", "diana", "--all-fields")

    idea = stored(fatimas_idea)
    assert (idea.gender, idea.age_band, idea.email) == ("", "", "")


def test_erasing_by_email_covers_ideas_and_observations_in_any_case(
    fatimas_idea, observation_a, idea_b, diana, capsys
):
    Observation.objects.filter(pk=observation_a.pk).update(email="Fatima.A@example.ma")

    erase("--email", "FATIMA.A@example.ma ", "--by", "diana")

    assert stored(fatimas_idea).email == ""
    assert stored(observation_a).email == ""
    assert stored(idea_b).email == "karim.b@example.ma"  # someone else's
    assert "2 contributions erased" in capsys.readouterr().out


def test_the_log_says_who_erased_and_why_without_any_personal_data(fatimas_idea, diana):
    erase("--code", fatimas_idea.tracking_code, "--by", "diana")

    entry = LogEntry.objects.get(object_id=str(fatimas_idea.pk))
    assert entry.user == diana
    assert entry.get_edited_object() == stored(fatimas_idea)
    assert "at the person's request" in entry.change_message
    for value in PERSONAL_VALUES:
        assert not LogEntry.objects.filter(change_message__contains=value).exists()
        assert not LogEntry.objects.filter(object_repr__contains=value).exists()


def test_contributions_keep_no_history_where_erased_data_could_live_on():
    # If ideas or observations get an audit trail (django-simple-history), erase_personal_data
    # must erase its rows too: this test is the reminder.
    assert not hasattr(Idea, "history")
    assert not hasattr(Observation, "history")


def test_the_tracking_page_still_shows_the_idea_and_its_fate(fatimas_idea, alice, diana, client):
    decide_fate(fatimas_idea, fate=Fate.REJECTED, user=alice, reason="Hors des compétences.")

    erase("--code", fatimas_idea.tracking_code, "--by", "diana")

    response = client.get(fatimas_idea.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert fatimas_idea.tracking_code in page
    assert IDEA_DATA["title"] in page
    assert "Hors des compétences." in page


def test_the_ideas_count_and_the_published_figures_do_not_change(
    fatimas_idea, idea_a, observation_a, event_a, diana
):
    programme = fatimas_idea.programme
    before = (Idea.objects.count(), programme_figures(programme))

    erase("--email", "fatima.a@example.ma", "--by", "diana", "--all-fields")
    erase("--email", "observer.a@example.ma", "--by", "diana", "--all-fields")

    assert stored(idea_a).email == ""
    assert (Idea.objects.count(), programme_figures(programme)) == before


def test_a_dry_run_shows_what_would_go_and_changes_nothing(fatimas_idea, capsys):
    erase("--code", fatimas_idea.tracking_code, "--dry-run")

    assert identifying_values(fatimas_idea) == (
        "Fatima Citoyenne",
        "fatima.a@example.ma",
        "0600000001",
        "Association Amal",
    )
    assert not LogEntry.objects.exists()
    output = capsys.readouterr().out
    assert f"Idea {fatimas_idea.tracking_code}: name, email, phone, association's name" in output
    assert "1 contribution would be erased" in output
    for value in PERSONAL_VALUES:
        assert value not in output


def test_erasing_again_changes_nothing_more(fatimas_idea, diana, capsys):
    erase("--code", fatimas_idea.tracking_code, "--by", "diana")
    capsys.readouterr()

    erase("--code", fatimas_idea.tracking_code, "--by", "diana")

    assert "0 contributions erased, 1 without personal data left." in capsys.readouterr().out
    assert LogEntry.objects.count() == 1


def test_an_unknown_code_is_refused_and_nothing_is_erased(fatimas_idea, diana):
    with pytest.raises(CommandError, match="tracking code ZZZZ2222. Nothing erased."):
        erase("--code", fatimas_idea.tracking_code, "--code", "zzzz-2222", "--by", "diana")

    assert stored(fatimas_idea).email == "fatima.a@example.ma"


def test_an_erasure_says_who_handles_it(fatimas_idea):
    with pytest.raises(CommandError, match="--by"):
        erase("--code", fatimas_idea.tracking_code)
    with pytest.raises(CommandError, match="No user has the username “nobody”"):
        erase("--code", fatimas_idea.tracking_code, "--by", "nobody")

    assert stored(fatimas_idea).email == "fatima.a@example.ma"


def test_an_unknown_email_address_erases_nothing_and_says_so(fatimas_idea, diana, capsys):
    erase("--email", "someone@example.ma", "--by", "diana")

    assert stored(fatimas_idea).email == "fatima.a@example.ma"
    captured = capsys.readouterr()
    assert "No idea or observation holds the email address someone@example.ma." in captured.err
    assert "0 contributions erased" in captured.out


# --- Retention -----------------------------------------------------------------------------------

TODAY = datetime.date(2028, 3, 1)


def paper_idea(station, email):
    return submit_idea(
        programme=station.programme,
        data={**IDEA_DATA, "name": "Quelqu'un", "email": email, "gender": Gender.MAN},
        channel=Channel.PAPER,
        station=station,
    )


@pytest.fixture
def ideas_by_closing_day(programme_a):
    def idea_of_a_station_closed(days_ago, *, open_until=None):
        ends_on = open_until or TODAY - datetime.timedelta(days=days_ago)
        station = make_station(
            programme_a, starts_on=ends_on - datetime.timedelta(days=10), ends_on=ends_on
        )
        return paper_idea(station, f"closed.{days_ago}@example.ma")

    return {
        "366 days ago": idea_of_a_station_closed(366),
        "365 days ago": idea_of_a_station_closed(365),
        "364 days ago": idea_of_a_station_closed(364),
        "open": idea_of_a_station_closed(0, open_until=TODAY + datetime.timedelta(days=5)),
    }


@time_machine.travel(datetime.datetime(2028, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_retention_erases_contributions_of_stations_closed_more_than_365_days_ago(
    ideas_by_closing_day, settings, capsys
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365

    purge()

    emails = {when: stored(idea).email for when, idea in ideas_by_closing_day.items()}
    assert emails == {
        "366 days ago": "",
        "365 days ago": "closed.365@example.ma",
        "364 days ago": "closed.364@example.ma",
        "open": "closed.0@example.ma",
    }
    assert stored(ideas_by_closing_day["366 days ago"]).gender == Gender.MAN
    assert Idea.objects.count() == 4
    assert "1 contribution erased (1 ideas, 0 observations" in capsys.readouterr().out


@time_machine.travel(datetime.datetime(2028, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_retention_follows_the_setting_and_a_dry_run_changes_nothing(
    ideas_by_closing_day, settings, capsys
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 363

    purge("--dry-run")
    assert stored(ideas_by_closing_day["364 days ago"]).email == "closed.364@example.ma"
    assert "3 ideas and 0 observations" in capsys.readouterr().out

    purge()
    purge()  # the daily cron again: nothing more

    assert [stored(idea).email for idea in ideas_by_closing_day.values()] == [
        "",
        "",
        "",
        "closed.0@example.ma",
    ]
    assert "0 contributions erased" in capsys.readouterr().out.splitlines()[-1]


@time_machine.travel(datetime.datetime(2028, 3, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_retention_of_a_contribution_without_a_station_counts_from_its_sending(
    programme_a, settings
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    old, recent = (
        submit_idea(
            programme=programme_a,
            data={**IDEA_DATA, "email": f"{label}@example.ma"},
            channel=Channel.PAPER,
        )
        for label in ("old", "recent")
    )
    Idea.objects.filter(pk=old.pk).update(
        submitted_at=datetime.datetime(2027, 2, 28, 12, tzinfo=datetime.UTC)
    )

    purge()

    assert (stored(old).email, stored(recent).email) == ("", "recent@example.ma")
