"""Template side of ``network.figures``: unknown is not zero, on pages and in PDFs alike.

{% load figure_tags %}
{{ figures.participants|figure }}        51, or "not given"
{{ f.women|figure:"—" }}                 in a table cell: "—" for an unknown figure
{{ figure|declared_mark }}               "published figure" after a member's own number
{% amount_total overview.budget %}       655 000 MAD; "+ 3 amounts to be determined (…)";
                                         "to be determined" when every amount is unknown
{% share_text figures.women_share "participants" %}
                                         "29 % of 51 participants whose gender is known"
{{ programme.period|ltr }}               <bdi dir="ltr">2024-2025</bdi>
{{ programme.period|ltr_text }}          ⁦2024-2025⁩ (Unicode isolates: <title>, plain text)
"""

import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network.figures import Figure, PartialSum, Share, format_mad, format_number, isolate_ltr

register = template.Library()


def _not_given(text=None):
    return format_html('<span class="not-given">{}</span>', text or _("not given"))


@register.filter(is_safe=True)
def figure(value, unknown_text=None):
    """A count or amount as a number in the active format, or "not given" (never 0) when it
    was not given; ``unknown_text`` (e.g. "—") replaces "not given" in table cells."""
    if isinstance(value, Figure):
        value = value.value
    if value is None or value == "":
        if unknown_text:
            return format_html(
                '<span class="not-given" title="{}">{}</span>', _("not given"), unknown_text
            )
        return _not_given()
    text = format_number(value)
    return text if text else _not_given()


@register.filter(is_safe=True)
def declared_mark(value):
    """The "published figure" mark after a number the member published (a :class:`Figure`
    whose ``declared`` is true, or a plain true value)."""
    declared = value.declared if isinstance(value, Figure) else bool(value)
    if not declared:
        return ""
    return format_html(
        ' <span class="declared-mark" title="{}">{}</span>',
        _("As published by the member, not counted from the ideas entered on the portal."),
        _("published figure"),
    )


def _notes(notes):
    if not notes:
        return ""
    return format_html(
        ' <span class="as-written">({})</span>',
        format_html_join("; ", "<bdi>{}</bdi>", ((note,) for note in notes)),
    )


@register.simple_tag
def amount_total(total, unit="MAD"):
    """A :class:`PartialSum` of amounts (in dirhams unless ``unit`` is empty), never a 0 that
    stands for unknown amounts."""
    if not isinstance(total, PartialSum):
        if total is None:
            return _not_given()
        return format_html(
            '<span class="amount">{}</span>', format_mad(total) if unit else format_number(total)
        )
    if total.is_empty:
        return _not_given()
    if total.all_unknown:
        return format_html(
            '<span class="to-be-determined">{}</span>{}', _("to be determined"), _notes(total.notes)
        )
    number = format_mad(total.known) if unit else format_number(total.known)
    if total.is_complete:
        return format_html('<span class="amount">{}</span>', number)
    missing = ngettext(
        "%(count)s amount to be determined",
        "%(count)s amounts to be determined",
        total.unknown_count,
    ) % {"count": total.unknown_count}
    return format_html(
        '<span class="amount">{}</span> <span class="partial-note">+ {}{}</span>',
        number,
        missing,
        _notes(total.notes),
    )


@register.simple_tag
def share_text(share, kind="participants"):
    """A share over the people whose category is known, saying over how many.

    ``kind``: "participants" (women among workshop participants), "committee_women",
    "civil_society" (members of a committee)."""
    if not isinstance(share, Share) or share.percent is None:
        return _not_given()
    values = {"percent": share.percent, "count": share.count, "base": share.base}
    if kind == "committee_women":
        text = ngettext(
            "%(percent)s %% — %(count)s women of %(base)s member whose gender is given",
            "%(percent)s %% — %(count)s women of %(base)s members whose gender is given",
            share.base,
        )
    elif kind == "civil_society":
        text = ngettext(
            "%(percent)s %% — %(count)s of %(base)s member",
            "%(percent)s %% — %(count)s of %(base)s members",
            share.base,
        )
    else:
        text = ngettext(
            "%(percent)s %% of %(base)s participant whose gender is known",
            "%(percent)s %% of %(base)s participants whose gender is known",
            share.base,
        )
    return (text % values).replace(" %", "\u202f%")


@register.filter(is_safe=True)
def ltr(value):
    """A period, range or code isolated left to right: ``<bdi dir="ltr">2024-2025</bdi>``."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def ltr_text(value):
    """A period or code in Unicode isolates, for text that cannot hold markup (``<title>``)."""
    return isolate_ltr(str(value)) if value not in (None, "") else ""


#: A period, a range or a dated code inside a text: "2024-2025", "2024 - 2025", "12/2023".
RANGE = re.compile(r"\d+(?:\s?[-–/]\s?\d+)+")
#: Two years in falling order, "2025/2024": a period copied from a right-to-left layout.
FALLING_YEARS = re.compile(r"((?:19|20)\d\d)(\s?[-–/]\s?)((?:19|20)\d\d)")


def _in_order(text):
    """A range as written, except two years in falling order, which are put in rising order:
    "2025/2024" (as a right-to-left page shows "2024/2025") reads "2024/2025", like the
    period printed beside it."""
    years = FALLING_YEARS.fullmatch(text)
    if years and int(years[1]) > int(years[3]):
        return f"{years[3]}{years[2]}{years[1]}"
    return text


@register.filter(is_safe=True)
def ltr_ranges(value):
    """A text (e.g. a title typed by a member, "برنامج عمل الانفتاح 2024-2025") with each
    period or range isolated left to right, so that it never reads "2025-2024"; two years
    typed in falling order ("2025/2024") are shown in rising order."""
    if value in (None, ""):
        return ""
    return mark_safe(
        RANGE.sub(lambda m: f'<bdi dir="ltr">{_in_order(m.group())}</bdi>', escape(value))
    )


@register.filter
def ltr_ranges_text(value):
    """:func:`ltr_ranges` with Unicode isolates, for text that cannot hold markup."""
    if value in (None, ""):
        return ""
    return RANGE.sub(lambda m: isolate_ltr(_in_order(m.group())), str(value))
