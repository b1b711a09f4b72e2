"""The signed stamp of when a form page was served (``consultations.forms``), for tests that
post the idea and observation forms without opening them first."""

import datetime

import time_machine
from django.utils import timezone

from consultations.forms import FORM_STAMP_FIELD, issue_form_stamp


def form_stamp(seconds_ago=60):
    """A stamp as the form page served ``seconds_ago`` seconds before now (frozen or not)."""
    served_at = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    with time_machine.travel(served_at, tick=False):
        return issue_form_stamp()


def stamped(fields, seconds_ago=60):
    """``fields`` with the stamp of a page served ``seconds_ago`` seconds before now."""
    return {**fields, FORM_STAMP_FIELD: form_stamp(seconds_ago)}
