"""Demonstration data of the network app, loaded by ``manage.py load_demo``.

``load_demo`` calls ``load()`` of every installed app's ``demo`` module, in INSTALLED_APPS
order (network first, so later apps find the members and demo users). A ``load()`` must be
idempotent and returns lines to print.
"""

import os

from .services import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo_members, load_demo_users

#: Where the portal is served (``make run`` passes its HOST and PORT).
BASE_URL = os.environ.get("DEMO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def load():
    summary = load_demo_members()
    users = load_demo_users()
    return [
        f"Members of 2023 (network/data/members_2023.csv): {summary}",
        f"Demo details for Beni Ensar and Larache; {len(users)} demo accounts.",
    ]


def login_lines():
    """What the command prints at the very end: where to log in, and as whom."""
    lines = [f"Admin: {BASE_URL}/ar/admin/", f"Demo password for every account: {DEMO_PASSWORD}"]
    lines += [f"  {username:<22} {description}" for username, _, _, description in DEMO_ACCOUNTS]
    return lines
