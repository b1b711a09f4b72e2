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
    """Count one hit for the client in ``scope``; True once it made more than ``limit`` hits in
    the current window."""
    key = _key(scope, client_ip(request))
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit
