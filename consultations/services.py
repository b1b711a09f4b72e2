"""Write flows of consultations: submitting ideas and observations, moderating them and deciding
their fate. Views, admin actions and imports call these functions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import notifications
from .models import (
    Channel,
    Fate,
    Idea,
    Moderation,
    Observation,
    OnlineInput,
    Station,
    new_tracking_code,
)


class ConsultationClosed(Exception):
    """Raised when input arrives online while no station takes it."""

    message = _("This consultation is not open: nothing was stored.")


def open_station(programme, input_kind, day=None):
    """The station of ``programme`` that takes ``input_kind`` online today, or None."""
    return Station.objects.filter(programme=programme).open_for(input_kind, day).ordered().first()


def _code_taken_elsewhere(contribution):
    """Ideas and observations share one tracking page: a code must be unique across both."""
    other_model = Observation if isinstance(contribution, Idea) else Idea
    return other_model.objects.filter(tracking_code=contribution.tracking_code).exists()


def _save_with_unique_code(contribution):
    """Save, drawing a new tracking code in the (rare) case of a collision."""
    for _attempt in range(5):
        if _code_taken_elsewhere(contribution):
            contribution.tracking_code = new_tracking_code()
            continue
        try:
            with transaction.atomic():
                contribution.save()
            return contribution
        except IntegrityError:
            if (
                not type(contribution)
                .objects.filter(tracking_code=contribution.tracking_code)
                .exists()
            ):
                raise
            contribution.tracking_code = new_tracking_code()
    raise IntegrityError("Could not draw a unique tracking code.")


def _email_tracking_code(contribution, absolute_url, on_email_result):
    if absolute_url is None:
        return
    notifications.send_tracking_code_on_commit(
        contribution,
        tracking_url=absolute_url(contribution.get_absolute_url()),
        on_result=on_email_result,
    )


@transaction.atomic
def submit_idea(
    *,
    programme,
    data,
    channel=Channel.ONLINE,
    event=None,
    station=None,
    day=None,
    absolute_url=None,
    on_email_result=None,
):
    """Store a citizen's idea. Online, it must arrive while an idea station is open
    (``ConsultationClosed`` otherwise); in person or on paper, a focal point enters it with the
    workshop it came from. ``data`` holds the form's fields (title, body, axis, submitter...).

    With ``absolute_url`` (what makes a path absolute: the request's ``build_absolute_uri``),
    an author who gave an email address gets the tracking code by email, in the active
    language, once the idea is committed; ``on_email_result(sent)`` then hears whether the
    mail server took it (``notifications.send_tracking_code_on_commit``). A failed sending
    never undoes the idea.
    """
    if channel == Channel.ONLINE:
        station = open_station(programme, OnlineInput.IDEAS, day)
        if station is None:
            raise ConsultationClosed
    idea = Idea(programme=programme, station=station, channel=channel, event=event, **data)
    idea.full_clean()
    _save_with_unique_code(idea)
    _email_tracking_code(idea, absolute_url, on_email_result)
    return idea


@transaction.atomic
def submit_observation(
    *,
    project,
    data,
    channel=Channel.ONLINE,
    event=None,
    station=None,
    day=None,
    absolute_url=None,
    on_email_result=None,
):
    """Store an observation on a draft project while a consultation on the draft is open;
    ``absolute_url`` and ``on_email_result``: the tracking code by email, as ``submit_idea``."""
    if channel == Channel.ONLINE:
        station = open_station(project.programme, OnlineInput.OBSERVATIONS, day)
        if station is None:
            raise ConsultationClosed
    observation = Observation(
        project=project, station=station, channel=channel, event=event, **data
    )
    observation.full_clean()
    _save_with_unique_code(observation)
    _email_tracking_code(observation, absolute_url, on_email_result)
    return observation


def _moderate(contribution, moderation, *, user, reason=""):
    contribution.moderation = moderation
    contribution.hidden_reason = reason if moderation == Moderation.HIDDEN else ""
    contribution.moderated_by = user
    contribution.moderated_at = timezone.now()
    contribution.full_clean()
    contribution.save()
    return contribution


def publish(contribution, *, user):
    return _moderate(contribution, Moderation.PUBLISHED, user=user)


def hide(contribution, *, reason, user):
    """Hide an idea or observation (abuse, personal data in the text...) with a recorded reason."""
    if not reason:
        raise ValidationError({"hidden_reason": _("Say why it is hidden.")})
    return _moderate(contribution, Moderation.HIDDEN, user=user, reason=reason)


@transaction.atomic
def decide_fate(idea, *, fate, user, reason="", projects=(), merged_into=None):
    """Record the committee's decision on an idea: accepted (with the projects it became),
    merged into another idea, rejected or outside the member's competences (with a public
    reason), or back under study."""
    idea.fate = fate
    idea.merged_into = merged_into if fate == Fate.MERGED else None
    for field_name in ("fate_reason",):
        setattr(idea, field_name, reason)
    idea.decided_at = timezone.now() if fate != Fate.UNDER_STUDY else None
    if projects:
        foreign = [p for p in projects if p.programme.member_id != idea.programme.member_id]
        if foreign:
            raise ValidationError({"projects": _("A project belongs to another member.")})
    if merged_into is not None and merged_into.programme.member_id != idea.programme.member_id:
        raise ValidationError({"merged_into": _("That idea belongs to another member.")})
    idea.moderated_by = user
    idea.full_clean()
    idea.save()
    idea.projects.set(projects if fate == Fate.ACCEPTED else [])
    return idea


def answer_observation(observation, *, answer, user):
    observation.answer = answer
    observation.answered_at = timezone.now() if answer else None
    observation.moderated_by = user
    observation.full_clean()
    observation.save()
    return observation


class IdeaImportError(Exception):
    """The file was refused; nothing was stored. ``errors`` lists every problem (``RowError``:
    row counted from 1 after the header, column, message)."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def import_paper_ideas(file, *, member, user=None, dry_run=False, file_format=None):
    """Store the ideas of a CSV or XLSX file of paper forms or workshop cards (columns of
    ``consultations.resources.PaperIdeaResource``) for ``member``, each through
    ``submit_idea`` with its channel (in_person or paper) and workshop.

    Every row must name ``member``; with ``user``, the user must also be allowed to change
    that member's data (``None``: the command line). A file with any error stores nothing
    and raises ``IdeaImportError``; ``dry_run`` checks the file and stores nothing.
    Returns the number of ideas stored (or that would be).
    """
    from network.services import MemberImportError, read_member_file

    from .resources import PaperIdeaResource, import_errors

    try:
        dataset = read_member_file(file, file_format=file_format)
    except MemberImportError as error:
        raise IdeaImportError(error.errors) from None
    result = PaperIdeaResource().import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        user=user,
        member=member,
    )
    errors = import_errors(result, sheet=dataset.title or None)
    if errors:
        raise IdeaImportError(errors)
    return result.totals.get("new", 0)
