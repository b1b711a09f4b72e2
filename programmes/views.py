from django.http import Http404
from django.shortcuts import get_object_or_404, render

from network.models import Member

from . import selectors
from .models import Programme, Project


def _get_public_programme(slug, period):
    member = get_object_or_404(Member.objects.in_network(), slug=slug)
    try:
        return Programme.objects.select_related("member").get_by_period(member, period)
    except (Programme.DoesNotExist, ValueError) as error:
        raise Http404 from error


def programme_detail(request, slug, period):
    programme = _get_public_programme(slug, period)
    overview = selectors.programme_overview(programme)
    return render(
        request,
        "programmes/programme_detail.html",
        {
            "programme": programme,
            "member": programme.member,
            "overview": overview,
            "partners": selectors.programme_partners(programme),
            "committee": selectors.programme_committee(programme),
        },
    )


def project_detail(request, slug, period, number):
    programme = _get_public_programme(slug, period)
    project = get_object_or_404(Project.objects.only("pk"), programme=programme, number=number)
    sheet = selectors.project_sheet(project)
    return render(
        request,
        "programmes/project_detail.html",
        {
            "programme": sheet.programme,
            "member": sheet.programme.member,
            "project": sheet,
            "checklists": selectors.project_checklists(sheet),
        },
    )
