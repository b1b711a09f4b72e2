"""The committee's decision on an idea as one fieldset of its change page: publication, fate, the
fate's public reason, the projects it became and the idea it was merged into, the last two chosen
by search among the idea's member's own (``IdeaAdmin.decision_choices_view``). charlie is a
committee member of A (Beni Ensar), bob the focal point of B (Larache), diana network staff.
Pages are requested in French."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations import services
from consultations.models import Fate, Idea, Moderation
from network.models import RoleKind

from ..factories import RoleFactory, UserFactory
from ..programmes.helpers import make_project
from .helpers import make_idea
from .test_admin import form_data
from .test_moderation import run_action

pytestmark = pytest.mark.django_db

REASON_REQUIRED = "Give the public reason for this fate."


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


@pytest.fixture
def committee_b(larache):
    user = UserFactory(username="karima")
    RoleFactory(user=user, member=larache, kind=RoleKind.COMMITTEE_MEMBER)
    return user


def change_url(idea):
    return reverse("admin:consultations_idea_change", args=[idea.pk])


def choices_url(idea):
    return reverse("admin:consultations_idea_decision_choices", args=[idea.pk])


def choices(client, idea, field_name, term=""):
    """What the autocomplete of ``field_name`` on ``idea``'s change page asks, as its script."""
    return client.get(
        choices_url(idea),
        {
            "app_label": "consultations",
            "model_name": "idea",
            "field_name": field_name,
            "term": term,
        },
    )


def results(response):
    return [(int(row["id"]), row["text"]) for row in response.json()["results"]]


def decide_on_page(client, idea, **fields):
    data = form_data(client.get(change_url(idea)))
    data.update(fields)
    return client.post(change_url(idea), data)


def field_row(response, name):
    """The HTML of the change page's row of field ``name`` (its errors, label and input)."""
    html = response.content.decode()
    start = html.index(f"field-{name}")
    following = html.find('<div class="form-row', start)
    return html[start : following if following != -1 else None]


# One fieldset -----------------------------------------------------------------------------------


def test_the_decision_is_one_fieldset_in_the_order_of_the_decision(login, charlie, idea_a):
    response = login(charlie).get(change_url(idea_a))
    fieldsets = {fieldset.name: fieldset for fieldset in response.context["adminform"]}
    assert "Moderation" not in fieldsets and "Fate" not in fieldsets
    fields = [
        name
        for line in fieldsets[translation.gettext("Decision")]
        for field in line
        for name in [field.field["name"] if isinstance(field.field, dict) else field.field.name]
    ]
    assert fields[:8] == [
        "moderation",
        "hidden_reason",
        "fate",
        "fate_reason_ar",
        "fate_reason_fr",
        "fate_reason_zgh",
        "projects",
        "merged_into",
    ]


# The reason ------------------------------------------------------------------------------------


def test_rejecting_without_a_reason_shows_the_error_beside_the_reason_and_keeps_the_choice(
    login, charlie, idea_a
):
    client = login(charlie)
    response = decide_on_page(
        client,
        idea_a,
        moderation=Moderation.PUBLISHED,
        fate=Fate.REJECTED,
        fate_reason_ar="",
        fate_reason_fr="",
        fate_reason_zgh="",
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["fate_reason_ar"] == [translation.gettext(REASON_REQUIRED)]
    assert (form["fate"].value(), form["moderation"].value()) == (
        Fate.REJECTED,
        Moderation.PUBLISHED,
    )
    assert translation.gettext(REASON_REQUIRED) in field_row(response, "fate_reason_ar")
    assert re.search(r'<option value="rejected" selected>', field_row(response, "fate"))
    idea_a.refresh_from_db()
    assert (idea_a.fate, idea_a.moderation) == (Fate.UNDER_STUDY, Moderation.PENDING)


def test_a_rejection_with_its_reason_is_stored_and_shown_on_the_tracking_page(
    login, charlie, idea_a, client
):
    response = decide_on_page(
        login(charlie),
        idea_a,
        moderation=Moderation.PUBLISHED,
        fate=Fate.REJECTED,
        fate_reason_fr="Hors des compétences de la commune cette année.",
    )
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.fate, idea_a.fate_reason_fr) == (
        Fate.REJECTED,
        "Hors des compétences de la commune cette année.",
    )
    client.logout()
    page = tracking_page(client, idea_a)
    assert page.status_code == 200
    assert "Hors des compétences de la commune cette année." in page.content.decode()


# Projects ---------------------------------------------------------------------------------------


