"""The whole programme file from the admin: import (check first, then store) and export.

The pages sit beside the programme admin's (``/admin/programmes/programme/import-workbook/`` and
``/admin/programmes/programme/<id>/workbook.xlsx``) but are served from here, the first app that
sees both the programme and its co-creation; ``ctouvertes/urls.py`` includes them before the
admin. Like the ``import_programme`` and ``export_programme`` commands they go through
``consultations.programme_file``. A focal point imports only into its own member; anyone who
may read a member's programme may export it.
"""

from django import forms
from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ctouvertes.spreadsheet_safety import capped, more_errors
from network import permissions
from programmes.models import Programme

from .programme_file import SHEETS, WorkbookError, export_programme_file, import_programme_file

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkbookImportForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    file = forms.FileField(label=_("Programme workbook (XLSX)"))
    dry_run = forms.BooleanField(
        label=_("Check only (store nothing)"),
        required=False,
        initial=True,
        help_text=_("Check the file first; then send it again without this box to store it."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = permissions.members_editable_by(user).order_by("slug")


def _report_rows(report):
    names = [sheet.name for sheet in SHEETS]
    names += [name for name in (*report.created, *report.updated) if name not in names]
    return [
        (name, report.created[name], report.updated[name], report.deleted[name])
        for name in names
        if report.created[name] or report.updated[name] or report.deleted[name]
    ]


def import_view(request):
    if not permissions.members_editable_by(request.user).exists():
        raise Http404
    report, problems = None, None
    if request.method == "POST":
        form = WorkbookImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                report = import_programme_file(
                    form.cleaned_data["file"],
                    member=form.cleaned_data["member"],
                    dry_run=form.cleaned_data["dry_run"],
                    user=request.user,
                )
            except WorkbookError as error:
                problems = error.problems
            else:
                if not report.dry_run:
                    messages.success(
                        request,
                        gettext("The workbook of %(programme)s was imported: %(summary)s.")
                        % {"programme": report.programme, "summary": report.summary()},
                    )
                    shown, more = capped(report.warnings)
                    for warning in shown:
                        messages.warning(request, str(warning))
                    if more:
                        messages.warning(request, more_errors(more))
                    return redirect("admin:programmes_programme_change", report.programme.pk)
    else:
        form = WorkbookImportForm(user=request.user)
    context = {
        **admin.site.each_context(request),
        "opts": Programme._meta,
        "title": gettext("Import a programme workbook"),
        "form": form,
        "report": report,
        "report_rows": _report_rows(report) if report else [],
        # A refused file may hold tens of thousands of problems: the page shows the first ones.
        "problems": problems,
        "problems_shown": capped(problems or [])[0],
        "problems_more": capped(problems or [])[1],
        "warnings_shown": capped(report.warnings)[0] if report else [],
        "warnings_more": capped(report.warnings)[1] if report else 0,
    }
    return TemplateResponse(request, "admin/programmes/programme/import_workbook.html", context)


def export_view(request, object_id):
    programme = get_object_or_404(Programme.objects.select_related("member"), pk=object_id)
    if not permissions.can_view_member(request.user, programme.member):
        raise Http404
    response = HttpResponse(export_programme_file(programme), content_type=XLSX_TYPE)
    filename = f"{programme.member.slug}-{programme.period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


app_name = "programme_file"
urlpatterns = [
    path("import-workbook/", admin.site.admin_view(import_view), name="import"),
    path("<int:object_id>/workbook.xlsx", admin.site.admin_view(export_view), name="export"),
]
