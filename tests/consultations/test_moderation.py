"""Moderation in the admin: publishing, hiding with a reason, deciding the fate, merging duplicates
and answering observations, from the list's actions and from the change form. charlie (committee
member of A) moderates A's ideas; bob (focal point of B) cannot touch them (fixtures in
tests/consultations/conftest.py). Pages are requested in French."""

import pytest
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import translation

from consultations.models import Fate, Idea, Moderation

from .helpers import make_idea
from .test_admin import form_data

pytestmark = pytest.mark.django_db

IDEAS_URL = reverse("admin:consultations_idea_changelist")
OBSERVATIONS_URL = reverse("admin:consultations_observation_changelist")


@pytest.fixture(autouse=True)
def in_french():
    with translation.override("fr"):
        yield


def run_action(client, action, objects, url=IDEAS_URL, **fields):
    """The first POST of an action, from the list (``apply`` absent) or, with ``apply=True``,
    the intermediate page's confirmation."""
    data = {"action": action, helpers.ACTION_CHECKBOX_NAME: [str(obj.pk) for obj in objects]}
    if "apply" not in fields:
        data["index"] = "0"
    data.update({key: value for key, value in fields.items() if value is not None})
    return client.post(url, data)


def change_url(idea):
    return reverse("admin:consultations_idea_change", args=[idea.pk])


# Publish ----------------------------------------------------------------------------------------


def test_a_committee_member_publishes_its_members_idea(login, charlie, idea_a):
    response = run_action(login(charlie), "publish_selected", [idea_a])
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.moderation, idea_a.moderated_by) == (Moderation.PUBLISHED, charlie)
    assert idea_a.moderated_at is not None


def test_another_focal_point_cannot_publish_the_idea(login, bob, idea_a, idea_b):
    run_action(login(bob), "publish_selected", [idea_a])
    idea_a.refresh_from_db()
    assert idea_a.moderation == Moderation.PENDING


def test_a_committee_member_publishes_from_the_change_form(login, charlie, idea_a):
    client = login(charlie)
    data = form_data(client.get(change_url(idea_a)))
    data["moderation"] = Moderation.PUBLISHED
    assert client.post(change_url(idea_a), data).status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.moderation, idea_a.moderated_by) == (Moderation.PUBLISHED, charlie)


def test_a_moderated_idea_cannot_go_back_to_awaiting_moderation(login, charlie, idea_a):
    client = login(charlie)
    run_action(client, "publish_selected", [idea_a])
    data = form_data(client.get(change_url(idea_a)))
    data["moderation"] = Moderation.PENDING
    response = client.post(change_url(idea_a), data)
    assert "moderation" in response.context["adminform"].form.errors
    idea_a.refresh_from_db()
    assert idea_a.moderation == Moderation.PUBLISHED


# Hide -------------------------------------------------------------------------------------------


def test_the_hide_action_asks_for_a_reason_first(login, charlie, idea_a):
    response = run_action(login(charlie), "hide_selected", [idea_a])
    assert response.status_code == 200
    assert "reason" in response.context["form"].fields
    assert idea_a.tracking_code in response.text
    idea_a.refresh_from_db()
    assert idea_a.moderation == Moderation.PENDING


def test_the_hide_action_records_the_reason(login, charlie, idea_a):
    reason = "Données personnelles dans le texte"
    response = run_action(login(charlie), "hide_selected", [idea_a], apply="1", reason=reason)
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.moderation, idea_a.hidden_reason) == (Moderation.HIDDEN, reason)


def test_the_hide_action_without_a_reason_is_refused(login, charlie, idea_a):
    response = run_action(login(charlie), "hide_selected", [idea_a], apply="1", reason="")
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    idea_a.refresh_from_db()
    assert (idea_a.moderation, idea_a.hidden_reason) == (Moderation.PENDING, "")


def test_another_focal_point_cannot_hide_the_idea(login, bob, idea_a, idea_b):
    run_action(login(bob), "hide_selected", [idea_a], apply="1", reason="Abus")
    idea_a.refresh_from_db()
    assert idea_a.moderation == Moderation.PENDING


def test_hiding_from_the_change_form_without_a_reason_is_refused(login, charlie, idea_a):
    client = login(charlie)
    data = form_data(client.get(change_url(idea_a)))
    data.update(moderation=Moderation.HIDDEN, hidden_reason="")
    response = client.post(change_url(idea_a), data)
    assert "hidden_reason" in response.context["adminform"].form.errors
    idea_a.refresh_from_db()
    assert idea_a.moderation == Moderation.PENDING


