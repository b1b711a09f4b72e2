"""Median time and query count of public pages, with Django's test Client on the configured
database (the demo data is loaded first when the ``load_demo`` command exists)."""

import statistics
import time

from django.core.management import call_command, get_commands
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

URLS = [
    "/ar/",
    "/ar/members/",
    "/ar/members/beni-ensar/",
    "/ar/members/beni-ensar/programmes/2024-2025/",
    "/ar/members/beni-ensar/programmes/2024-2025/projects/1/",
    "/ar/members/beni-ensar/ideas/",
    "/ar/members/tetouan/ideas/new/",
]
REQUESTS = 50


def measure(client, url, requests=REQUESTS):
    response = client.get(url)  # warm-up: template loading, caches
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    timings, queries = [], []
    for _ in range(requests):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    return {
        "name": f"GET {url}",
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "queries": max(queries),
        "requests": requests,
    }


def main():
    if "load_demo" in get_commands():
        call_command("load_demo", verbosity=0)
    client = Client()
    return [measure(client, url) for url in URLS]
