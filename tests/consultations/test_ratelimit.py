"""The rate limiter itself: slots of one window, the previous window's weight, one client per
IPv6 /64, a read that counts nothing and a slot given back, counters per browser session, and a
shared cache that simultaneous workers cannot cheat."""

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory

from consultations.ratelimit import (
    address_key,
    client_network,
    is_limited,
    is_over_limit,
    release_slot,
    session_key,
    take_slot,
)

HOUR = 3600
START = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("UTC"))  # a window's first second


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def hit(address="196.200.1.1", limit=5):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    return is_limited(request, "test", limit=limit, window_seconds=HOUR)


def hits(count, **kwargs):
    return [hit(**kwargs) for _ in range(count)]


def test_the_sixth_hit_of_a_window_is_refused_and_not_counted():
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        assert hits(7) == [False] * 5 + [True, True]


def test_a_burst_at_the_end_of_a_window_still_counts_at_the_start_of_the_next():
    with time_machine.travel(START + datetime.timedelta(minutes=59), tick=False):
        assert hits(5) == [False] * 5
    # One minute into the next window, 59/60 of the last one still lies in the last hour.
    with time_machine.travel(START + datetime.timedelta(minutes=61), tick=False):
        assert hit() is True
    # Half-way through, half of the 5 still count (2.5, rounded up to 3): 2 more are accepted.
    with time_machine.travel(START + datetime.timedelta(minutes=90), tick=False):
        assert hits(3) == [False, False, True]
    # Two windows later, nothing of the burst counts.
    with time_machine.travel(START + datetime.timedelta(minutes=180), tick=False):
        assert hits(6) == [False] * 5 + [True]


def test_addresses_of_one_ipv6_64_network_are_one_client():
    with time_machine.travel(START, tick=False):
        assert hits(5, address="2001:db8:1:2::1") == [False] * 5
        assert hit(address="2001:db8:1:2:ffff::9") is True  # same /64
        assert hit(address="2001:db8:1:3::1") is False  # another /64
        assert hit(address="196.200.1.2") is False


def test_reading_a_counter_counts_nothing():
    key = address_key(RequestFactory().post("/", REMOTE_ADDR="196.200.1.1"), "test")
    with time_machine.travel(START, tick=False):
        assert [is_over_limit(key, limit=2, window_seconds=HOUR) for _ in range(5)] == [False] * 5
        slots = [take_slot(key, limit=2, window_seconds=HOUR) for _ in range(3)]
        assert is_over_limit(key, limit=2, window_seconds=HOUR) is True
    assert slots[0] and slots[1] and slots[0] != slots[1]
    assert slots[2] is None


def test_a_slot_given_back_can_be_taken_again():
    key = address_key(RequestFactory().post("/", REMOTE_ADDR="196.200.1.1"), "test")
    with time_machine.travel(START, tick=False):
        first, _second = (take_slot(key, limit=2, window_seconds=HOUR) for _ in range(2))
        release_slot(first)
        assert is_over_limit(key, limit=2, window_seconds=HOUR) is False
        assert take_slot(key, limit=2, window_seconds=HOUR) == first
        assert take_slot(key, limit=2, window_seconds=HOUR) is None


@pytest.mark.django_db
def test_each_browser_session_has_its_own_counter_and_none_is_made_by_reading():
    from django.contrib.sessions.backends.db import SessionStore

    def request(session_cookie=None):
        request = RequestFactory().post("/", REMOTE_ADDR="196.200.1.1")
        request.session = SessionStore(session_cookie)
        return request

    without = request()
    assert session_key(without, "test") is None
    assert without.session.session_key is None  # nothing saved by reading
    assert session_key(request("not-a-session-the-portal-made"), "test") is None
    first = session_key(without, "test", create=True)
    cookie = without.session.session_key
    assert cookie is not None
    assert session_key(request(cookie), "test") == first
    assert session_key(request(), "test", create=True) != first
    assert session_key(request(cookie), "other") != first
    assert cookie not in first  # the counter's name does not reveal the session key


def test_client_networks():
    assert client_network("196.200.1.1") == "196.200.1.1"
    assert client_network("2001:db8:1:2:abcd::1") == "2001:db8:1:2::/64"
    assert client_network("::ffff:196.200.1.1") == "196.200.1.1"
    assert client_network("not an address") == "not an address"


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite's in-memory test database locks whole tables between connections (shared "
    "cache), unlike the WAL file the portal uses: benchmarks/concurrency.py measures that file",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_hits_on_separate_database_cache_objects_never_share_a_slot(settings):
    """Twelve threads, each with its own connection and cache object (as twelve workers
    would), hit at once: exactly the limit is accepted, also right after an earlier window
    left expired slots behind."""
    from django.core.cache import caches
    from django.core.management import call_command

    settings.CACHES = settings.PORTAL_CACHES
    if "DatabaseCache" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("REDIS_URL set: the cache is Redis")
    call_command("createcachetable", verbosity=0)
    try:
        for window_start in (START, START + datetime.timedelta(hours=3)):
            with time_machine.travel(window_start + datetime.timedelta(seconds=1), tick=False):
                results = []
                barrier = threading.Barrier(12)

                def worker(results=results, barrier=barrier):
                    from django.db import connection

                    try:
                        barrier.wait()
                        results.append(hit())
                    finally:
                        connection.close()

                threads = [threading.Thread(target=worker) for _ in range(12)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
            assert sorted(results) == [False] * 5 + [True] * 7
    finally:
        caches["default"].clear()
