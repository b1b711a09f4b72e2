"""Demo data of the programmes app: the Beni Ensar 2024–2025 programme from its workbook."""

from pathlib import Path

from network.models import Member

from .models import Activity, Programme
from .services import import_programme_workbook

DATA = Path(__file__).resolve().parent / "data"
WORKBOOKS = [("beni-ensar", 2024, 2025, DATA / "beni-ensar-2024-2025.xlsx")]


def load():
    """Import each shipped workbook once; a programme already there is left as it is, so that
    what a focal point changed on the demo portal survives another `load_demo`."""
    lines = []
    for slug, first_year, last_year, path in WORKBOOKS:
        member = Member.objects.get(slug=slug)
        programme = Programme.objects.filter(
            member=member, first_year=first_year, last_year=last_year
        ).first()
        if programme is None:
            with open(path, "rb") as handle:
                programme = import_programme_workbook(handle, member=member).programme
        activities = Activity.objects.filter(project__programme=programme).count()
        lines.append(
            f"{programme}: {programme.projects.count()} projects, {activities} activities "
            f"({programme.get_absolute_url()})"
        )
    return lines
