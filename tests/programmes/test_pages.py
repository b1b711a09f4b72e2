"""The public programme and project pages, and the member page's list of programmes."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from network.models import ExpectedResult, Principle
from programmes import selectors
from programmes.models import (
    ActivityStatus,
    Axis,
    Indicator,
    IndicatorKind,
    IndicatorMeasurement,
    Partner,
    ProgrammeStatus,
    ProgressUpdate,
    ProjectPartner,
    ProjectResult,
)

from .helpers import make_activity, make_member, make_programme, make_project

pytestmark = pytest.mark.django_db

NNBSP = "\u202f"


def programme_url(programme, language="ar"):
    with translation.override(language):
        return reverse(
            "programmes:programme_detail",
            kwargs={"slug": programme.member.slug, "period": programme.period},
        )


def project_url(project, language="ar"):
    with translation.override(language):
        return reverse(
            "programmes:project_detail",
            kwargs={
                "slug": project.programme.member.slug,
                "period": project.programme.period,
                "number": project.number,
            },
        )


def text_of(response):
    """The page as text, tags removed and spaces collapsed, for checks on what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def reference_data():
    principles = [
        Principle.objects.get_or_create(
            code=code, defaults={"name": name, "name_ar": name, "position": position}
        )[0]
        for position, (code, name) in enumerate(
            [
                ("transparency", "الشفافية والمساءلة"),
                ("access_to_information", "الولوج إلى المعلومة"),
                ("participation", "المشاركة المواطنة"),
                ("digitalisation", "الرقمنة"),
            ]
        )
    ]
    results = [
        ExpectedResult.objects.get_or_create(
            code=code, defaults={"name": name, "name_ar": name, "position": position}
        )[0]
        for position, (code, name) in enumerate(
            [
                ("service_quality", "تحسين جودة خدمات وبرامج الجماعة الترابية"),
                ("trust", "تعزيز الثقة بين المواطن والجماعة الترابية"),
                ("citizen_partner", "جعل المواطن شريكا في تحديد الاحتياجات وإيجاد الحلول"),
            ]
        )
    ]
    return principles, results


@pytest.fixture
def programme():
    programme = make_programme(
        status=ProgrammeStatus.IMPLEMENTATION,
        consultation_started_on=datetime.date(2023, 6, 1),
        adopted_on=datetime.date(2023, 10, 3),
        council_session_ar="دورة أكتوبر العادية",
        decision_reference="مقرر رقم 14",
        vote_outcome_ar="بالإجماع",
        implementation_started_on=datetime.date(2024, 1, 15),
        strengths_ar="موقع إلكتروني\nصفحة فيسبوك",
    )
    communication = Axis.objects.create(programme=programme, number=1, title_ar="التواصل")
    information = Axis.objects.create(
        programme=programme, number=2, title_ar="الحصول على المعلومات"
    )
    first = make_project(
        programme,
        1,
        axis=communication,
        title_ar="تنزيل مشروع التواصل بالجماعة",
        estimated_budget=Decimal("655000.00"),
    )
    make_activity(first, 1, weight=60, progress=100)
    make_activity(first, 2, weight=60, progress=50)
    second = make_project(
        programme,
        2,
        axis=information,
        title_ar="تعزيز الولوج الى المعلومات",
        estimated_budget=Decimal("25000"),
    )
    make_activity(second, 1, weight=100, progress=20)
    return programme


# The programme page ---------------------------------------------------------------------------


def test_the_programme_page_shows_the_status_and_its_dates(client, programme):
    response = client.get(programme_url(programme, "fr"))
    assert response.status_code == 200
    page = text_of(response)
    with translation.override("fr"):
        assert str(ProgrammeStatus.IMPLEMENTATION.label) in page
    assert "3 octobre 2023" in page
    assert "دورة أكتوبر العادية" in page
    assert "مقرر رقم 14" in page
    assert "بالإجماع" in page
    assert "15 janvier 2024" in page


def test_the_programme_page_shows_the_total_budget_grouped_by_thousands(client, programme):
    for language in ("ar", "fr"):
        response = client.get(programme_url(programme, language))
        assert f"680{NNBSP}000" in response.content.decode()
        assert f"655{NNBSP}000" in response.content.decode()


def test_the_programme_page_shows_each_project_title_with_a_link(client, programme):
    response = client.get(programme_url(programme))
    for project in programme.projects.all():
        assert project.title_ar in response.content.decode()
        assert project_url(project) in response.content.decode()


def test_the_programme_page_shows_the_progress_of_each_axis(client, programme):
    response = client.get(programme_url(programme))
    # Axis 1: its project's weights 60 + 60 are normalised: (100 × 60 + 50 × 60) / 120 = 75.
    assertions = response.content.decode()
    assert 'aria-valuenow="75"' in assertions
    assert 'aria-valuenow="20"' in assertions
    # The programme: mean of 75 and 20.
    assert 'aria-valuenow="48"' in assertions
    assert 'role="progressbar"' in assertions


