"""On PostgreSQL the new activities of a programme file, and their history rows, are written
with COPY: what is stored is the same, column by column, as through the ORM
(``bulk_create_with_history``)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import translation
from openpyxl import Workbook

from consultations.programme_file import SHEETS, import_programme_file
from programmes import services
from programmes.models import Activity, Project
from tests.factories import UserFactory

from .helpers import make_member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]

HistoricalActivity = Activity.history.model


def activity_rows():
    rows = []
    for project in (1, 2, 3):
        for number in range(1, 31):
            row = {
                "project_number": project,
                "number": number,
                "title_ar": f"نشاط {project}.{number}",
                "start_date": datetime.date(2030, 1, number % 28 + 1) if number % 3 else None,
                "end_date": datetime.date(2031, 6, 30) if number % 4 else None,
                "weight": [None, 1, Decimal("12.5"), Decimal("0.25")][number % 4],
                "cost": [None, 100000, Decimal("1234.56")][number % 3],
            }
            if number % 2:
                row["title_fr"] = f"Activité {number}"
            if number % 5 == 0:
                row["title_zgh"] = f"ⵜⴰⵎⵓⵙⵙⵓ {number}"
            if number % 3 == 0:
                row.update(funding_ar="الجماعة", funding_fr="La commune")
            if number % 4 == 0:
                row.update(funding_fr="Le conseil", cost_note_ar="يحدد لاحقا")
            if number % 7 == 0:
                row.update(
                    partners_note_ar="جمعيات",
                    partners_note_fr="Associations",
                    responsible_service_ar="المصلحة التقنية",
                    responsible_service_zgh="ⵜⴰⵏⴰⴱⴰⴹⵜ",
                    source_note="p. 12",
                )
            if number % 2 == 0:
                row.update(status="in_progress", progress=number)
            rows.append(row)
    return rows


def workbook(slug):
    rows = {sheet.name: [] for sheet in SHEETS}
    rows["programme"].append(
        {
            "member": slug,
            "first_year": 2030,
            "last_year": 2031,
            "status": "draft",
            "title_ar": "برنامج",
        }
    )
    rows["axes"].append({"number": 1, "title_ar": "محور"})
    for project in (1, 2, 3):
        rows["projects"].append({"number": project, "axis_number": 1, "title_ar": "مشروع"})
    rows["activities"] = activity_rows()
    book = Workbook()
    book.remove(book.active)
    for definition in SHEETS:
        sheet = book.create_sheet(definition.name)
        sheet.append([c.name for c in definition.columns])
        for values in rows[definition.name]:
            sheet.append([values.get(c.name) for c in definition.columns])
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


def table_rows(model, column, ids):
    """The rows of ``model``'s table whose ``column`` is in ``ids``, read with SQL: the ORM's
    queries of a translated model read the untranslated column in the active language."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {column} = ANY(%s)", [list(ids)])
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def stored(member):
    """Every column of the member's activities and their history rows, keyed by (project
    number, activity number), ids replaced by that key and timestamps set apart."""
    numbers = dict(Project.objects.filter(programme__member=member).values_list("pk", "number"))
    keys = {}
    rows = {}
    for values in table_rows(Activity, "project_id", numbers):
        key = (numbers[values.pop("project_id")], values["number"])
        keys[values.pop("id")] = key
        rows[key] = values
    history = {}
    for values in table_rows(HistoricalActivity, "id", keys):
        key = keys[values.pop("id")]
        assert values.pop("project_id") in numbers
        values.pop("history_id")
        assert key not in history
        history[key] = values
    assert set(rows) == set(history)
    return rows, history


TIMESTAMPS = {"created_at", "updated_at", "history_date"}


def assert_same(orm, copied):
    assert orm.keys() == copied.keys()
    assert len(orm) == 90
    for key, expected in orm.items():
        actual = copied[key]
        assert set(expected) == set(actual)
        for name, value in expected.items():
            if name in TIMESTAMPS:
                assert abs(actual[name] - value) < datetime.timedelta(seconds=1), (key, name)
            else:
                assert actual[name] == value, (key, name, value, actual[name])
                assert type(actual[name]) is type(value), (key, name)


@pytest.fixture
def calls(monkeypatch):
    """The models written through ``bulk_create_with_history``."""
    models = []
    original = services.bulk_create_with_history

    def recorded(objs, model, **kwargs):
        models.append(model)
        return original(objs, model, **kwargs)

    monkeypatch.setattr(services, "bulk_create_with_history", recorded)
    return models


def import_both(monkeypatch, user):
    orm_member = make_member("orm-commune", name="جماعة أ")
    copy_member = make_member("copy-commune", name="جماعة ب")
    monkeypatch.setattr(services, "COPY_NEW_ROWS", False)
    orm_report = import_programme_file(workbook("orm-commune"), member=orm_member, user=user)
    monkeypatch.setattr(services, "COPY_NEW_ROWS", True)
    copy_report = import_programme_file(workbook("copy-commune"), member=copy_member, user=user)
    assert copy_report.created == orm_report.created
    assert copy_report.created["activities"] == 90
    return stored(orm_member), stored(copy_member)


@pytest.mark.parametrize("language", ["ar", "fr"])
@pytest.mark.parametrize("with_user", [True, False])
def test_copied_activities_and_history_are_those_of_the_orm(
    monkeypatch, calls, language, with_user
):
    user = UserFactory() if with_user else None
    with translation.override(language):
        (orm, orm_history), (copied, copied_history) = import_both(monkeypatch, user)
    assert calls.count(Activity) == 1  # the ORM import only
    assert_same(orm, copied)
    assert_same(orm_history, copied_history)
    # The untranslated columns hold the active language's value, the Arabic one as fallback.
    assert copied[(1, 2)]["title"] == "نشاط 1.2"
    assert copied[(1, 1)]["title"] == ("نشاط 1.1" if language == "ar" else "Activité 1")
    assert copied_history[(1, 1)]["title"] == copied[(1, 1)]["title"]
    history = copied_history[(1, 1)]
    assert history["history_type"] == "+"
    assert history["history_change_reason"] is None
    assert history["history_user_id"] == (user.pk if user else None)


def test_a_field_type_the_copy_does_not_know_goes_through_the_orm(monkeypatch, calls):
    monkeypatch.setattr(
        services,
        "_COPY_FIELD_TYPES",
        tuple(t for t in services._COPY_FIELD_TYPES if t.__name__ != "DecimalField"),
    )
    member = make_member("copy-commune", name="جماعة ب")
    report = import_programme_file(workbook("copy-commune"), member=member)
    assert report.created["activities"] == 90
    assert calls.count(Activity) == 1


def test_a_copied_import_again_changes_nothing(monkeypatch):
    member = make_member("copy-commune", name="جماعة ب")
    import_programme_file(workbook("copy-commune"), member=member)
    before = stored(member)
    report = import_programme_file(workbook("copy-commune"), member=member)
    assert not report.changed
    assert stored(member) == before
