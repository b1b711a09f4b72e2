"""Printable documents — as PDF, and as the HTML WeasyPrint reads (``.html``, for preview) —
and the public page of a member's follow-up committee.

Every document here is public like the page it prints: none shows a private contact. PDFs come
from the cache of ``programmes.pdf`` and are generated only when what they show changed.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from network.models import Member

from . import documents, pdf, selectors
from .models import Project
from .views import _get_public_programme

MEMBER_FORMS = {
    "idea-card": documents.idea_card,
    "new-project-card": documents.new_project_card,
    "attendance-sheet": documents.attendance_sheet,
}


def _public_member(slug):
    return get_object_or_404(Member.objects.in_network(), slug=slug)


def _public_project(slug, period, number):
    programme = _get_public_programme(slug, period)
    project = get_object_or_404(Project, programme=programme, number=number)
    project.programme = programme
    return project


def _respond(request, document, fmt):
    if fmt == "html":
        return pdf.html_response(request, document)
    return pdf.pdf_response(request, document)


def idea_form_url(request, member):
    """Absolute URL of the member's idea form ("submit your idea")."""
    try:
        path = reverse("consultations:idea_new", kwargs={"slug": member.slug})
    except NoReverseMatch:
        path = f"/{get_language()}/members/{member.slug}/ideas/new/"
    return request.build_absolute_uri(path)


@require_safe
def booklet(request, slug, period, fmt):
    programme = _get_public_programme(slug, period)
    return _respond(request, documents.booklet(programme), fmt)


@require_safe
def project_sheet(request, slug, period, number, fmt):
    return _respond(request, documents.sheet(_public_project(slug, period, number)), fmt)


@require_safe
def observation_card(request, slug, period, number, fmt):
    project = _public_project(slug, period, number)
    return _respond(request, documents.observation_card(project), fmt)


@require_safe
def committee_detail(request, slug):
    member = _public_member(slug)
    overview = selectors.committee_overview(member)
    if overview is None:
        raise Http404
    return render(
        request,
        "programmes/committee_detail.html",
        {"member": member, "committee": overview},
    )


@require_safe
def committee_document(request, slug, fmt):
    member = _public_member(slug)
    if not member.committees.exists():
        raise Http404
    return _respond(request, documents.committee(member), fmt)


@require_safe
def member_form(request, slug, form, fmt):
    member = _public_member(slug)
    return _respond(request, MEMBER_FORMS[form](member), fmt)


@require_safe
def poster(request, slug, fmt):
    member = _public_member(slug)
    size = request.GET.get("size", "A4").upper()
    document = documents.poster(member, size=size, idea_url=idea_form_url(request, member))
    return _respond(request, document, fmt)
