import pytest

from programmes import selectors
from programmes.models import ActivityStatus, Project

from .helpers import make_activity, make_programme, make_project

pytestmark = pytest.mark.django_db


def progress_of(project):
    return Project.objects.with_progress().get(pk=project.pk).progress_value


def test_project_progress_is_the_weighted_mean_of_its_activities():
    project = make_project(make_programme())
    make_activity(project, 1, weight=75, progress=100)
    make_activity(project, 2, weight=25, progress=0)
    assert progress_of(project) == pytest.approx(75.0)


def test_weights_are_normalised_by_their_sum_when_they_do_not_add_to_100():
    project = make_project(make_programme())
    make_activity(project, 1, weight=60, progress=100)
    make_activity(project, 2, weight=60, progress=50)
    annotated = Project.objects.with_progress().get(pk=project.pk)
    assert annotated.progress_value == pytest.approx(75.0)
    assert annotated.weight_sum == 120


def test_stored_weights_are_never_rewritten():
    project = make_project(make_programme())
    activity = make_activity(project, 1, weight=125, progress=10)
    Project.objects.with_progress().get(pk=project.pk)
    activity.refresh_from_db()
    assert activity.weight == 125


def test_activities_without_weights_count_equally():
    project = make_project(make_programme())
    make_activity(project, 1, progress=100)
    make_activity(project, 2, progress=0)
    assert progress_of(project) == pytest.approx(50.0)


def test_cancelled_activities_do_not_count():
    project = make_project(make_programme())
    make_activity(project, 1, weight=50, progress=100)
    make_activity(project, 2, weight=50, progress=0, status=ActivityStatus.CANCELLED)
    assert progress_of(project) == pytest.approx(100.0)


def test_a_project_without_activities_has_no_progress():
    project = make_project(make_programme())
    assert progress_of(project) == 0


def test_programme_progress_is_the_mean_of_its_projects():
    programme = make_programme()
    first = make_project(programme, 1)
    make_activity(first, 1, weight=100, progress=100)
    second = make_project(programme, 2)
    make_activity(second, 1, weight=100, progress=0)
    overview = selectors.programme_overview(programme)
    assert overview.progress == pytest.approx(50.0)
    assert overview.axes[0].progress == pytest.approx(50.0)


def test_projects_whose_weights_do_not_add_to_100_carry_a_warning():
    programme = make_programme()
    consistent = make_project(programme, 1)
    make_activity(consistent, 1, weight=100)
    inconsistent = make_project(programme, 2)
    make_activity(inconsistent, 1, weight=60)
    make_activity(inconsistent, 2, weight=65)
    overview = selectors.programme_overview(programme)
    warnings = {p.number: p.warnings for p in overview.projects}
    assert warnings[1] == []
    assert "125" in warnings[2][0]


def test_a_fractional_weight_sum_is_written_with_the_languages_decimal_separator():
    from django.utils import translation

    programme = make_programme()
    project = make_project(programme, 1)
    make_activity(project, 1, weight=99.5)
    with translation.override("fr"):
        warnings = selectors.programme_overview(programme).projects[0].warnings
    assert "99,5" in warnings[0]
