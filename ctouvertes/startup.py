"""What the web application checks before it answers anyone."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_start():
    """Raise ImproperlyConfigured when the portal would serve the public with DEBUG off and
    no SECRET_KEY of its own (sessions, CSRF tokens and password-reset links would be signed
    with a key anyone can read in the source)."""
    if not settings.DEBUG and not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string in the environment "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or set DEBUG=1 "
            "for development."
        )
