"""The whole programme file from the admin: import (check first, then store) and export.

The pages sit beside the programme admin's and are served from here, the first app that sees
both the programme and its co-creation; ``ctouvertes/urls.py`` includes them before the admin:

- ``/admin/programmes/programme/import-workbook/``: import into one of the user's members;
- ``/admin/programmes/programme/<id>/import-workbook/``: import into that programme, from its
  change page. The check (a dry run: nothing is written) keeps the file server-side in the
  cache for an hour, one file per user and programme; the page carries a signed token naming
  the user, the programme and a random nonce, and "Confirm import" stores that very file
  without choosing it again. A token of another user or programme, an expired, replaced or
  unknown one, is refused with a message; the file is forgotten once imported. The list page's
  import does the same for the member chosen;
- ``/admin/programmes/programme/<id>/workbook.xlsx?language=fr``: the export, in Arabic
  (default) or French (Tamazight takes French), see ``programmes.workbook_labels``.

Like the ``import_programme`` and ``export_programme`` commands they go through
``consultations.programme_file``. A focal point imports only into its own member; anyone who
may read a member's programme may export it.
"""

import io
import secrets

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from ctouvertes.spreadsheet_safety import SpreadsheetError, capped, more_errors, read_upload
from network import permissions
from programmes.models import Programme
from programmes.workbook_format import Problem
from programmes.workbook_labels import DEFAULT_FILE_LANGUAGE, FILE_LANGUAGES, sheet_label

from .programme_file import SHEETS, WorkbookError, export_programme_file, import_programme_file

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: How long a checked file waits for its confirmation (seconds).
PENDING_SECONDS = 60 * 60
PENDING_SALT = "consultations.programme-import"
EXPORT_LANGUAGES = (*FILE_LANGUAGES, "zgh")


class WorkbookImportForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Member"), queryset=None)
    file = forms.FileField(label=_("Programme workbook (XLSX)"))
    dry_run = forms.BooleanField(
        label=_("Check only (store nothing)"),
        required=False,
        initial=True,
        help_text=_("Check the file first; then confirm to store it, without choosing it again."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = permissions.members_editable_by(user).order_by("slug")


class ProgrammeWorkbookForm(forms.Form):
    file = forms.FileField(
        label=_("Programme workbook (XLSX)"),
        help_text=_(
            "In Arabic, French or English. The file is checked first; nothing is stored "
            "before you confirm."
        ),
    )


def _report_rows(report):
    """(sheet as named in the interface's language, created, updated, deleted) per sheet."""
    language = get_language()
    names = [sheet.name for sheet in SHEETS]
    names += [name for name in (*report.created, *report.updated) if name not in names]
    return [
        (
            sheet_label(name, language),
            report.created[name],
            report.updated[name],
            report.deleted[name],
        )
        for name in names
        if report.created[name] or report.updated[name] or report.deleted[name]
    ]


def _isolated(programme):
    """The programme as its name and period, the period kept left to right after an Arabic
    name (“2024-2025” would read “2025-2024”)."""
    return format_html('<bdi>{}</bdi> <bdi dir="ltr">{}</bdi>', programme.member, programme.period)


def _page_context(request, *, title, form, report=None, problems=None, **extra):
    problems_shown, problems_more = capped(problems or [])
    warnings_shown, warnings_more = capped(report.warnings if report else [])
    return {
        **admin.site.each_context(request),
        "opts": Programme._meta,
        "title": title,
        "form": form,
        "report": report,
        "report_rows": _report_rows(report) if report else [],
        "report_programme": _isolated(report.programme) if report else "",
        # A refused file may hold tens of thousands of problems: the page shows the first ones.
        "problems": problems,
        "problems_shown": problems_shown,
        "problems_more": problems_more,
        "warnings_shown": warnings_shown,
        "warnings_more": warnings_more,
        **extra,
    }


def _imported_message(request, report):
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


def import_view(request):
    if not permissions.members_editable_by(request.user).exists():
        raise Http404
    report, problems, token, member, error, status = None, None, None, None, None, 200
    form = WorkbookImportForm(user=request.user)
    if request.method == "POST" and "token" in request.POST:
        # The confirmation of a checked file: the member it was checked for.
        member = (
            permissions.members_editable_by(request.user)
            .filter(
                pk=request.POST.get("member") if str(request.POST.get("member")).isdigit() else None
            )
            .first()
        )
        try:
            if member is None:
                raise PendingError(
                    gettext("This check is unknown: choose the file again to check it.")
                )
            data, key = _pending_file(
                request.POST["token"], user=request.user, target=f"member:{member.pk}"
            )
            report = import_programme_file(
                io.BytesIO(data), member=member, dry_run=False, user=request.user
            )
        except PendingError as refused:
            error, status = str(refused), 400
        except WorkbookError as refused:
            report, problems = None, refused.problems
        else:
            cache.delete(key)
            _imported_message(request, report)
            return redirect("admin:programmes_programme_change", report.programme.pk)
    elif request.method == "POST":
        form = WorkbookImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            member = form.cleaned_data["member"]
            try:
                data = read_upload(form.cleaned_data["file"])
                report = import_programme_file(
                    io.BytesIO(data),
                    member=member,
                    dry_run=form.cleaned_data["dry_run"],
                    user=request.user,
                )
            except SpreadsheetError as refused:
                problems = [Problem(refused.sheet or "", None, "", refused.message)]
            except WorkbookError as refused:
                problems = refused.problems
            else:
                if not report.dry_run:
                    _imported_message(request, report)
                    return redirect("admin:programmes_programme_change", report.programme.pk)
                token = _keep_pending(data, user=request.user, target=f"member:{member.pk}")
    context = _page_context(
        request,
        title=gettext("Import a programme workbook"),
        form=form,
        report=report,
        problems=problems,
        token=token,
        token_member=member,
        token_error=error,
    )
    return TemplateResponse(
        request, "admin/programmes/programme/import_workbook.html", context, status=status
    )


# --- import into one programme, from its change page ------------------------------------------


def _editable_programme(user, object_id):
    """The programme ``object_id`` when ``user`` may change its member's data; 404 otherwise."""
    programme = get_object_or_404(Programme.objects.select_related("member"), pk=object_id)
    if not permissions.can_edit_member(user, programme.member):
        raise Http404
    return programme


def import_into_programme(data, *, programme, dry_run, user):
    """Import the file ``data`` (bytes) into ``programme``, in one transaction: a file whose
    sheet ``programme`` names another period is refused and changes nothing."""
    with transaction.atomic():
        report = import_programme_file(
            io.BytesIO(data), member=programme.member, dry_run=dry_run, user=user
        )
        if report.programme.pk != programme.pk:
            raise WorkbookError(
                [
                    Problem(
                        "programme",
                        None,
                        "",
                        gettext("this workbook is for the period %(file)s, not %(period)s.")
                        % {
                            "file": f"{report.programme.first_year}-{report.programme.last_year}",
                            "period": programme.period,
                        },
                        sheet_label=sheet_label("programme", get_language()),
                    )
                ]
            )
    return report


def _keep_pending(data, *, user, target):
    """Keep a checked file for its confirmation; the signed token that names it, bound to the
    user and to ``target`` (``"programme:<id>"`` or ``"member:<id>"``). A user keeps one file
    per target: a new check replaces the previous one (the cache holds at most that much)."""
    nonce = secrets.token_urlsafe(32)
    cache.set(_pending_cache_key(user, target), (nonce, data), PENDING_SECONDS)
    return signing.dumps({"nonce": nonce, "user": user.pk, "target": target}, salt=PENDING_SALT)


def _pending_cache_key(user, target):
    return f"programme-import:{user.pk}:{target}"


class PendingError(Exception):
    pass


def _pending_file(token, *, user, target):
    """The file a token names, when the token is this user's for ``target`` and neither it
    nor the file has expired, and its cache key; ``PendingError`` otherwise."""
    try:
        pending = signing.loads(token or "", salt=PENDING_SALT, max_age=PENDING_SECONDS)
    except signing.SignatureExpired as error:
        raise PendingError(
            gettext("This check has expired: choose the file again to check it.")
        ) from error
    except signing.BadSignature as error:
        raise PendingError(
            gettext("This check is unknown: choose the file again to check it.")
        ) from error
    if not isinstance(pending, dict) or (pending.get("user"), pending.get("target")) != (
        user.pk,
        target,
    ):
        raise PendingError(gettext("This check was made by another user or for another programme."))
    key = _pending_cache_key(user, target)
    nonce, data = cache.get(key) or (None, None)
    if data is None or not secrets.compare_digest(str(nonce), str(pending.get("nonce"))):
        raise PendingError(gettext("This check has expired: choose the file again to check it."))
    return data, key


def programme_import_view(request, object_id):
    programme = _editable_programme(request.user, object_id)
    report, problems, token, error, status = None, None, None, None, 200
    form = ProgrammeWorkbookForm()
    if request.method == "POST" and "token" in request.POST:
        try:
            data, key = _pending_file(
                request.POST["token"], user=request.user, target=f"programme:{programme.pk}"
            )
            report = import_into_programme(
                data, programme=programme, dry_run=False, user=request.user
            )
        except PendingError as refused:
            error, status = str(refused), 400
        except WorkbookError as refused:
            report, problems = None, refused.problems
        else:
            cache.delete(key)
            _imported_message(request, report)
            return redirect("admin:programmes_programme_change", programme.pk)
    elif request.method == "POST":
        form = ProgrammeWorkbookForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                data = read_upload(form.cleaned_data["file"])
                report = import_into_programme(
                    data, programme=programme, dry_run=True, user=request.user
                )
            except SpreadsheetError as refused:
                problems = [Problem(refused.sheet or "", None, "", refused.message)]
            except WorkbookError as refused:
                problems = refused.problems
            else:
                token = _keep_pending(data, user=request.user, target=f"programme:{programme.pk}")
                form = ProgrammeWorkbookForm()
    context = _page_context(
        request,
        title=gettext("Import the workbook of %(programme)s") % {"programme": programme},
        form=form,
        report=report,
        problems=problems,
        programme=programme,
        programme_name=_isolated(programme),
        token=token,
        token_error=error,
    )
    return TemplateResponse(
        request, "admin/programmes/programme/import_workbook.html", context, status=status
    )


def export_language(request):
    """The language asked for (``?language=fr``), Arabic when none or an unknown one."""
    language = request.GET.get("language")
    return language if language in EXPORT_LANGUAGES else DEFAULT_FILE_LANGUAGE


def export_view(request, object_id):
    programme = get_object_or_404(Programme.objects.select_related("member"), pk=object_id)
    if not permissions.can_view_member(request.user, programme.member):
        raise Http404
    language = export_language(request)
    response = HttpResponse(export_programme_file(programme, language), content_type=XLSX_TYPE)
    filename = f"{programme.member.slug}-{programme.period}-{language}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


app_name = "programme_file"
urlpatterns = [
    path("import-workbook/", admin.site.admin_view(import_view), name="import"),
    path(
        "<int:object_id>/import-workbook/",
        admin.site.admin_view(programme_import_view),
        name="programme_import",
    ),
    path("<int:object_id>/workbook.xlsx", admin.site.admin_view(export_view), name="export"),
]
