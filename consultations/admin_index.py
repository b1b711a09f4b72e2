"""The "Your member" panel that opens the admin index of a focal point or a committee member.

For each member the user may view (``network.permissions.members_viewable_by``): its
programmes with period, status and progress, the ideas awaiting moderation and the stations open
today, with links to the admin and public pages, the programme file and the booklet. Network staff
get no panel: they work across all members with Django's app list.

The data comes from :func:`member_workspaces` in a fixed number of queries, whatever the number
of members, programmes, projects, ideas and stations. It lives here because consultations is the
top app: it may read network, programmes and its own models, which network may not.

How it reaches the page: ``templates/admin/index.html`` extends Django's index and calls the
``admin_workspace`` inclusion tag (``consultations/templatetags/admin_workspace.py``), which calls
:func:`member_workspaces` for the request's user. Django's ``AdminSite.index()`` takes no extra
context unless the site is subclassed, and the project keeps the default ``admin.site`` (every
app registers on it, ``ctouvertes/urls.py`` serves it); a context processor would run on every
page. The tag runs on the index only.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from network import permissions
from programmes.models import Programme, Project
from programmes.selectors import mean, progress_known

from .models import Idea, Moderation, Station


@dataclass
class ProgrammeWorkspace:
    programme: Programme
    progress: float
    progress_known: bool
    pending_idea_count: int
    open_station_count: int
    change_url: str
    export_url: str
    pending_ideas_url: str
    #: Public pages exist for an active member only (empty otherwise).
    public_url: str = ""
    booklet_url: str = ""


@dataclass
class MemberWorkspace:
    member: object
    can_edit: bool
    programmes: list = field(default_factory=list)
    #: The programme workbook import and the programme add form: for those who edit the member.
    import_url: str = ""
    add_programme_url: str = ""


def _counts_by_programme(queryset):
    return dict(
        queryset.values("programme_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("programme_id", "count")
    )


def _programme_workspace(programme, progress_values, known, pending, open_stations):
    member = programme.member
    pending_query = urlencode(
        {"programme__id__exact": programme.pk, "moderation__exact": Moderation.PENDING}
    )
    entry = ProgrammeWorkspace(
        programme=programme,
        progress=mean(progress_values),
        progress_known=known,
        pending_idea_count=pending,
        open_station_count=open_stations,
        change_url=reverse("admin:programmes_programme_change", args=[programme.pk]),
        export_url=reverse("programme_file:export", args=[programme.pk]),
        pending_ideas_url=f"{reverse('admin:consultations_idea_changelist')}?{pending_query}",
    )
    if member.is_active:
        entry.public_url = programme.get_absolute_url()
        entry.booklet_url = reverse(
            "programmes:booklet",
            kwargs={"slug": member.slug, "period": programme.period, "fmt": "pdf"},
        )
    return entry


def member_workspaces(user, day=None):
    """The panel's members, each with its programmes (newest first); empty for network staff
    and for a user without a member. Runs 6 queries at most (the user's roles, members,
    programmes, projects' progress, pending ideas, open stations), 1 when the roles are
    already read."""
    if permissions.is_network_staff(user):
        return []
    member_ids = permissions.viewable_member_ids(user)
    if not member_ids:
        return []
    editable_ids = permissions.editable_member_ids(user)
    day = day or timezone.localdate()
    members = list(permissions.members_viewable_by(user).order_by("name", "pk"))
    programmes = list(
        Programme.objects.filter(member__in=members)
        .select_related("member")
        .order_by("-first_year", "-last_year", "pk")
    )
    progress_values, known = {}, set()
    for project in Project.objects.filter(programme__in=programmes).with_progress():
        progress_values.setdefault(project.programme_id, []).append(project.progress_value)
        if progress_known(project):
            known.add(project.programme_id)
    pending = _counts_by_programme(
        Idea.objects.filter(programme__in=programmes, moderation=Moderation.PENDING)
    )
    open_stations = _counts_by_programme(
        Station.objects.filter(programme__in=programmes).open_on(day)
    )
    workspaces = {}
    for member in members:
        can_edit = member.pk in editable_ids
        workspace = MemberWorkspace(member=member, can_edit=can_edit)
        if can_edit:
            workspace.import_url = reverse("programme_file:import")
            add_url = reverse("admin:programmes_programme_add")
            workspace.add_programme_url = f"{add_url}?{urlencode({'member': member.pk})}"
        workspaces[member.pk] = workspace
    for programme in programmes:
        workspaces[programme.member_id].programmes.append(
            _programme_workspace(
                programme,
                progress_values.get(programme.pk, []),
                programme.pk in known,
                pending.get(programme.pk, 0),
                open_stations.get(programme.pk, 0),
            )
        )
    return list(workspaces.values())
