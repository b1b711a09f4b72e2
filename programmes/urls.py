from django.urls import path, register_converter

from . import views


class PeriodConverter:
    """A programme period in URLs: "2024-2025"."""

    regex = r"[0-9]{4}-[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PeriodConverter, "period")

app_name = "programmes"

urlpatterns = [
    path(
        "members/<slug:slug>/programmes/<period:period>/",
        views.programme_detail,
        name="programme_detail",
    ),
    path(
        "members/<slug:slug>/programmes/<period:period>/projects/<int:number>/",
        views.project_detail,
        name="project_detail",
    ),
]
