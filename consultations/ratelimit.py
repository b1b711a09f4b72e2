"""Rate limits for public forms and tracking look-ups, without tracking people: counters live
in the cache shared by all workers (Redis with REDIS_URL, otherwise the database's cache table)
under a hash, with the secret key, of the client (an address or a browser session; never the
address or the session key itself), and expire after two windows.

Two ways to count: ``is_limited`` counts every hit (tracking look-ups, where every look-up is a
try at guessing a code); ``is_over_limit`` only reads and ``take_slot`` records one accepted
hit (the idea and observation forms, where a refused form must not count)."""

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


def _key(scope, client):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}"


def address_key(request, scope):
    """The counter of the request's address (or IPv6 /64) in ``scope``."""
    return _key(scope, client_network(client_ip(request)))


def session_key(request, scope, *, create=False):
    """The counter of the request's browser session in ``scope``; None when the browser has no
    session (an unknown or forged session cookie is none), unless ``create`` saves a new one
    (its cookie goes out with the response)."""
    session = request.session
    # Reading loads the session: a cookie naming no stored session leaves no key.
    session.keys()
    if session.session_key is None:
        if not create:
            return None
        session.save()
    return _key(scope, f"session:{session.session_key}")


class _Window:
    """The slots of ``key`` in the current and previous windows, and what they count for."""

    def __init__(self, key, limit, window_seconds):
        now = time.time()
        window = int(now // window_seconds)
        self.limit = limit
        self.timeout = 2 * window_seconds
        self.elapsed = (now % window_seconds) / window_seconds
        self.current = [f"{key}:{window}:{slot}" for slot in range(limit)]
        self.previous = [f"{key}:{window - 1}:{slot}" for slot in range(limit)]
        self.taken = cache.get_many(self.current + self.previous)

    def is_full(self):
        """The hits of the previous window count in proportion to how much of it still lies
        within the last ``window_seconds`` (rounded up), so that a client cannot send ``limit``
        hits at the end of a window and ``limit`` more at the start of the next."""
        previous_hits = sum(1 for slot in self.previous if slot in self.taken)
        current_hits = sum(1 for slot in self.current if slot in self.taken)
        return current_hits + math.ceil(previous_hits * (1 - self.elapsed)) >= self.limit

    def take(self):
        """The first free slot of the current window, taken; None when none is left."""
        if self.is_full():
            return None
        for slot in self.current:
            if slot not in self.taken and cache.add(slot, 1, timeout=self.timeout):
                return slot
        return None


def is_over_limit(key, *, limit, window_seconds):
    """True when the counter ``key`` already holds ``limit`` hits in about the last
    ``window_seconds``. Only reads: nothing is counted."""
    return _Window(key, limit, window_seconds).is_full()


def take_slot(key, *, limit, window_seconds):
    """Record one accepted hit on the counter ``key``: the name of the slot it took (to give it
    back with ``release_slot`` if the hit is refused after all), or None when the counter is
    full and nothing was recorded.

    Time is cut into windows; each accepted hit takes one of ``limit`` slots of the current
    window with ``cache.add``, a key used once: ``add`` of a new key is atomic in every shared
    cache (Redis ``SET NX``, the database cache's unique key), so simultaneous requests on
    several workers never share a slot. (A read-increment-write counter let 6 of 20
    simultaneous posts through against a limit of 5, and an expired key reused by ``add`` is
    not atomic in the database cache.)"""
    return _Window(key, limit, window_seconds).take()


def release_slot(slot):
    """Give back a slot taken for a hit that was refused after all (the row is deleted, so
    the next ``add`` of that slot is a new key again)."""
    cache.delete(slot)


def is_limited(request, scope, *, limit, window_seconds):
    """Count one hit for the request's address in ``scope``; True when it already made
    ``limit`` accepted hits in about the last ``window_seconds`` (a refused hit is not
    counted). For look-ups where every try counts, not for forms (see the module's help)."""
    slot = take_slot(address_key(request, scope), limit=limit, window_seconds=window_seconds)
    return slot is None
