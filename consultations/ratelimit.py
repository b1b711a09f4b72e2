"""Per-address rate limits for public forms and tracking look-ups, without tracking people:
counters live in the cache shared by all workers (Redis with REDIS_URL, otherwise the
database's cache table) under a hash of the address with the secret key (never the address
itself), and expire after two windows."""

import hashlib
import ipaddress
import math
import time

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


def client_network(ip):
    """What counts as one client: the address, or for IPv6 its /64 network (one subscriber
    line gets a whole /64 and could send from a new address each time)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _key(scope, ip):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_network(ip)}".encode()).hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}"


def is_limited(request, scope, *, limit, window_seconds):
    """Count one hit for the client in ``scope``; True when it already made ``limit`` accepted
    hits in about the last ``window_seconds`` (a refused hit is not counted).

    Time is cut into windows; each accepted hit takes one of ``limit`` slots of the current
    window with ``cache.add``, a key used once and never again: ``add`` of a new key is atomic
    in every shared cache (Redis ``SET NX``, the database cache's unique key), so simultaneous
    requests on several workers never share a slot. (A read-increment-write counter let 6 of
    20 simultaneous posts through against a limit of 5, and an expired key reused by ``add``
    is not atomic in the database cache.) The hits of the previous window count in proportion
    to how much of it still lies within the last ``window_seconds`` (rounded up), so that a
    client cannot send ``limit`` hits at the end of a window and ``limit`` more at the start of
    the next."""
    now = time.time()
    window = int(now // window_seconds)
    elapsed = (now % window_seconds) / window_seconds
    key = _key(scope, client_ip(request))
    current = [f"{key}:{window}:{slot}" for slot in range(limit)]
    previous = [f"{key}:{window - 1}:{slot}" for slot in range(limit)]
    taken = cache.get_many(current + previous)
    previous_hits = sum(1 for slot in previous if slot in taken)
    current_hits = sum(1 for slot in current if slot in taken)
    if current_hits + math.ceil(previous_hits * (1 - elapsed)) >= limit:
        return True
    return not any(
        cache.add(slot, 1, timeout=2 * window_seconds) for slot in current if slot not in taken
    )