def test_hiding_from_the_change_form_records_the_reason(login, charlie, idea_a):
    client = login(charlie)
    data = form_data(client.get(change_url(idea_a)))
    data.update(moderation=Moderation.HIDDEN, hidden_reason="Hors sujet")
    assert client.post(change_url(idea_a), data).status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.moderation, idea_a.hidden_reason, idea_a.moderated_by) == (
        Moderation.HIDDEN,
        "Hors sujet",
        charlie,
    )


# Fate -------------------------------------------------------------------------------------------


def test_the_fate_form_offers_only_the_members_projects(
    login, charlie, idea_a, project_a, project_b
):
    response = run_action(login(charlie), "decide_fate_selected", [idea_a])
    assert set(response.context["form"].fields["projects"].queryset) == {project_a}


def test_a_committee_member_accepts_an_idea_into_a_project(login, charlie, idea_a, project_a):
    response = run_action(
        login(charlie),
        "decide_fate_selected",
        [idea_a],
        apply="1",
        fate=Fate.ACCEPTED,
        projects=[str(project_a.pk)],
    )
    assert response.status_code == 302
    idea_a.refresh_from_db()
    assert idea_a.fate == Fate.ACCEPTED
    assert list(idea_a.projects.all()) == [project_a]
    assert idea_a.decided_at is not None


def test_a_crafted_fate_with_another_members_project_is_refused(
    login, charlie, idea_a, project_a, project_b
):
    response = run_action(
        login(charlie),
        "decide_fate_selected",
        [idea_a],
        apply="1",
        fate=Fate.ACCEPTED,
        projects=[str(project_b.pk)],
    )
    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    idea_a.refresh_from_db()
    assert (idea_a.fate, idea_a.projects.count()) == (Fate.UNDER_STUDY, 0)


def test_a_rejected_fate_needs_a_public_reason(login, charlie, idea_a):
    response = run_action(
        login(charlie), "decide_fate_selected", [idea_a], apply="1", fate=Fate.REJECTED
    )
    assert response.status_code == 200
    form = response.context["form"]
    # On the reason's field, as on the change page, the chosen fate kept.
    assert form.errors["reason_ar"] == [
        translation.gettext("Give the public reason for this fate.")
    ]
    assert form["fate"].value() == Fate.REJECTED
    idea_a.refresh_from_db()
    assert idea_a.fate == Fate.UNDER_STUDY


def test_a_rejected_fate_publishes_its_reason_in_each_language(login, charlie, idea_a):
    run_action(
        login(charlie),
        "decide_fate_selected",
        [idea_a],
        apply="1",
        fate=Fate.REJECTED,
        reason_ar="خارج اختصاصات الجماعة",
        reason_fr="Hors des compétences de la commune",
    )
    idea_a.refresh_from_db()
    assert idea_a.fate == Fate.REJECTED
    assert (idea_a.fate_reason_ar, idea_a.fate_reason_fr) == (
        "خارج اختصاصات الجماعة",
        "Hors des compétences de la commune",
    )


def test_another_focal_point_cannot_decide_the_fate(login, bob, idea_a, idea_b):
    run_action(login(bob), "decide_fate_selected", [idea_a], apply="1", fate=Fate.ACCEPTED)
    idea_a.refresh_from_db()
    assert idea_a.fate == Fate.UNDER_STUDY


def test_the_fate_action_refuses_ideas_of_two_members(login, diana, idea_a, idea_b):
    response = run_action(
        login(diana), "decide_fate_selected", [idea_a, idea_b], apply="1", fate=Fate.ACCEPTED
    )
    assert response.status_code == 302
    assert set(Idea.objects.values_list("fate", flat=True)) == {Fate.UNDER_STUDY}


def test_a_committee_member_decides_the_fate_from_the_change_form(
    login, charlie, idea_a, project_a
):
    client = login(charlie)
    data = form_data(client.get(change_url(idea_a)))
    data.update(fate=Fate.ACCEPTED, projects=[str(project_a.pk)])
    assert client.post(change_url(idea_a), data).status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.fate, list(idea_a.projects.all())) == (Fate.ACCEPTED, [project_a])
    assert idea_a.moderated_by == charlie


def test_the_change_form_refuses_another_members_project(
    login, charlie, idea_a, project_a, project_b
):
    client = login(charlie)
    data = form_data(client.get(change_url(idea_a)))
    data.update(fate=Fate.ACCEPTED, projects=[str(project_b.pk)])
    response = client.post(change_url(idea_a), data)
    assert "projects" in response.context["adminform"].form.errors
    assert idea_a.projects.count() == 0


