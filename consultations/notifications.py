"""The one message a citizen gets: the tracking code of the idea or observation they sent online,
to the email address they gave, in the language of the page they used.

The address is personal data (docs/personal-data.md): it is given to the mail backend only,
never written to a log, a page, the session or the message's text. Sending never decides whether
a contribution is stored: it happens once the contribution is committed, and a mail server that
refuses or cannot be reached is logged (with the tracking code, not the address) and forgotten.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Idea

logger = logging.getLogger(__name__)

SUBJECT_TEMPLATE = "emails/tracking_code_subject.txt"
TEXT_TEMPLATE = "emails/tracking_code.txt"
HTML_TEMPLATE = "emails/tracking_code.html"


def tracking_code_message(contribution, *, tracking_url, language):
    """The message (text with an HTML alternative) giving ``contribution``'s tracking code and
    ``tracking_url`` (absolute) to the address its author gave, written in ``language``."""
    is_idea = isinstance(contribution, Idea)
    programme = contribution.programme if is_idea else contribution.project.programme
    with translation.override(language):
        info = translation.get_language_info(language)
        context = {
            "contribution": contribution,
            "is_idea": is_idea,
            "programme": programme,
            "member": programme.member,
            "tracking_url": tracking_url,
            "LANGUAGE_CODE": language,
            "LANGUAGE_BIDI": info["bidi"],
        }
        # One line: a line break would make an invalid header.
        subject = " ".join(render_to_string(SUBJECT_TEMPLATE, context).split())
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(TEXT_TEMPLATE, context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[contribution.email],
        )
        message.attach_alternative(render_to_string(HTML_TEMPLATE, context), "text/html")
    return message


def send_tracking_code(contribution, *, tracking_url, language):
    """Send the tracking code to the address the author gave; True when the mail server took
    it, False when there is no address or the sending failed (logged without the address)."""
    if not contribution.email:
        return False
    try:
        tracking_code_message(contribution, tracking_url=tracking_url, language=language).send()
    except Exception as error:
        # Any failure of the backend (refused recipient, server down, timeout, bad settings):
        # the contribution is stored and its page shows the code. The error's text may hold
        # the address (SMTPRecipientsRefused does): only its kind and SMTP code are logged.
        logger.warning(
            "Tracking code %s: the email was not sent (%s%s).",
            contribution.tracking_code,
            type(error).__name__,
            f" {error.smtp_code}" if hasattr(error, "smtp_code") else "",
        )
        return False
    return True


def send_tracking_code_on_commit(contribution, *, tracking_url, on_result=None):
    """Once the current transaction commits, send the tracking code in the active language
    (the page's); ``on_result(sent)`` is then called with what ``send_tracking_code`` returned.
    Nothing is sent, nor called, when the author gave no address or the transaction is rolled
    back. Returns whether a message is on its way."""
    if not contribution.email:
        return False
    language = translation.get_language()

    def send():
        sent = send_tracking_code(contribution, tracking_url=tracking_url, language=language)
        if on_result is not None:
            on_result(sent)

    transaction.on_commit(send)
    return True
