"""Settings of the test suite: the portal's own, with a memory cache.

The portal's cache without REDIS_URL is a table of the database, shared by every worker
(ctouvertes/settings.py). Tests clear the cache from fixtures that have no database access,
and page tests count queries, so the suite uses a memory cache;
tests/test_deployment.py checks the shared cache itself.
"""

from ctouvertes.settings import *  # noqa: F403

PORTAL_CACHES = CACHES  # noqa: F405  (what the portal uses, for the tests that check it)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
