"""The portal's own server-error page (``handler500`` in ctouvertes/urls.py).

Django's default ``server_error`` renders ``500.html`` without a request and outside any
language: the page would come out in the default language whatever the URL. This view picks
the language from the URL's prefix (``/ar/``, ``/fr/``, ``/zgh/``; anything else is Arabic,
the portal's default) and renders the page with that language and its direction only: no
request, no context processor, no database query, so it renders while the database is down.

404, 403, 400 and a failed CSRF check keep Django's default handlers: they render
``404.html``, ``403.html``, ``400.html`` and ``403_csrf.html`` with the request, in the language
LocaleMiddleware activated.
"""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


def language_of_path(path):
    """The language of the URL's prefix, or the portal's default language."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def server_error(request, template_name="500.html"):
    language = language_of_path(request.path_info)
    with translation.override(language):
        context = {"LANGUAGE_CODE": language, "LANGUAGE_BIDI": translation.get_language_bidi()}
        try:
            body = loader.render_to_string(template_name, context)
        except Exception:
            # The template itself failed (a static file missing from the manifest, a broken
            # URLconf): still answer a short page in the right language rather than nothing.
            logger.exception("The server-error page could not be rendered.")
            body = minimal_server_error_page(context)
    return HttpResponseServerError(body)


def minimal_server_error_page(context):
    title = escape(gettext("Server error"))
    explanation = escape(
        gettext(
            "Something went wrong on the portal's side and this page could not be shown. "
            "The error has been recorded. Please try again in a few minutes."
        )
    )
    direction = "rtl" if context["LANGUAGE_BIDI"] else "ltr"
    return (
        f'<!DOCTYPE html><html lang="{escape(context["LANGUAGE_CODE"])}" dir="{direction}">'
        f'<head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{explanation}</p></body></html>"
    )
