"""Import speed of the programme workbook: a generated 10,000-activity workbook (100 projects ×
100 activities) imported into an empty member, then imported again unchanged, inside a
transaction that is rolled back so the database is left as it was."""

import datetime
import io
import time

from django.db import transaction
from openpyxl import Workbook

from network.models import Member, MemberKind
from programmes.services import import_programme_workbook
from programmes.workbook import SHEETS

PROJECTS = 100
ACTIVITIES_PER_PROJECT = 100


class Rollback(Exception):
    pass


def build_workbook(slug):
    rows = {name: [] for name in SHEETS}
    rows["programme"].append(
        {
            "member": slug,
            "first_year": 2030,
            "last_year": 2031,
            "status": "draft",
            "title_ar": "برنامج اختبار السرعة",
        }
    )
    for axis in range(1, 11):
        rows["axes"].append({"number": axis, "title_ar": f"محور {axis}", "title_fr": f"Axe {axis}"})
    for project in range(1, PROJECTS + 1):
        rows["projects"].append(
            {
                "number": project,
                "axis_number": (project - 1) % 10 + 1,
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
    book = Workbook()
    book.remove(book.active)
    for name, columns in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([c.name for c in columns])
        for values in rows[name]:
            sheet.append([values.get(c.name) for c in columns])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue(), len(rows["activities"]) + len(rows["projects"]) + 11


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
                import_programme_workbook(io.BytesIO(data), member=member)
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
