"""What the web application checks before it answers anyone."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: Values that documentation and examples show for SECRET_KEY: public, so no secret.
PUBLIC_KEYS = {
    "change-me-to-a-long-random-string",
    "insecure-development-key-change-me",
}
#: Django's own deployment check (security.W009) wants 50 characters, 5 of them different.
MIN_KEY_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5


def weak_secret_key(key):
    """Why ``key`` protects nothing, or None when it will do."""
    if key.strip() in PUBLIC_KEYS or key.startswith("django-insecure-"):
        return "SECRET_KEY is a public example value."
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return (
            f"SECRET_KEY has fewer than {MIN_KEY_LENGTH} characters or fewer than "
            f"{MIN_UNIQUE_CHARACTERS} different ones."
        )
    return None


def refuse_insecure_start():
    """Raise ImproperlyConfigured when the portal would serve the public with DEBUG off and a
    SECRET_KEY that is missing, an example value or short (sessions, CSRF tokens and
    password-reset links would be signed with a key anyone can read or guess)."""
    if settings.DEBUG:
        return
    how = (
        " Set it to a long random string in the environment "
        "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), or set DEBUG=1 "
        "for development."
    )
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        raise ImproperlyConfigured("SECRET_KEY is not set." + how)
    reason = weak_secret_key(settings.SECRET_KEY)
    if reason:
        raise ImproperlyConfigured(reason + how)
