"""Import speed of the programme file: a generated 10,000-activity workbook (100 projects ×
100 activities, with stations, workshops and figures per axis) imported into an empty member,
then imported again unchanged, inside a transaction that is rolled back so the database is left
as it was."""

import datetime
import io
import time

from django.db import transaction
from openpyxl import Workbook

from consultations.programme_file import SHEETS, import_programme_file
from network.models import Member, MemberKind

PROJECTS = 100
ACTIVITIES_PER_PROJECT = 100
AXES = 10


class Rollback(Exception):
    pass


def build_rows(slug):
    rows = {sheet.name: [] for sheet in SHEETS}
    rows["programme"].append(
        {
            "member": slug,
            "first_year": 2030,
            "last_year": 2031,
            "status": "draft",
            "title_ar": "برنامج اختبار السرعة",
        }
    )
    for axis in range(1, AXES + 1):
        rows["axes"].append({"number": axis, "title_ar": f"محور {axis}", "title_fr": f"Axe {axis}"})
        rows["axis_figures"].append({"axis_number": axis, "ideas_in_person": axis * 3})
    for number, kind in enumerate(("information_meeting", "idea_collection"), start=1):
        rows["stations"].append({"number": number, "kind": kind, "declared_projects": 4})
        rows["events"].append(
            {"number": number, "station_number": number, "title_ar": f"ورشة {number}"}
        )
    for project in range(1, PROJECTS + 1):
        rows["projects"].append(
            {
                "number": project,
                "axis_number": (project - 1) % AXES + 1,
                "title_ar": f"مشروع {project}",
                "estimated_budget": 10000,
            }
        )
        for number in range(1, ACTIVITIES_PER_PROJECT + 1):
            rows["activities"].append(
                {
                    "project_number": project,
                    "number": number,
                    "title_ar": f"نشاط {project}.{number}",
                    "title_fr": f"Activité {number}",
                    "start_date": datetime.date(2030, 1, 1),
                    "end_date": datetime.date(2031, 6, 30),
                    "weight": 1,
                    "status": "in_progress",
                    "progress": number % 101,
                }
            )
    return rows


def build_workbook(slug):
    rows = build_rows(slug)
    book = Workbook()
    book.remove(book.active)
    for sheet_definition in SHEETS:
        sheet = book.create_sheet(sheet_definition.name)
        sheet.append([c.name for c in sheet_definition.columns])
        for values in rows[sheet_definition.name]:
            sheet.append([values.get(c.name) for c in sheet_definition.columns])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue(), sum(len(sheet_rows) for sheet_rows in rows.values())


def main():
    data, row_count = build_workbook("bench-workbook")
    results = []
    try:
        with transaction.atomic():
            region = Member.objects.create(
                kind=MemberKind.REGION, name_ar="جهة الاختبار", slug="bench-region"
            )
            member = Member.objects.create(
                kind=MemberKind.COMMUNE,
                name_ar="جماعة الاختبار",
                slug="bench-workbook",
                region=region,
            )
            for label in ("first import (creates)", "same file again (no change)"):
                started = time.perf_counter()
                import_programme_file(io.BytesIO(data), member=member)
                seconds = time.perf_counter() - started
                results.append(
                    {
                        "name": f"import 10,000 activities: {label}",
                        "rows": row_count,
                        "seconds": seconds,
                        "rows_per_s": row_count / seconds,
                    }
                )
            raise Rollback
    except Rollback:
        pass
    return results
