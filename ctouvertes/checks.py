"""Deployment checks of the portal (`manage.py check --deploy`), beside Django's own."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

#: Cache back-ends whose data lives in one process: each worker would keep its own counters.
PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.caches, Tags.security, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits count in the default cache: a per-process cache multiplies every limit by
    the number of workers."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Warning(
                f"The default cache ({backend}) lives in each worker process: rate limits of the "
                "public forms are multiplied by the number of workers and cached PDFs differ "
                "between workers.",
                hint="Set REDIS_URL, or use the database cache (the default without REDIS_URL).",
                id="ctouvertes.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_secret_key_from_environment(app_configs, **kwargs):
    """The public development key must never sign a production session."""
    if getattr(settings, "SECRET_KEY_FROM_ENVIRONMENT", True):
        return []
    return [
        Warning(
            "SECRET_KEY is not set: the portal uses the public development key.",
            hint="Set SECRET_KEY to a long random string (the web application refuses to start "
            "without it when DEBUG is off).",
            id="ctouvertes.W002",
        )
    ]


#: Mail back-ends that do not deliver: the console prints each message, with the citizen's
#: address, on the process's output (the logs in production).
UNDELIVERED_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def check_mail_is_delivered(app_configs, **kwargs):
    """Without EMAIL_HOST, the tracking codes citizens ask for by email are never delivered, and
    the console back-end writes their addresses into the logs."""
    if settings.EMAIL_BACKEND not in UNDELIVERED_MAIL_BACKENDS:
        return []
    return [
        Warning(
            f"Email is not delivered ({settings.EMAIL_BACKEND}): citizens who give an address "
            "do not receive their tracking code, and the console back-end prints their "
            "addresses in the logs.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
            "EMAIL_USE_TLS, DEFAULT_FROM_EMAIL) to the network's SMTP server.",
            id="ctouvertes.W003",
        )
    ]
