"""Periods typed by members read in rising order and are isolated left to right on the pages:
a title ending "2025/2024" (copied from a right-to-left document) shows "2024/2025" beside the
programme's period; "… للفترة 2025-2027" in a summary, a problem list, a warning or a fate's
reason is wrapped in ``<bdi dir="ltr">`` so that it never reads "2027-2025".

(The same, as the browser and the PDF draw it: tests/browser/test_bidi_order.py and
tests/programmes/test_pdf_bidi.py.)"""

import pytest
from django.core.cache import cache

from consultations.models import Fate
from network.figures import isolate_ltr
from network.templatetags.figure_tags import ltr_ranges, ltr_ranges_text
from programmes.templatetags.programme_tags import lines
from tests.test_security_headers import open_day, portal, public_pages  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


# The filters ------------------------------------------------------------------------------------


def test_two_years_typed_in_falling_order_are_shown_rising():
    assert ltr_ranges("برنامج عمل انفتاح جماعة بني أنصار 2025/2024") == (
        'برنامج عمل انفتاح جماعة بني أنصار <bdi dir="ltr">2024/2025</bdi>'
    )
    assert ltr_ranges_text("2025 - 2024") == isolate_ltr("2024 - 2025")


@pytest.mark.parametrize("text", ["2024-2025", "31/12/2025", "09-08", "12/2023", "2024-2022-2023"])
def test_other_ranges_and_codes_keep_their_order(text):
    assert ltr_ranges(f"نص {text}") == f'نص <bdi dir="ltr">{text}</bdi>'


def test_each_line_of_a_list_is_escaped_with_its_periods_isolated():
    assert lines("للفترة 2024-2025\n\n<b>ضعف</b>") == [
        'للفترة <bdi dir="ltr">2024-2025</bdi>',
        "&lt;b&gt;ضعف&lt;/b&gt;",
    ]


# The pages --------------------------------------------------------------------------------------


def test_the_programme_summary_isolates_its_period(client, portal):  # noqa: F811
    programme = portal["programme"]
    programme.summary_ar = "مشاريع برنامج عمل انفتاح جماعة بني انصار للفترة 2025-2027"
    programme.save()

    html = client.get(public_pages(portal, "ar")["programme"]).content.decode()

    assert 'للفترة <bdi dir="ltr">2025-2027</bdi>' in html
    assert "للفترة 2025-2027" not in html


def test_a_title_typed_2027_2025_shows_2025_2027_on_the_programme_page(client, portal):  # noqa: F811
    programme = portal["programme"]
    programme.title_ar = "برنامج عمل انفتاح جماعة بني أنصار 2027/2025"
    programme.save()

    html = client.get(public_pages(portal, "ar")["programme"]).content.decode()

    assert '<bdi dir="ltr">2025/2027</bdi>' in html
    assert "2027/2025" not in html


def test_a_problem_line_of_the_project_isolates_its_period(client, portal):  # noqa: F811
    project = portal["project"]
    project.problems_ar = "ضعف التواصل خلال الفترة 2025-2027"
    project.save()

    html = client.get(public_pages(portal, "ar")["project"]).content.decode()

    assert 'الفترة <bdi dir="ltr">2025-2027</bdi>' in html


def test_the_reason_of_an_ideas_fate_isolates_its_period(client, portal):  # noqa: F811
    idea = portal["idea"]
    idea.fate = Fate.REJECTED
    idea.fate_reason_ar = "تتجاوز كلفة الاقتراح ميزانية برنامج الانفتاح 2025-2027."
    idea.save()

    html = client.get(public_pages(portal, "ar")["tracking"]).content.decode()

    assert 'برنامج الانفتاح <bdi dir="ltr">2025-2027</bdi>.' in html


def test_a_warning_on_the_project_page_isolates_the_period(client, portal):  # noqa: F811
    activity = portal["project"].activities.get(number=2)
    activity.start_date = activity.start_date.replace(year=2029)
    activity.end_date = activity.start_date
    activity.save()

    html = client.get(public_pages(portal, "ar")["project"]).content.decode()

    assert '<bdi dir="ltr">2025-2027</bdi>' in html.split('class="warning"', 1)[-1]
