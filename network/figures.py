"""Figures that may be unknown: unknown is not zero.

A figure a member did not give is ``None``, never 0; every page, PDF, export and admin list
shows it as "not given" (or leaves it out). Three value objects carry what a reader must know:

- :class:`Figure` — one number (or ``None``) and whether it is a *published* figure (the
  number the member published) rather than one counted from the rows entered on the portal.
  It compares equal to its number (``Figure(3) == 3``).
- :class:`PartialSum` — a total over amounts of which some are unknown: the sum of the known
  ones, how many are unknown and the texts written in their place ("to be determined by the
  implementing party"). When all are unknown it has no value.
- :class:`Share` — a share (women, civil society) computed only over the people whose category
  is known, and over how many.

``add_known(a, b)`` adds two numbers that may be unknown (``None`` only when both are).
Template side: ``{% load figure_tags %}`` (``network/templatetags/figure_tags.py``).

Apps import this module downward only (programmes and consultations import network).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# The narrow no-break space groups thousands: a plain space is a bidi "white space", so in an
# Arabic (right-to-left) line "655 000" would show as "000 655"; U+202F keeps the number whole.
GROUP_SEPARATOR = "\u202f"
#: Unicode isolates, for periods and codes in text that cannot hold markup (<title>, PDF text).
LTR_ISOLATE = "\u2066"
POP_ISOLATE = "\u2069"


def isolate_ltr(text):
    """``text`` wrapped in a left-to-right isolate: "2024-2025" never reads "2025-2024"."""
    return f"{LTR_ISOLATE}{text}{POP_ISOLATE}" if text not in (None, "") else ""


def to_decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Figure):
        value = value.value
        if value is None:
            return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def format_number(value):
    """655000 → "655 000", 1250.5 → "1 250,50" in the active language's format ("" unknown)."""
    number = to_decimal(value)
    if number is None:
        return ""
    decimals = 0 if number == number.to_integral_value() else 2
    text = number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return text.replace(" ", GROUP_SEPARATOR).replace("\u00a0", GROUP_SEPARATOR)


def format_mad(value):
    """An amount in dirhams, "655 000 MAD" ("655 000 درهم" in Arabic); "" when unknown."""
    text = format_number(value)
    if not text:
        return ""
    return _("%(amount)s MAD") % {"amount": text}


def add_known(first, second):
    """``first + second`` where either may be unknown (``None``): the sum of the known ones,
    ``None`` only when both are unknown."""
    if first is None:
        return second
    if second is None:
        return first
    return first + second


def sum_known(values):
    """The sum of the known values, ``None`` when none is known."""
    total = None
    for value in values:
        total = add_known(total, value)
    return total


@dataclass(frozen=True, eq=False)
class Figure:
    """A number that may be unknown (``None``), and whether the member published it."""

    value: object = None
    declared: bool = False

    @property
    def known(self):
        return self.value is not None

    def __eq__(self, other):
        if isinstance(other, Figure):
            return (self.value, self.declared) == (other.value, other.declared)
        return self.value == other

    def __hash__(self):
        return hash((self.value, self.declared))

    def __add__(self, other):
        if not isinstance(other, Figure):
            other = Figure(other)
        return Figure(
            add_known(self.value, other.value),
            (self.declared and self.known) or (other.declared and other.known),
        )

    __radd__ = __add__

    def __bool__(self):
        return bool(self.value)

    def __str__(self):
        return "" if self.value is None else str(self.value)


@dataclass(frozen=True)
class PartialSum:
    """A total over amounts of which some may be unknown."""

    known: Decimal = Decimal(0)
    known_count: int = 0
    unknown_count: int = 0
    notes: tuple = ()

    @property
    def value(self):
        """The sum of the known amounts; ``None`` when no amount is known."""
        return self.known if self.known_count else None

    @property
    def is_complete(self):
        return self.known_count > 0 and self.unknown_count == 0

    @property
    def all_unknown(self):
        return self.known_count == 0 and self.unknown_count > 0

    @property
    def is_empty(self):
        return self.known_count == 0 and self.unknown_count == 0

    def __add__(self, other):
        notes = list(self.notes)
        notes += [note for note in other.notes if note not in notes]
        return PartialSum(
            self.known + other.known,
            self.known_count + other.known_count,
            self.unknown_count + other.unknown_count,
            tuple(notes),
        )


def partial_sum(items):
    """A :class:`PartialSum` of ``items``: amounts, or ``(amount, note)`` pairs where ``note``
    is the text written in place of an unknown amount."""
    known, known_count, unknown_count, notes = Decimal(0), 0, 0, []
    for item in items:
        amount, note = item if isinstance(item, tuple) else (item, "")
        amount = to_decimal(amount)
        if amount is None:
            unknown_count += 1
            note = (note or "").strip()
            if note and note not in notes:
                notes.append(note)
        else:
            known += amount
            known_count += 1
    return PartialSum(known, known_count, unknown_count, tuple(notes))


@dataclass(frozen=True)
class Share:
    """``count`` people of a category among ``base`` people whose category is known (of
    ``total`` people in all, when some categories are unknown)."""

    count: int | None = None
    base: int | None = None
    total: int | None = None

    @property
    def percent(self):
        if self.count is None or not self.base:
            return None
        value = Decimal(100 * self.count) / Decimal(self.base)
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def known(self):
        return self.percent is not None

    @property
    def unknown(self):
        """People whose category is not known (0 when the total is not given)."""
        if self.total is None or self.base is None:
            return 0
        return max(self.total - self.base, 0)
