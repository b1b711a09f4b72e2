from django.urls import path, register_converter

from . import views, views_documents


class PeriodConverter:
    """A programme period in URLs: "2024-2025"."""

    regex = r"[0-9]{4}-[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class DocumentFormatConverter(PeriodConverter):
    """A printable document's format: the PDF, or the HTML it is made from (preview)."""

    regex = "pdf|html"


class MemberFormConverter(PeriodConverter):
    """The blank forms of in-person workshops."""

    regex = "|".join(views_documents.MEMBER_FORMS)


register_converter(PeriodConverter, "period")
register_converter(DocumentFormatConverter, "docformat")
register_converter(MemberFormConverter, "memberform")

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
    # Printable documents (PDF, or the HTML WeasyPrint reads) and the committee register.
    path(
        "members/<slug:slug>/programmes/<period:period>/booklet.<docformat:fmt>",
        views_documents.booklet,
        name="booklet",
    ),
    path(
        "members/<slug:slug>/programmes/<period:period>/projects/<int:number>/sheet.<docformat:fmt>",
        views_documents.project_sheet,
        name="project_sheet",
    ),
    path(
        "members/<slug:slug>/programmes/<period:period>/projects/<int:number>/forms/"
        "observation-card.<docformat:fmt>",
        views_documents.observation_card,
        name="observation_card",
    ),
    path(
        "members/<slug:slug>/committee/",
        views_documents.committee_detail,
        name="committee_detail",
    ),
    path(
        "members/<slug:slug>/committee.<docformat:fmt>",
        views_documents.committee_document,
        name="committee_document",
    ),
    path(
        "members/<slug:slug>/forms/<memberform:form>.<docformat:fmt>",
        views_documents.member_form,
        name="member_form",
    ),
    path("members/<slug:slug>/poster.<docformat:fmt>", views_documents.poster, name="poster"),
]
