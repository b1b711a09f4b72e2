"""Personal data of the people who sent ideas and observations: erasure on request (Law 09-08,
the CNDP) and at the end of the retention period (docs/personal-data.md).

Erasing empties the identifying fields (name, email, phone, association's name) and keeps the
contribution: its text, tracking code, channel, moderation and fate, so the tracking page, the
published lists and every published figure stay as they were. Gender and age band are kept
unless asked (``all_fields``): alone they identify nobody, and members count them in their
participation reports. Contributions have no history table (django-simple-history tracks
programmes, axes, projects and activities only), and the admin log records field names, never
values; each erasure adds a log entry, without personal data, naming who erased and why.
"""

import datetime

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Idea, Observation

IDENTIFYING_FIELDS = Idea.IDENTIFYING_FIELDS
STATISTICAL_FIELDS = Idea.STATISTICAL_FIELDS
CONTRIBUTION_MODELS = (Idea, Observation)


class Reason:
    REQUEST = "request"
    RETENTION = "retention"


def _reason_text(reason):
    return {
        Reason.REQUEST: _("at the person's request"),
        Reason.RETENTION: _("retention period over"),
    }[reason]


def erased_fields(all_fields=False):
    return IDENTIFYING_FIELDS + (STATISTICAL_FIELDS if all_fields else ())


def holding_personal_data(fields):
    """A filter of the contributions with something left to erase in ``fields``."""
    condition = Q()
    for name in fields:
        condition |= ~Q(**{name: ""})
    return condition


def fields_to_erase(contribution, all_fields=False):
    """The names of the fields of ``contribution`` that an erasure would empty."""
    return [name for name in erased_fields(all_fields) if getattr(contribution, name)]


def with_tracking_codes(codes):
    """``(contributions, unknown codes)``: the ideas and observations with these codes."""
    codes = list(dict.fromkeys(codes))
    found = [
        contribution
        for model in CONTRIBUTION_MODELS
        for contribution in model.objects.filter(tracking_code__in=codes).order_by("pk")
    ]
    known = {contribution.tracking_code for contribution in found}
    return found, [code for code in codes if code not in known]


def with_email(address):
    """The ideas and observations sent with this email address (any case)."""
    address = address.strip()
    if not address:
        return []
    return [
        contribution
        for model in CONTRIBUTION_MODELS
        for contribution in model.objects.filter(email__iexact=address).order_by("pk")
    ]


def retention_days():
    """``PERSONAL_DATA_RETENTION_DAYS`` (ctouvertes/settings.py: 365 unless set)."""
    return int(settings.PERSONAL_DATA_RETENTION_DAYS)


def expired(days, day=None):
    """The contributions still holding identifying data whose station closed more than
    ``days`` days before ``day`` (today in the portal's time zone). A contribution without a
    station, or whose station has no end date, counts from the day it was sent."""
    day = day or timezone.localdate()
    cutoff = day - datetime.timedelta(days=days)
    closed_long_ago = Q(station__ends_on__lt=cutoff) | Q(
        station__ends_on__isnull=True, submitted_at__date__lt=cutoff
    )
    return [
        contribution
        for model in CONTRIBUTION_MODELS
        for contribution in model.objects.filter(closed_long_ago)
        .filter(holding_personal_data(IDENTIFYING_FIELDS))
        .order_by("pk")
    ]


def erase_personal_data(contributions, *, reason, user=None, all_fields=False):
    """Empty the personal fields of ``contributions`` (ideas and observations) and keep the
    rest; ``all_fields`` erases gender and age band too. Contributions with nothing left to
    erase are left alone (running it again changes nothing). With a ``user``, each erased
    contribution gets an admin log entry: who, when, why and which fields, no value.
    Returns the number of contributions erased."""
    fields = erased_fields(all_fields)
    erased = 0
    with transaction.atomic():
        for model in CONTRIBUTION_MODELS:
            keys = [
                contribution.pk for contribution in contributions if isinstance(contribution, model)
            ]
            to_erase = model.objects.filter(pk__in=keys).filter(holding_personal_data(fields))
            pks = list(to_erase.values_list("pk", flat=True))
            if not pks:
                continue
            if user is not None:
                LogEntry.objects.log_actions(
                    user.pk,
                    model.objects.filter(pk__in=pks),
                    CHANGE,
                    change_message=_("Personal data erased (%(reason)s): %(fields)s.")
                    % {
                        "reason": _reason_text(reason),
                        "fields": ", ".join(
                            str(model._meta.get_field(name).verbose_name) for name in fields
                        ),
                    },
                )
            erased += model.objects.filter(pk__in=pks).update(**dict.fromkeys(fields, ""))
    for contribution in contributions:
        for name in fields:
            setattr(contribution, name, "")
    return erased
