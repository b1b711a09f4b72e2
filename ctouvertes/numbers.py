"""Strict parsing of identifiers and numbers typed by people (query strings, spreadsheet cells).

``str.isdigit()`` and ``str.isdecimal()`` are true for more than 0-9: ``"²".isdigit()`` is true
and ``int("²")`` raises ValueError (a 500), ``int("٣")`` is 3 (an Arabic-Indic digit), and a
long run of digits overflows the database's integers. ``parse_id`` accepts ASCII digits only,
at most 18 of them (below PostgreSQL's bigint), else returns None.
"""

import re

_ID = re.compile(r"[0-9]{1,18}")


def parse_id(text):
    """The non-negative integer written in ``text`` with 1 to 18 ASCII digits, else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not _ID.fullmatch(text):
        return None
    return int(text)
