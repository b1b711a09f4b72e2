"""The admin's "view on site" shortcut (/<lang>/admin/r/<content_type_id>/<object_id>/) answers
404 for an object the user may not view in the admin, as every scoped admin page does, instead
of redirecting to its public page (an idea's tracking page shows its code, title and body).

Beni Ensar's data (the "_a" fixtures) belongs to alice (focal point) and charlie (committee
member); Larache's ("_b") to bob."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import resolve, reverse

from consultations.models import Idea
from network.admin_shortcut import scoped_view_on_site

# The consultations' fixtures: Beni Ensar's and Larache's programmes, ideas, observations.
from tests.consultations.conftest import *  # noqa: F403

pytestmark = pytest.mark.django_db


def shortcut_url(obj):
    return reverse(
        "admin:view_on_site",
        kwargs={"content_type_id": ContentType.objects.get_for_model(obj).pk, "object_id": obj.pk},
    )


def test_the_shortcut_url_is_served_by_the_scoped_view(idea_a):
    assert resolve(shortcut_url(idea_a)).func is scoped_view_on_site


def test_a_focal_point_gets_404_for_another_members_idea(login, bob, idea_a):
    response = login(bob).get(shortcut_url(idea_a))
    assert response.status_code == 404
    assert idea_a.tracking_code not in response.content.decode()
    assert "Location" not in response


def test_a_focal_point_is_redirected_to_its_own_members_idea(login, alice, idea_a):
    response = login(alice).get(shortcut_url(idea_a))
    assert response.status_code == 302
    assert response["Location"].endswith(idea_a.get_absolute_url())


def test_a_focal_point_gets_404_for_another_members_observation(login, bob, observation_a):
    response = login(bob).get(shortcut_url(observation_a))
    assert response.status_code == 404
    assert observation_a.tracking_code not in response.content.decode()


def test_a_committee_member_gets_404_for_another_members_idea(login, charlie, idea_b):
    response = login(charlie).get(shortcut_url(idea_b))
    assert response.status_code == 404
    assert idea_b.tracking_code not in response.content.decode()


def test_a_committee_member_is_redirected_to_its_own_members_observation(
    login, charlie, observation_a
):
    response = login(charlie).get(shortcut_url(observation_a))
    assert response.status_code == 302
    assert response["Location"].endswith(observation_a.get_absolute_url())


def test_a_focal_point_gets_404_for_another_members_programme(login, bob, programme_a):
    assert login(bob).get(shortcut_url(programme_a)).status_code == 404


def test_a_focal_point_is_redirected_to_its_own_programme(login, alice, programme_a):
    response = login(alice).get(shortcut_url(programme_a))
    assert response.status_code == 302
    assert response["Location"].endswith(programme_a.get_absolute_url())


def test_a_focal_point_gets_404_for_another_members_project(login, bob, project_a):
    assert login(bob).get(shortcut_url(project_a)).status_code == 404


def test_network_staff_is_redirected_to_any_members_idea(login, diana, idea_a):
    response = login(diana).get(shortcut_url(idea_a))
    assert response.status_code == 302
    assert response["Location"].endswith(idea_a.get_absolute_url())


def test_an_anonymous_visitor_is_sent_to_the_login_page_not_to_the_idea(client, idea_a):
    response = client.get(shortcut_url(idea_a))
    assert response.status_code == 302
    assert idea_a.tracking_code not in response["Location"]
    assert reverse("admin:login") in response["Location"]


def test_an_object_that_does_not_exist_answers_404(login, alice, idea_a):
    url = shortcut_url(idea_a).replace(f"/{idea_a.pk}/", f"/{idea_a.pk + 1000}/")
    assert login(alice).get(url).status_code == 404


def test_a_model_not_in_the_admin_answers_404(login, diana):
    content_type = ContentType.objects.get_for_model(ContentType)
    url = reverse("admin:view_on_site", kwargs={"content_type_id": content_type.pk, "object_id": 1})
    assert login(diana).get(url).status_code == 404


def test_a_model_admin_without_view_on_site_answers_404(login, alice, idea_a, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Idea], "view_on_site", False)
    assert login(alice).get(shortcut_url(idea_a)).status_code == 404


def test_every_object_of_every_admin_follows_its_view_permission(
    login, bob, idea_a, idea_b, observation_a, project_a, programme_b, beni_ensar, larache
):
    """bob tries the shortcut of every object of every admin that offers "view on site" (a
    callable, or objects with get_absolute_url): a redirect exactly for the objects his admin
    lets him view, 404 for every other."""
    client = login(bob)
    request = client.get(reverse("admin:index")).wsgi_request
    tried = {"allowed": 0, "refused": 0}
    for model, model_admin in admin.site._registry.items():
        offered = model_admin.view_on_site and hasattr(model, "get_absolute_url")
        if not (offered or callable(model_admin.view_on_site)):
            continue
        for obj in model._default_manager.all():
            may_view = model_admin.has_view_permission(request, obj)
            status = client.get(shortcut_url(obj)).status_code
            assert status == (302 if may_view else 404), (model, obj.pk)
            tried["allowed" if may_view else "refused"] += 1
    print(f"shortcut tried by bob: {tried}")
    assert tried["refused"] >= 5  # Beni Ensar's member, programme, project, idea, observation
    assert tried["allowed"] >= 3  # Larache's member, programme, idea
