from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from ctouvertes.text import clean_single_line

from . import selectors
from .models import Member, MemberKind

MEMBERS_PER_PAGE = 60

#: The kinds offered by the directory filter (provinces and prefectures form one group).
DIRECTORY_KINDS = [
    (MemberKind.REGION, MemberKind.REGION.label),
    (MemberKind.PROVINCE, MemberKind.PROVINCE.label),
    (MemberKind.COMMUNE, MemberKind.COMMUNE.label),
]


def home(request):
    context = selectors.home_content()
    context["figures"] = selectors.network_figures()
    context["sections"] = selectors.home_sections()
    return render(request, "network/home.html", context)


def member_list(request):
    regions = list(Member.objects.in_network().regions().ordered_by_name())
    region_slug = request.GET.get("region", "")
    region = next((r for r in regions if r.slug == region_slug), None)
    kind = request.GET.get("kind", "")
    if kind not in MemberKind.values:
        kind = ""
    # Invisible and control characters removed: a NUL is refused by PostgreSQL (a 500).
    text = clean_single_line(request.GET.get("q", ""))[:100]
    members = Member.objects.for_directory(region=region, kind=kind, text=text)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/member_list.html",
        {
            "page": page,
            "regions": regions,
            "kinds": DIRECTORY_KINDS,
            "selected_region": region.slug if region else "",
            "selected_kind": kind,
            "text": text,
            "is_filtered": bool(region or kind or text),
            "query_without_page": query.urlencode(),
        },
    )


def member_detail(request, slug):
    member = get_object_or_404(
        Member.objects.in_network().select_related("region", "parent"), slug=slug
    )
    counts = selectors.member_public_counts(member)
    return render(
        request,
        "network/member_detail.html",
        {
            "member": member,
            "counts": [
                (selectors.PUBLIC_COUNT_LABELS[key], value) for key, value in counts.items()
            ],
            "count_by_key": counts,
            "sections": selectors.member_sections(member),
        },
    )
