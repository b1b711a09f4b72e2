"""The programme workbook from the admin: import (validate first, then store) and export.

Both go through ``programmes.services.import_programme_workbook`` and
``programmes.workbook.export_programme``, like the ``import_programme`` and
``export_programme`` commands. A focal point imports only into its own member; anyone who may
read a member's programme may export it.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network import permissions

from .models import Programme
from .services import import_programme_workbook
from .workbook import WorkbookError, export_programme

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


def import_workbook_view(model_admin, request):
    if not permissions.members_editable_by(request.user).exists():
        raise Http404
    report, problems = None, None
    if request.method == "POST":
        form = WorkbookImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                report = import_programme_workbook(
                    form.cleaned_data["file"],
                    member=form.cleaned_data["member"],
                    dry_run=form.cleaned_data["dry_run"],
                    user=request.user,
                )
            except WorkbookError as error:
                problems = error.problems
            else:
                if not report.dry_run:
                    model_admin.message_user(
                        request,
                        gettext("The workbook of %(programme)s was imported.")
                        % {"programme": report.programme},
                        messages.SUCCESS,
                    )
                    return redirect("admin:programmes_programme_change", report.programme.pk)
    else:
        form = WorkbookImportForm(user=request.user)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Import a programme workbook"),
        "form": form,
        "report": report,
        "problems": problems,
    }
    return TemplateResponse(request, "admin/programmes/programme/import_workbook.html", context)


def export_workbook_view(model_admin, request, object_id):
    programme = get_object_or_404(Programme.objects.select_related("member"), pk=object_id)
    if not permissions.can_view_member(request.user, programme.member):
        raise Http404
    response = HttpResponse(export_programme(programme), content_type=XLSX_TYPE)
    filename = f"{programme.member.slug}-{programme.period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
