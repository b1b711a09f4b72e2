"""A member's upcoming workshops and meetings as an iCalendar feed (RFC 5545), written by hand:
text values escaped (section 3.3.11), lines folded at 75 octets without splitting a UTF-8
character (section 3.1), CRLF line ends, times in UTC."""

import datetime

CRLF = "\r\n"
LINE_OCTETS = 75
PRODID = "-//Moroccan Network of Open Territorial Collectivities//ctouvertes//EN"


def escape_text(value):
    """A TEXT value: backslash, semicolon and comma escaped, line ends written as ``\\n``."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line):
    """Split a content line into lines of at most 75 octets, each continuation starting with a
    space (which counts in its 75 octets)."""
    parts = []
    current = b""
    for character in line:
        encoded = character.encode("utf-8")
        if len(current) + len(encoded) > LINE_OCTETS:
            parts.append(current)
            current = b" "
        current += encoded
    parts.append(current)
    return CRLF.join(part.decode("utf-8") for part in parts)


def utc_stamp(moment):
    """An aware datetime as ``YYYYMMDDTHHMMSSZ``."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_uid(event):
    return f"event-{event.pk}@ctouvertes"


def calendar(events, *, name, now, url=""):
    """The VCALENDAR text of ``events`` (``consultations.models.Event``), CRLF-terminated."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        if event.starts_at is None:
            continue  # no date, no calendar entry (RFC 5545 requires DTSTART here)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid(event)}",
            f"DTSTAMP:{utc_stamp(now)}",
            f"DTSTART:{utc_stamp(event.starts_at)}",
        ]
        if event.ends_at:
            lines.append(f"DTEND:{utc_stamp(event.ends_at)}")
        lines.append(f"SUMMARY:{escape_text(event.title)}")
        if event.place:
            lines.append(f"LOCATION:{escape_text(event.place)}")
        if event.agenda:
            lines.append(f"DESCRIPTION:{escape_text(event.agenda.strip())}")
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