def test_a_committee_member_accepts_an_idea_into_a_project_chosen_by_search(
    login, charlie, idea_a, project_a
):
    client = login(charlie)
    found = results(choices(client, idea_a, "projects", "حافلة"))
    assert [pk for pk, _label in found] == [project_a.pk]
    response = decide_on_page(client, idea_a, fate=Fate.ACCEPTED, projects=[str(found[0][0])])
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.fate, list(idea_a.projects.all())) == (Fate.ACCEPTED, [project_a])


def test_the_projects_field_is_a_search_box_not_a_multiple_select(
    login, charlie, idea_a, project_a
):
    row = field_row(login(charlie).get(change_url(idea_a)), "projects")
    assert "admin-autocomplete" in row
    assert f'data-ajax--url="{choices_url(idea_a)}"' in row
    # Only the chosen projects are options: none yet.
    assert "حافلة" not in row


def test_projects_with_a_rejection_are_a_field_error(login, charlie, idea_a, project_a):
    response = decide_on_page(
        login(charlie),
        idea_a,
        fate=Fate.REJECTED,
        fate_reason_fr="Non retenue.",
        projects=[str(project_a.pk)],
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["projects"] == [
        translation.gettext("Only an accepted idea becomes projects.")
    ]
    idea_a.refresh_from_db()
    assert (idea_a.fate, idea_a.projects.count()) == (Fate.UNDER_STUDY, 0)


def test_a_committee_member_is_not_offered_another_members_projects(
    login, charlie, idea_a, project_a, project_b
):
    client = login(charlie)
    assert [pk for pk, _label in results(choices(client, idea_a, "projects"))] == [project_a.pk]
    assert results(choices(client, idea_a, "projects", "شباك")) == []


def test_staff_are_offered_only_the_ideas_members_projects(
    login, diana, idea_a, project_a, project_b
):
    found = results(choices(login(diana), idea_a, "projects"))
    assert [pk for pk, _label in found] == [project_a.pk]


def test_the_site_autocomplete_gives_a_committee_member_only_its_members_projects(
    login, charlie, idea_a, project_a, project_b
):
    response = login(charlie).get(
        reverse("admin:autocomplete"),
        {"app_label": "consultations", "model_name": "idea", "field_name": "projects"},
    )
    assert {int(row["id"]) for row in response.json()["results"]} == {project_a.pk}


def test_another_members_committee_cannot_ask_the_ideas_choices(
    login, committee_b, idea_a, project_a, idea_b
):
    assert choices(login(committee_b), idea_a, "projects").status_code == 404


def test_another_members_committee_cannot_attach_its_project(
    login, committee_b, idea_b, project_a, project_b
):
    response = decide_on_page(
        login(committee_b), idea_b, fate=Fate.ACCEPTED, projects=[str(project_a.pk)]
    )
    assert "projects" in response.context["adminform"].form.errors
    assert idea_b.projects.count() == 0


def test_the_choices_answer_no_other_field(login, charlie, idea_a):
    assert choices(login(charlie), idea_a, "axis").status_code == 403
    assert choices(login(charlie), idea_a, "hidden_reason").status_code == 403


def test_the_choices_of_an_idea_that_does_not_exist_are_not_found(login, charlie, idea_a):
    url = choices_url(idea_a).replace(str(idea_a.pk), "x' OR 1=1")
    assert login(charlie).get(url, {"field_name": "projects"}).status_code == 404


# The merge target -------------------------------------------------------------------------------


@pytest.fixture
def same_titles(idea_a):
    """Three more ideas of A with the same title as idea_a (the duplicates people see), one of
    them already merged into idea_a."""
    ideas = [make_idea(idea_a.programme, title=idea_a.title) for _ in range(3)]
    services.decide_fate(ideas[2], fate=Fate.MERGED, user=None, merged_into=idea_a)
    return ideas


def test_the_merge_targets_show_their_code_only_the_members_ideas_once_each_by_code(
    login, charlie, idea_a, idea_b, same_titles
):
    found = results(choices(login(charlie), same_titles[0], "merged_into"))
    expected = sorted([idea_a, same_titles[1]], key=lambda idea: idea.tracking_code)
    assert found == [(idea.pk, f"{idea.tracking_code} — {idea.title}") for idea in expected]


def test_a_merge_target_is_found_by_its_code(login, charlie, idea_a, same_titles):
    code = same_titles[1].tracking_code
    found = results(choices(login(charlie), same_titles[0], "merged_into", code))
    assert [pk for pk, _label in found] == [same_titles[1].pk]


def test_merging_from_the_change_page(login, charlie, idea_a, same_titles):
    response = decide_on_page(
        login(charlie), same_titles[0], fate=Fate.MERGED, merged_into=str(idea_a.pk)
    )
    assert response.status_code == 302
    same_titles[0].refresh_from_db()
    assert (same_titles[0].fate, same_titles[0].merged_into) == (Fate.MERGED, idea_a)


def test_the_chosen_merge_target_is_shown_with_its_code(login, charlie, idea_a, same_titles):
    row = field_row(login(charlie).get(change_url(same_titles[2])), "merged_into")
    assert f"{idea_a.tracking_code} — {idea_a.title}" in row


def test_merging_into_an_already_merged_idea_is_refused(login, charlie, idea_a, same_titles):
    response = decide_on_page(
        login(charlie), same_titles[0], fate=Fate.MERGED, merged_into=str(same_titles[2].pk)
    )
    assert "merged_into" in response.context["adminform"].form.errors
    same_titles[0].refresh_from_db()
    assert same_titles[0].fate == Fate.UNDER_STUDY


def test_a_merge_target_with_another_fate_is_a_field_error(login, charlie, idea_a, same_titles):
    response = decide_on_page(
        login(charlie), same_titles[0], fate=Fate.ACCEPTED, merged_into=str(idea_a.pk)
    )
    assert "merged_into" in response.context["adminform"].form.errors
    same_titles[0].refresh_from_db()
    assert same_titles[0].fate == Fate.UNDER_STUDY


def test_merging_into_another_members_idea_from_the_change_page_is_refused(
    login, diana, idea_a, idea_b
):
    response = decide_on_page(login(diana), idea_a, fate=Fate.MERGED, merged_into=str(idea_b.pk))
    assert "merged_into" in response.context["adminform"].form.errors
    idea_a.refresh_from_db()
    assert idea_a.merged_into is None


# The actions use the same labels and rules ----------------------------------------------------


def test_the_merge_action_offers_codes_in_order_without_merged_ideas(
    login, charlie, idea_a, idea_b, same_titles
):
    response = run_action(login(charlie), "merge_selected", [same_titles[0]])
    field = response.context["form"].fields["target"]
    expected = sorted([idea_a, same_titles[1]], key=lambda idea: idea.tracking_code)
    assert [label for _value, label in list(field.choices)[1:]] == [
        f"{idea.tracking_code} — {idea.title}" for idea in expected
    ]


def test_the_fate_action_labels_projects_with_their_programme(login, charlie, idea_a, project_a):
    response = run_action(login(charlie), "decide_fate_selected", [idea_a])
    labels = [label for _value, label in response.context["form"].fields["projects"].choices]
    assert labels == [f"{project_a.programme.period} — {project_a}"]


def test_the_fate_action_refuses_projects_for_a_rejection(login, charlie, idea_a, project_a):
    response = run_action(
        login(charlie),
        "decide_fate_selected",
        [idea_a],
        apply="1",
        fate=Fate.REJECTED,
        reason_fr="Non retenue.",
        projects=[str(project_a.pk)],
    )
    assert "projects" in response.context["form"].errors
    idea_a.refresh_from_db()
    assert idea_a.fate == Fate.UNDER_STUDY


# The tracking page ----------------------------------------------------------------------------


def tracking_page(client, idea):
    with translation.override("fr"):
        return client.get(idea.get_absolute_url())


def test_the_tracking_page_of_a_merged_idea_gives_the_code_of_the_published_target(
    client, idea_a, same_titles
):
    services.publish(idea_a, user=None)
    html = tracking_page(client, same_titles[2]).content.decode()
    assert '<bdi dir="ltr" translate="no"><a class="tracking-code-inline" href="' in html
    assert f">{idea_a.tracking_code}</a></bdi>" in html


def test_the_tracking_page_keeps_the_code_of_an_unpublished_target_to_its_author(
    client, idea_a, same_titles
):
    html = tracking_page(client, same_titles[2]).content.decode()
    assert idea_a.tracking_code not in html


# Query count ------------------------------------------------------------------------------------


def count_queries(client, idea):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(change_url(idea)).status_code == 200
    return len(queries)


def test_the_change_page_costs_the_same_with_many_ideas_and_projects(
    login, charlie, idea_a, project_a
):
    client = login(charlie)
    services.decide_fate(idea_a, fate=Fate.ACCEPTED, user=charlie, projects=[project_a])
    few = count_queries(client, idea_a)
    programme = idea_a.programme
    projects = [make_project(programme, number, axis=project_a.axis) for number in range(2, 40)]
    for _ in range(40):
        make_idea(programme, title=idea_a.title)
    services.decide_fate(idea_a, fate=Fate.ACCEPTED, user=charlie, projects=projects[:10])
    assert count_queries(client, idea_a) == few
    assert Idea.objects.count() == 41
