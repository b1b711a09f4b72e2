"""Small builders for programme data, shared by the programmes tests."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from network.models import Member, MemberKind
from programmes.models import Activity, Axis, Programme, Project

#: The demo programme's workbook (Beni Ensar 2024-2025), as shipped with the portal.
BENI_ENSAR = Path(__file__).resolve().parents[2] / "programmes/data/beni-ensar-2024-2025.xlsx"


def workbook_values(data):
    """Each sheet of the workbook ``data`` (bytes) by its title, as a list of row tuples."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {
        sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


def make_member(slug="beni-ensar", name="جماعة بني أنصار", region=None):
    if region is None:
        region, _ = Member.objects.get_or_create(
            slug="region-oriental",
            defaults={"kind": MemberKind.REGION, "name": "جهة الشرق", "name_ar": "جهة الشرق"},
        )
    member, _ = Member.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": MemberKind.COMMUNE,
            "name": name,
            "name_ar": name,
            "region": region,
            "joined_on": datetime.date(2022, 10, 21),
        },
    )
    return member


def make_programme(member=None, first_year=2024, last_year=2025, **fields):
    member = member or make_member()
    fields.setdefault("title_ar", f"برنامج عمل الانفتاح {first_year}-{last_year}")
    return Programme.objects.create(
        member=member, first_year=first_year, last_year=last_year, **fields
    )


def make_project(programme, number=1, axis=None, **fields):
    if axis is None:
        axis, _ = Axis.objects.get_or_create(
            programme=programme, number=1, defaults={"title_ar": "التواصل"}
        )
    fields.setdefault("title_ar", f"مشروع {number}")
    return Project.objects.create(programme=programme, axis=axis, number=number, **fields)


def make_activity(project, number=1, weight=None, progress=0, **fields):
    fields.setdefault("title_ar", f"نشاط {number}")
    fields.setdefault("start_date", datetime.date(project.programme.first_year, 1, 1))
    fields.setdefault("end_date", datetime.date(project.programme.last_year, 12, 31))
    return Activity.objects.create(
        project=project,
        number=number,
        weight=None if weight is None else Decimal(str(weight)),
        progress=progress,
        **fields,
    )
