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
