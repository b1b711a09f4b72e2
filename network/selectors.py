"""Read functions for the public pages: what the network is, its figures, a member's counts.

Every function here runs a fixed number of queries, whatever the number of members.

Counts that other apps own (a member's projects, ideas, axes) are plugged in with
``register_public_count`` from the app's ``AppConfig.ready()``::

    from network.selectors import register_public_count

    class ProgrammesConfig(AppConfig):
        def ready(self):
            from .selectors import count_published_projects

            register_public_count("projects", count_published_projects)

A provider takes a ``Member`` and returns an ``int``, ``None`` when the count is not known, or a
``network.figures.Figure`` (a published figure); several providers for one key add up, the
unknown ones left out (unknown is not zero).
"""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .figures import Figure
from .models import (
    PROVINCIAL_KINDS,
    CharterItem,
    CharterSection,
    ExpectedResult,
    Member,
    MemberKind,
    Principle,
)

#: The counts shown on a member's public page, in display order, with their labels.
PUBLIC_COUNT_LABELS = {
    "projects": _("projects"),
    "ideas": _("ideas"),
    "axes": _("axes"),
}

_count_providers = defaultdict(list)
_member_sections = []
_home_sections = []


def register_public_count(key, provider):
    """Add ``provider(member) -> int`` to the public count ``key`` (see the module docstring)."""
    if key not in PUBLIC_COUNT_LABELS:
        raise ValueError(
            f"Unknown public count {key!r}; expected one of {list(PUBLIC_COUNT_LABELS)}"
        )
    if provider not in _count_providers[key]:
        _count_providers[key].append(provider)


def unregister_public_count(key, provider):
    if provider in _count_providers[key]:
        _count_providers[key].remove(provider)


def member_public_counts(member):
    """``{"projects": Figure, "ideas": Figure, "axes": Figure}`` for the member page
    (``network.figures.Figure``, equal to its number). A provider returns an ``int``, ``None``
    (not known) or a ``Figure`` (e.g. a published figure); unknown is not zero: a count that
    no provider knows is ``Figure(None)``, and the page leaves it out."""
    counts = {}
    for key in PUBLIC_COUNT_LABELS:
        total = Figure(None)
        for provider in _count_providers[key]:
            value = provider(member)
            total = total + (value if isinstance(value, Figure) else Figure(value))
        counts[key] = total
    return counts


def charter_sections():
    """Charter items grouped by section, in one query: ``{"about": [...], "value": [...]}``."""
    sections = {section.value: [] for section in CharterSection}
    for item in CharterItem.objects.order_by("position", "pk"):
        sections[item.section].append(item)
    return sections


def home_content():
    return {
        "charter": charter_sections(),
        "principles": list(Principle.objects.order_by("position", "pk")),
        "expected_results": list(ExpectedResult.objects.order_by("position", "pk")),
    }


def network_figures():
    """Members by kind and by region, in two aggregate queries."""
    members = Member.objects.in_network()
    by_kind = members.aggregate(
        total=Count("pk"),
        regions=Count("pk", filter=Q(kind=MemberKind.REGION)),
        provincial=Count("pk", filter=Q(kind__in=PROVINCIAL_KINDS)),
        communes=Count("pk", filter=Q(kind=MemberKind.COMMUNE)),
    )
    in_region = Q(region_members__joined_on__isnull=False, region_members__is_active=True)
    regions = list(
        members.regions()
        .annotate(
            provincial_count=Count(
                "region_members",
                filter=in_region & Q(region_members__kind__in=PROVINCIAL_KINDS),
            ),
            commune_count=Count(
                "region_members", filter=in_region & Q(region_members__kind=MemberKind.COMMUNE)
            ),
        )
        .ordered_by_name()
    )
    for region in regions:
        # The region's council is itself a member.
        region.member_count = 1 + region.provincial_count + region.commune_count
    largest = max((region.member_count for region in regions), default=0)
    for region in regions:
        region.bar_percent = round(100 * region.member_count / largest) if largest else 0
    return {"by_kind": by_kind, "by_region": regions}


def register_member_section(template_name, provider):
    """Add a section to the member page: ``template_name`` is rendered with the page's context
    plus ``provider(member)`` (a dict). Apps call this from ``AppConfig.ready()``."""
    if (template_name, provider) not in _member_sections:
        _member_sections.append((template_name, provider))


def member_sections(member):
    """``[(template_name, context), ...]`` of the sections other apps add to the member page."""
    return [(template_name, provider(member)) for template_name, provider in _member_sections]


def register_home_section(template_name, provider):
    """Add a section to the home page after the network's figures: ``template_name`` rendered
    with ``section`` = ``provider()`` (a dict). Apps call this from ``AppConfig.ready()``."""
    if (template_name, provider) not in _home_sections:
        _home_sections.append((template_name, provider))


def home_sections():
    return [(template_name, provider()) for template_name, provider in _home_sections]
