"""Management commands that speak the user's language: ``--language ar|fr|zgh``.

Django 5.2 no longer deactivates translations around a command's ``handle`` (only the
``django.core.management.base.no_translations`` decorator does), so a command runs in the
settings' ``LANGUAGE_CODE`` (Arabic) unless told otherwise. These two helpers let a command take
``--language`` and produce every message (errors, summaries) in it::

    from ctouvertes.commands import add_language_argument, in_language

    class Command(BaseCommand):
        def add_arguments(self, parser):
            add_language_argument(parser)

        @in_language
        def handle(self, *args, **options):
            ...  # gettext() answers in options["language"]

``call_command("load_members", path, language="fr")`` works the same way. Messages must be built
inside ``handle`` (``gettext``, not lazy strings kept for later): the language is switched back
when ``handle`` returns or raises.
"""

import functools

from django.conf import settings
from django.utils import translation


def language_codes():
    """The codes of the portal's languages, in the settings' order (``ar``, ``fr``, ``zgh``)."""
    return [code for code, _name in settings.LANGUAGES]


def add_language_argument(parser):
    """Add ``--language`` (one of the portal's languages; default: ``LANGUAGE_CODE``)."""
    parser.add_argument(
        "--language",
        choices=language_codes(),
        default=settings.LANGUAGE_CODE,
        help=(
            f"Language of the messages: {'|'.join(language_codes())} "
            f"(default: {settings.LANGUAGE_CODE})."
        ),
    )


def in_language(handle):
    """Decorate a command's ``handle`` so that it runs under ``translation.override`` of the
    ``language`` option (the settings' ``LANGUAGE_CODE`` when the option is absent or empty)."""

    @functools.wraps(handle)
    def wrapper(self, *args, **options):
        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            return handle(self, *args, **options)

    return wrapper