def test_the_programme_page_states_how_progress_is_computed(client, programme):
    response = client.get(programme_url(programme, "fr"))
    with translation.override("fr"):
        rule = translation.gettext(
            "Project progress is the mean of its activities' progress weighted by their weights "
            "(normalised by their sum, whatever it is); when no weight is entered, activities "
            "count equally; cancelled activities are not counted. Programme and axis progress "
            "are the plain mean of their projects' progress."
        )
    assert rule in text_of(response).replace("&#x27;", "'").replace("&#39;", "'")


def test_the_programme_page_warns_about_a_project_whose_weights_do_not_add_to_100(
    client, programme
):
    response = client.get(programme_url(programme, "fr"))
    assert 'id="inconsistencies"' in response.content.decode()
    with translation.override("fr"):
        [inconsistent] = selectors.programme_overview(programme).projects_with_warnings
    assert inconsistent.number == 1
    assert "120" in inconsistent.warnings[0]
    assert inconsistent.warnings[0] in text_of(response)


def test_the_programme_page_has_no_inconsistency_note_when_every_sheet_adds_up(client):
    programme = make_programme()
    project = make_project(programme)
    make_activity(project, 1, weight=100)
    response = client.get(programme_url(programme))
    assert 'id="inconsistencies"' not in response.content.decode()


def test_the_french_page_shows_the_french_title_when_one_is_entered(client, programme):
    project = programme.projects.get(number=1)
    project.title_fr = "Mise en œuvre du projet de communication"
    project.save()
    response = client.get(programme_url(programme, "fr"))
    assert "Mise en œuvre du projet de communication" in response.content.decode()


def test_the_french_page_falls_back_to_the_arabic_title_marked_as_arabic(client, programme):
    response = client.get(programme_url(programme, "fr"))
    assert response.status_code == 200
    assert '<span lang="ar" dir="rtl">تعزيز الولوج الى المعلومات</span>' in (
        response.content.decode()
    )


