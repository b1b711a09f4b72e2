"""Journey 2: Beni Ensar's focal point, in the admin at 1280×900, creates a programme with an
axis, a project and three activities whose weights add up to 90 % (the page warns), then
imports the programme's workbook with a bad row (the problem is located by sheet, row and
column; nothing is stored), fixes the row and imports it.

Selectors are field names, ids and URLs: the admin's layout may change around them.
"""

import io

import openpyxl
import pytest

from programmes.models import Activity, Programme

from .conftest import DESKTOP

pytestmark = pytest.mark.browser

FIRST_YEAR, LAST_YEAR = 2031, 2032
TITLE_FR = "Programme d'ouverture du parcours de test"


def fill(page, name, value):
    """Fills the field ``name``, first opening what hides it: django-modeltranslation's
    language tab (a link to ``#tab_<field id>``) or the row's ``<details>``."""
    field = page.locator(f"[name='{name}']")
    if not field.is_visible():
        tab = page.locator(f"a[href='#tab_{field.get_attribute('id')}']")
        if tab.count():
            tab.click()
        else:
            page.locator(f"details:has([name='{name}']) > summary").last.click()
    field.fill(value)


def add_inline_row(page, prefix):
    """A new row of the inline ``prefix`` ("axes", "activities"): its "Add another" link."""
    before = page.locator(f"#{prefix}-group .dynamic-{prefix}").count()
    page.click(f"#{prefix}-group .add-row a")
    page.wait_for_function(
        "([prefix, before]) => document.querySelectorAll(`#${prefix}-group .dynamic-${prefix}`)"
        ".length > before",
        arg=[prefix, before],
    )
    return before  # the new row's index


def save_and_continue(page):
    with page.expect_navigation():
        page.click("input[name=_continue]")
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors


# The sheet and columns the journey edits: their names in English, or in the language of the
# admin page that exported the workbook.
ACTIVITIES = ("activities", "Activités")
WEIGHT = ("weight", "Poids")
TITLE = ("title_fr", "Titre (français)")


def named(names, available):
    found = [name for name in names if name in available]
    assert found, f"none of {names} in {available}"
    return found[0]


def workbook_rows(content):
    """The workbook, its activities sheet and that sheet's header."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    rows = book[named(ACTIVITIES, book.sheetnames)]
    header = [cell.value for cell in rows[1]]
    return book, rows, header


def edited(content, row, *, weight, title):
    """The workbook ``content`` with the weight and French title of activities' ``row``."""
    book, rows, header = workbook_rows(content)
    for names, value in [(WEIGHT, weight), (TITLE, title)]:
        rows.cell(row=row, column=header.index(named(names, header)) + 1, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def choose_own_member(page):
    """The focal point's member: the one choice after the empty one, if it is not chosen."""
    member = page.locator("select[name=member]")
    if member.count() and not member.input_value():
        member.select_option(index=1)


def upload(page, site, tmp_path, name, content, *, check_only):
    path = tmp_path / name
    path.write_bytes(content)
    page.goto(site.url("/fr/admin/programmes/programme/import-workbook/"))
    choose_own_member(page)
    page.set_input_files("input[name=file]", str(path))
    dry_run = page.locator("input[name=dry_run]")
    if dry_run.count():
        dry_run.set_checked(check_only)
    with page.expect_navigation():
        page.click("#content-main [type=submit]")


def test_a_focal_point_builds_a_programme_and_imports_its_workbook(
    new_page, site, log_in, step, shot, tmp_path
):
    page = new_page(DESKTOP)
    with step("log in"):
        log_in(page, "focal-beni-ensar")

    with step("programme with an axis"):
        page.goto(site.url("/fr/admin/programmes/programme/add/"))
        choose_own_member(page)
        fill(page, "first_year", str(FIRST_YEAR))
        fill(page, "last_year", str(LAST_YEAR))
        fill(page, "title_ar", "برنامج الانفتاح لمسار الاختبار")
        fill(page, "title_fr", TITLE_FR)
        row = add_inline_row(page, "axes")
        fill(page, f"axes-{row}-number", "1")
        fill(page, f"axes-{row}-title_ar", "الشفافية")
        fill(page, f"axes-{row}-title_fr", "Transparence")
        save_and_continue(page)
        programme = Programme.objects.get(member__slug="beni-ensar", first_year=FIRST_YEAR)
        axis = programme.axes.get()
        shot(page, "01-programme")

    with step("project with three activities"):
        page.goto(site.url("/fr/admin/programmes/project/add/"))
        page.select_option("select[name=programme]", str(programme.pk))
        page.select_option("select[name=axis]", str(axis.pk))
        fill(page, "number", "1")
        fill(page, "title_ar", "بوابة المعطيات المفتوحة")
        fill(page, "title_fr", "Portail des données ouvertes")
        for number, weight in enumerate([30, 30, 30], start=1):
            row = add_inline_row(page, "activities")
            fill(page, f"activities-{row}-number", str(number))
            fill(page, f"activities-{row}-title_ar", f"النشاط {number}")
            fill(page, f"activities-{row}-title_fr", f"Activité {number}")
            fill(page, f"activities-{row}-weight", str(weight))
        save_and_continue(page)
        activities = Activity.objects.filter(project__programme=programme)
        assert sorted(activities.values_list("weight", flat=True)) == [30, 30, 30]

    with step("weights warning"):
        warning = page.locator(".weight-warning").first
        assert warning.is_visible()
        assert "90" in warning.inner_text()
        warning.scroll_into_view_if_needed()
        shot(page, "02-project-weights-warning", docs="admin-project-weights-warning")

    with step("export the workbook"):
        page.goto(site.url(f"/fr/admin/programmes/programme/{programme.pk}/change/"))
        links = f"a[href*='/programme/{programme.pk}/workbook.xlsx']"
        french = page.locator(f"{links}[href*='language=fr']")
        export = (french if french.count() else page.locator(links)).first
        response = page.request.get(site.url(export.get_attribute("href")))
        assert response.ok
        workbook = response.body()
        _, rows, _ = workbook_rows(workbook)
        assert rows.max_row == 4  # the header and three activities

    with step("a workbook with a bad row is refused"):
        bad = edited(workbook, 3, weight="-5", title="Activité 2 corrigée")
        upload(page, site, tmp_path, "bad.xlsx", bad, check_only=False)
        problems = page.locator(".workbook-problems li, .errornote").all_inner_texts()
        text = " ".join(problems)
        assert any(name in text for name in ACTIVITIES), problems
        assert any(name in text for name in WEIGHT) and "3" in text, problems
        assert not activities.filter(title_fr="Activité 2 corrigée").exists()
        shot(page, "03-workbook-refused", docs="admin-workbook-located-error")

    with step("the fixed row is imported"):
        fixed = edited(workbook, 3, weight="40", title="Activité 2 corrigée")
        upload(page, site, tmp_path, "fixed.xlsx", fixed, check_only=False)
        assert f"/programme/{programme.pk}/change/" in page.url, page.url
        changed = activities.get(title_fr="Activité 2 corrigée")
        assert changed.weight == 40
        shot(page, "04-workbook-imported")