def test_a_committee_member_cannot_change_the_citizens_text(login, charlie, idea_a):
    client = login(charlie)
    data = form_data(client.get(change_url(idea_a)))
    data.update(title="Titre changé", body="Texte changé", fate=Fate.UNDER_STUDY)
    client.post(change_url(idea_a), data)
    idea_a.refresh_from_db()
    assert idea_a.title == "نقل مدرسي للتلاميذ"


# Merge ------------------------------------------------------------------------------------------


def test_a_committee_member_merges_a_duplicate_into_another_idea(login, charlie, idea_a):
    duplicate = make_idea(idea_a.programme, title="حافلة مدرسية للتلاميذ")
    response = run_action(
        login(charlie), "merge_selected", [duplicate], apply="1", target=str(idea_a.pk)
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.fate, duplicate.merged_into) == (Fate.MERGED, idea_a)


def test_merge_offers_only_the_same_members_other_ideas(login, charlie, idea_a, idea_b):
    duplicate = make_idea(idea_a.programme, title="حافلة مدرسية للتلاميذ")
    response = run_action(login(charlie), "merge_selected", [duplicate])
    assert set(response.context["form"].fields["target"].queryset) == {idea_a}


def test_a_crafted_merge_into_another_members_idea_is_refused(login, charlie, idea_a, idea_b):
    response = run_action(
        login(charlie), "merge_selected", [idea_a], apply="1", target=str(idea_b.pk)
    )
    assert response.status_code == 200
    assert "target" in response.context["form"].errors
    idea_a.refresh_from_db()
    assert (idea_a.fate, idea_a.merged_into) == (Fate.UNDER_STUDY, None)


# Answers to observations ------------------------------------------------------------------------


def test_a_committee_member_answers_an_observation(login, charlie, observation_a):
    response = run_action(
        login(charlie),
        "answer_selected",
        [observation_a],
        url=OBSERVATIONS_URL,
        apply="1",
        answer_ar="سيتم إدراج الشراكة مع الإقليم",
    )
    assert response.status_code == 302
    observation_a.refresh_from_db()
    assert observation_a.answer_ar == "سيتم إدراج الشراكة مع الإقليم"
    assert observation_a.answered_at is not None


def test_an_empty_answer_is_refused(login, charlie, observation_a):
    response = run_action(
        login(charlie), "answer_selected", [observation_a], url=OBSERVATIONS_URL, apply="1"
    )
    assert response.status_code == 200
    observation_a.refresh_from_db()
    assert observation_a.answered_at is None


def test_another_focal_point_cannot_answer_the_observation(
    login, bob, observation_a, observation_b
):
    run_action(
        login(bob),
        "answer_selected",
        [observation_a],
        url=OBSERVATIONS_URL,
        apply="1",
        answer_fr="Réponse de bob",
    )
    observation_a.refresh_from_db()
    assert observation_a.answered_at is None


def test_a_committee_member_answers_from_the_change_form(login, charlie, observation_a):
    client = login(charlie)
    change = reverse("admin:consultations_observation_change", args=[observation_a.pk])
    data = form_data(client.get(change))
    assert "body" not in data or data["body"]  # the citizen's card
    data["answer_fr"] = "Le partenariat est prévu."
    assert client.post(change, data).status_code == 302
    observation_a.refresh_from_db()
    assert (observation_a.answer_fr, observation_a.moderated_by) == (
        "Le partenariat est prévu.",
        charlie,
    )
    assert observation_a.answered_at is not None


@pytest.mark.parametrize("fate", [Fate.REJECTED, Fate.OUT_OF_COMPETENCE])
def test_rejecting_from_the_change_form_without_a_reason_is_a_field_error(
    login, charlie, idea_a, fate
):
    """It was a 500 ("'IdeaForm' has no field named 'fate_reason'"): the model's rule named the
    untranslated field, which the admin form does not have."""
    client = login(charlie)
    data = form_data(client.get(change_url(idea_a)))
    data.update(fate=fate, fate_reason_ar="", fate_reason_fr="", fate_reason_zgh="")
    response = client.post(change_url(idea_a), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    with translation.override("ar"):
        assert errors["fate_reason_ar"] == [
            translation.gettext("Give the public reason for this fate.")
        ]
    idea_a.refresh_from_db()
    assert idea_a.fate == Fate.UNDER_STUDY


def test_a_reason_in_french_only_is_a_reason(login, charlie, idea_a):
    client = login(charlie)
    data = form_data(client.get(change_url(idea_a)))
    data.update(fate=Fate.REJECTED, fate_reason_ar="", fate_reason_fr="Hors du programme.")
    assert client.post(change_url(idea_a), data).status_code == 302
    idea_a.refresh_from_db()
    assert (idea_a.fate, idea_a.fate_reason_fr) == (Fate.REJECTED, "Hors du programme.")
