"""Per-address rate limits for public forms, without tracking: counters live in the cache shared
by all workers (Redis when REDIS_URL is set) and expire with their window; no address is stored
in the database."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The client's address. Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, the address that
    the outermost trusted proxy saw, read from the right of X-Forwarded-For (a client can put
    anything on its left)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, ip):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def is_limited(request, scope, *, limit, window_seconds):
    """Count one hit for the client in ``scope``; True when it already had ``limit`` accepted
    hits in the last ``window_seconds`` (the refused hit is not counted).

    Each accepted hit takes one of ``limit`` slots, a cache key that expires ``window_seconds``
    after it was taken, with ``cache.add``: atomic in every shared cache (Redis ``SET NX``,
    the database cache's unique key), where a read-increment-write counter lets simultaneous
    requests of several workers through together (6 of 20 against a limit of 5 with the
    database cache on PostgreSQL, benchmarks/concurrency.py)."""
    key = _key(scope, client_ip(request))
    slots = [f"{key}:{slot}" for slot in range(limit)]
    taken = cache.get_many(slots)
    return not any(
        cache.add(slot, 1, timeout=window_seconds) for slot in slots if slot not in taken
    )