def test_the_arabic_page_is_right_to_left(client, programme):
    response = client.get(programme_url(programme, "ar"))
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_the_programme_page_draws_a_timeline_within_the_programme_period(client, programme):
    project = programme.projects.get(number=2)
    make_activity(
        project,
        2,
        weight=0,
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    response = client.get(programme_url(programme))
    html = response.content.decode()
    assert 'class="gantt gantt-years-2"' in html
    # 2025 starts after 366 days of a 731-day period: 50.068 %, drawn at 50 % (whole percents).
    assert 'class="gantt-bar start-50 size-50"' in html
    assert '<span class="gantt-year">2024</span><span class="gantt-year">2025</span>' in html


def test_the_swot_section_is_shown_when_filled(client, programme):
    response = client.get(programme_url(programme))
    assert 'id="swot-title"' in response.content.decode()
    assert "صفحة فيسبوك" in response.content.decode()


def test_the_swot_section_is_hidden_when_empty(client):
    programme = make_programme()
    response = client.get(programme_url(programme))
    assert 'id="swot-title"' not in response.content.decode()


def test_the_programme_page_is_404_for_an_unknown_member(client, programme):
    url = programme_url(programme).replace(programme.member.slug, "nobody")
    assert client.get(url).status_code == 404


def test_the_programme_page_is_404_for_an_unknown_period(client, programme):
    url = programme_url(programme).replace("2024-2025", "2026-2027")
    assert client.get(url).status_code == 404


def test_the_programme_page_is_404_for_a_member_hidden_from_the_portal(client, programme):
    programme.member.is_active = False
    programme.member.save()
    assert client.get(programme_url(programme)).status_code == 404


# The project page -----------------------------------------------------------------------------


@pytest.fixture
def sheet(programme):
    principles, results = reference_data()
    project = programme.projects.get(number=1)
    project.problems_ar = "نسبة قليلة تستعمل المنصات الرقمية\nغياب خلية متخصصة في التواصل"
    project.causes_ar = "اتساع هامش الامية"
    project.consequences_ar = "فقدان ثقة المواطن"
    project.solution_ar = "التحسيس والتوعية بوجود الموقع\nتنويع استعمال وسائل التواصل الحديثة"
    project.competence_own = True
    project.linked_to_action_plan = True
    project.feasible_within_period = False
    project.estimated_budget = Decimal("25000")
    project.budget_as_entered = "25000,..."
    project.funding_source = "own"
    project.save()
    project.principles.set(principles[:2])
    ProjectResult.objects.create(
        project=project, result=results[1], contribution_ar="تواصل مستمر بين المواطن والجماعة"
    )
    partner = Partner.objects.create(name_ar="عمالة الناظور")
    ProjectPartner.objects.create(
        project=project,
        partner=partner,
        contribution_ar="دعم تقني",
        contribution_amount=Decimal("10000"),
    )
    indicator = Indicator.objects.create(
        project=project,
        kind=IndicatorKind.TRACKING,
        label_ar="عدد اللقاءات التواصلية",
        unit="لقاء",
        baseline=Decimal("2"),
        target=Decimal("12"),
    )
    IndicatorMeasurement.objects.create(
        indicator=indicator, measured_on=datetime.date(2024, 3, 1), value=Decimal("4")
    )
    IndicatorMeasurement.objects.create(
        indicator=indicator, measured_on=datetime.date(2024, 9, 30), value=Decimal("7")
    )
    Indicator.objects.create(
        project=project, kind=IndicatorKind.IMPACT, label_ar="المواطن يثق بالجماعة"
    )
    activity = project.activities.get(number=1)
    ProgressUpdate.objects.create(
        activity=activity,
        reported_on=datetime.date(2024, 6, 30),
        progress=100,
        status=ActivityStatus.DONE,
        comment="تم تحديث البوابة",
    )
    return project


def test_the_project_page_shows_the_sheet_sections_in_the_paper_order(client, sheet):
    response = client.get(project_url(sheet, "fr"))
    assert response.status_code == 200
    html = response.content.decode()
    order = [
        'id="problem-title"',
        'id="solution-title"',
        'id="budget-title"',
        'id="results-title"',
        'id="indicators-title"',
        'id="schedule-title"',
        'id="history-title"',
        'id="evaluation-title"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_the_project_page_lists_one_item_per_line(client, sheet):
    response = client.get(project_url(sheet))
    html = response.content.decode()
    assert "<li>نسبة قليلة تستعمل المنصات الرقمية</li>" in html
    assert "<li>غياب خلية متخصصة في التواصل</li>" in html
    assert "<li>تنويع استعمال وسائل التواصل الحديثة</li>" in html


def test_the_project_page_lists_all_four_principles_and_ticks_those_served(client, sheet):
    response = client.get(project_url(sheet))
    html = response.content.decode()
    assert html.count('class="tick-item is-ticked"') >= 2
    for name in ("الشفافية والمساءلة", "الولوج إلى المعلومة", "المشاركة المواطنة", "الرقمنة"):
        assert name in html
    digitalisation = html.index("الرقمنة<span")
    assert html.rfind("is-unticked", 0, digitalisation) > html.rfind("is-ticked", 0, digitalisation)


def test_the_project_page_lists_the_three_expected_results_with_the_contribution(client, sheet):
    response = client.get(project_url(sheet))
    html = response.content.decode()
    for name in (
        "تحسين جودة خدمات وبرامج الجماعة الترابية",
        "تعزيز الثقة بين المواطن والجماعة الترابية",
        "جعل المواطن شريكا في تحديد الاحتياجات وإيجاد الحلول",
    ):
        assert name in html
    assert "تواصل مستمر بين المواطن والجماعة" in html


def test_the_project_page_shows_the_budget_as_written_beside_the_number(client, sheet):
    response = client.get(project_url(sheet, "fr"))
    html = response.content.decode()
    assert f"25{NNBSP}000" in html
    assert "25000,..." in html


def test_the_project_page_does_not_repeat_a_budget_written_as_the_same_number(client, sheet):
    sheet.budget_as_entered = "25 000"
    sheet.save()
    response = client.get(project_url(sheet, "fr"))
    assert 'class="as-entered"' not in response.content.decode()


def test_the_project_page_shows_partners_and_their_contributions(client, sheet):
    response = client.get(project_url(sheet, "fr"))
    html = response.content.decode()
    assert "عمالة الناظور" in html
    assert "دعم تقني" in html
    assert f"10{NNBSP}000" in html


def test_the_project_page_shows_the_activity_table_with_the_sum_of_weights(client, sheet):
    response = client.get(project_url(sheet, "fr"))
    page = text_of(response)
    with translation.override("fr"):
        assert translation.gettext("Sum of weights: %(sum)s %%") % {"sum": "120"} in page
        assert (
            translation.gettext(
                "The weights should add up to 100 %; they are shown as "
                "entered and normalised by their sum to compute progress."
            )
            in page
        )
    assert 'class="weight-sum-warning"' in response.content.decode()
    assert "نشاط 1" in page and "نشاط 2" in page


def test_the_project_page_has_no_weight_warning_when_weights_add_to_100(client, programme):
    project = programme.projects.get(number=2)
    response = client.get(project_url(project, "fr"))
    assert response.status_code == 200
    assert "weight-warning" not in response.content.decode()
    assert "100" in text_of(response)


def test_the_project_page_shows_indicators_with_their_latest_measurement(client, sheet):
    response = client.get(project_url(sheet, "fr"))
    page = text_of(response)
    assert "عدد اللقاءات التواصلية" in page
    assert "المواطن يثق بالجماعة" in page
    assert "30 septembre 2024" in page
    assert "1 mars 2024" not in page
    with translation.override("fr"):
        on_date = translation.gettext("on %(date)s") % {"date": "30 septembre 2024"}
    assert f"7 ({on_date})" in page


def test_the_project_page_shows_the_progress_history(client, sheet):
    response = client.get(project_url(sheet, "fr"))
    page = text_of(response)
    assert "30 juin 2024" in page
    assert "تم تحديث البوابة" in page


def test_the_project_page_shows_the_smart_check_only_when_filled(client, sheet):
    response = client.get(project_url(sheet))
    assert 'class="smart-table"' not in response.content.decode()
    sheet.smart_measurable = True
    sheet.save()
    response = client.get(project_url(sheet))
    assert 'class="smart-table"' in response.content.decode()


def test_the_project_page_is_404_for_an_unknown_number(client, sheet):
    url = project_url(sheet).replace("/projects/1/", "/projects/99/")
    assert client.get(url).status_code == 404


def test_the_project_page_is_404_for_another_period(client, sheet):
    make_programme(sheet.programme.member, 2026, 2027)
    url = project_url(sheet).replace("2024-2025", "2026-2027")
    assert client.get(url).status_code == 404


def test_the_project_page_is_404_under_another_member(client, sheet):
    other = make_member(slug="larache", name="إقليم العرائش")
    make_programme(other)
    url = project_url(sheet).replace(sheet.programme.member.slug, "larache")
    assert client.get(url).status_code == 404


# Query counts do not grow with the data --------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def fill_programme(programme, project_count, activities_per_project=4):
    axes = [
        Axis.objects.get_or_create(
            programme=programme, number=n, defaults={"title_ar": f"محور {n}"}
        )[0]
        for n in (1, 2, 3)
    ]
    for number in range(1, project_count + 1):
        project = make_project(programme, number, axis=axes[number % 3])
        for activity in range(1, activities_per_project + 1):
            make_activity(project, activity, weight=30, progress=10 * activity)


def test_the_programme_page_runs_as_many_queries_for_30_projects_as_for_1(client):
    small = make_programme()
    fill_programme(small, 1)
    large = make_programme(make_member(slug="larache", name="إقليم العرائش"))
    fill_programme(large, 30)
    assert count_queries(client, programme_url(small)) == count_queries(
        client, programme_url(large)
    )


def test_the_project_page_runs_as_many_queries_for_30_activities_as_for_1(client):
    reference_data()
    programme = make_programme()
    small, large = make_project(programme, 1), make_project(programme, 2)
    for project, count in ((small, 1), (large, 30)):
        for number in range(1, count + 1):
            activity = make_activity(project, number, weight=4)
            ProgressUpdate.objects.create(
                activity=activity, progress=50, status=ActivityStatus.IN_PROGRESS
            )
            indicator = Indicator.objects.create(
                project=project, kind=IndicatorKind.TRACKING, number=number, label_ar="مؤشر"
            )
            IndicatorMeasurement.objects.create(
                indicator=indicator, measured_on=datetime.date(2024, 5, 1), value=1
            )
    assert count_queries(client, project_url(small)) == count_queries(client, project_url(large))


# The member page's list of programmes ----------------------------------------------------------


def test_the_member_page_lists_the_programmes_with_their_progress(client, programme):
    response = client.get(f"/fr/members/{programme.member.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert programme_url(programme, "fr") in html
    assert "2024-2025" in html
    assert 'aria-valuenow="48"' in html
    assert "2 projets" in html or "2 projects" in html


def test_the_member_page_counts_projects_and_axes_from_real_data(client, programme):
    response = client.get(f"/ar/members/{programme.member.slug}/")
    counts = response.context["count_by_key"]
    assert counts["projects"] == 2
    assert counts["axes"] == programme.axes.count()


def test_the_member_page_says_when_there_is_no_programme(client):
    member = make_member()
    response = client.get(f"/fr/members/{member.slug}/")
    assert response.status_code == 200
    assert "programme-card" not in response.content.decode()


def test_the_member_page_query_count_does_not_grow_with_programmes(client):
    member = make_member()
    make_programme(member, 2022, 2023)
    one = count_queries(client, f"/ar/members/{member.slug}/")
    for first_year in (2024, 2026, 2028):
        programme = make_programme(member, first_year, first_year + 1)
        for number in range(1, 4):
            make_activity(make_project(programme, number), 1, weight=100, progress=10)
    assert count_queries(client, f"/ar/members/{member.slug}/") == one
