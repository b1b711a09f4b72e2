"""Spreadsheet exports of ideas and observations (CSV and XLSX).

- For the follow-up committee, with the submitters' personal data: ``committee_ideas`` and
  ``committee_observations`` keep only the rows of members the user may export
  (``network.permissions.can_export_member``), whatever queryset they are given. The admin's
  export page and actions use them.
- Open data, for everyone: ``open_data_rows(member)`` and the public view
  ``open_data_export(request, slug, fmt)`` (routed by ``consultations.export_urls``). Published
  ideas only; never a name, email, phone, gender, age band, association name or tracking code
  (the code opens the submitter's tracking page).

Every cell of every export goes through ``neutralise`` (``ctouvertes.spreadsheets``): a text a
spreadsheet would run as a formula is written with a leading ``'``.
"""

import tablib
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ctouvertes.spreadsheets import neutralise
from network import permissions
from network.models import Member

from .models import Idea, Observation
from .resources import IdeaCommitteeResource, ObservationCommitteeResource

__all__ = [
    "OPEN_DATA_COLUMNS",
    "committee_ideas",
    "committee_observations",
    "exportable",
    "neutralise",
    "open_data_dataset",
    "open_data_export",
    "open_data_rows",
    "spreadsheet_response",
]

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Committee exports ------------------------------------------------------------------------------


def exportable(queryset, user, member_path):
    """The rows of ``queryset`` whose member (reached by ``member_path``) ``user`` may export
    with personal data."""
    if permissions.is_network_staff(user):
        return queryset
    member_ids = [
        member_id
        for member_id in permissions.viewable_member_ids(user)
        if permissions.can_export_member(user, member_id)
    ]
    return queryset.filter(**{f"{member_path}__in": member_ids})


def committee_ideas(user, queryset=None):
    """A ``tablib.Dataset`` of ideas with personal data, limited to what ``user`` may export."""
    queryset = Idea.objects.all() if queryset is None else queryset
    rows = exportable(queryset, user, "programme__member").order_by("submitted_at", "pk")
    return IdeaCommitteeResource().export(rows)


def committee_observations(user, queryset=None):
    """A ``tablib.Dataset`` of observations with personal data, limited to what ``user`` may
    export."""
    queryset = Observation.objects.all() if queryset is None else queryset
    rows = exportable(queryset, user, "project__programme__member").order_by("submitted_at", "pk")
    return ObservationCommitteeResource().export(rows)


def spreadsheet_response(dataset, fmt, filename):
    """An attachment ``<filename>.<fmt>`` (csv or xlsx) holding ``dataset``, every cell
    neutralised. CSV is UTF-8 with a byte order mark, so that spreadsheets read Arabic."""
    if fmt not in FORMATS:
        raise Http404
    safe = tablib.Dataset(headers=[neutralise(str(header)) for header in dataset.headers or ()])
    for row in dataset:
        safe.append([neutralise(cell) for cell in row])
    if fmt == "csv":
        content = "\ufeff" + safe.export("csv")
    else:
        content = safe.export("xlsx")
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# Open data --------------------------------------------------------------------------------------

#: Column codes and their meaning. Deliberately absent: tracking code and every personal field.
OPEN_DATA_COLUMNS = {
    "date": _("date"),
    "axis": _("axis"),
    "channel": _("channel"),
    "submitter_kind": _("who you are"),
    "title": _("title"),
    "idea": _("idea"),
    "fate": _("fate"),
    "fate_reason": _("public explanation of the fate"),
    "projects": _("projects it became"),
}


def open_data_rows(member):
    """The member's published ideas as dicts keyed by ``OPEN_DATA_COLUMNS``, oldest first, in
    the active language: nothing that identifies a person. Values are not yet neutralised
    (``open_data_dataset`` does it)."""
    ideas = (
        Idea.objects.published()
        .filter(programme__member=member)
        .select_related("axis")
        .prefetch_related("projects")
        .order_by("submitted_at", "pk")
    )
    return [
        {
            "date": timezone.localtime(idea.submitted_at).date().isoformat(),
            "axis": str(idea.axis) if idea.axis_id else "",
            "channel": str(idea.get_channel_display()),
            "submitter_kind": str(idea.get_submitter_kind_display()),
            "title": idea.title,
            "idea": idea.body,
            "fate": str(idea.get_fate_display()),
            "fate_reason": idea.fate_reason or "",
            "projects": "; ".join(str(project) for project in idea.projects.all()),
        }
        for idea in ideas
    ]


def open_data_dataset(member):
    dataset = tablib.Dataset(headers=list(OPEN_DATA_COLUMNS))
    for row in open_data_rows(member):
        dataset.append([row[column] for column in OPEN_DATA_COLUMNS])
    return dataset


@require_GET
def open_data_export(request, slug, fmt):
    """``/<lang>/members/<slug>/ideas/open-data.csv`` (or ``.xlsx``): the published ideas of a
    member of the network, anonymised, for everyone."""
    member = get_object_or_404(Member.objects.in_network(), slug=slug)
    if fmt not in FORMATS:
        raise Http404
    return spreadsheet_response(open_data_dataset(member), fmt, f"{member.slug}-ideas-open-data")
