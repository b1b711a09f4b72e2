"""Presentation helpers for the programme pages: percentages, amounts in dirhams, one-item-per-
line texts, the language of a translated field, and the positions of a server-rendered Gantt.

The Gantt's positions and sizes are whole percents written as class names of
static/css/sizes.css ("start-12 size-4"), never as ``style`` attributes: the
Content-Security-Policy refuses inline styles.
"""

import copy
import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django import forms, template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from network.figures import GROUP_SEPARATOR, format_mad, format_number, to_decimal
from network.templatetags.figure_tags import ltr_ranges
from programmes.models import split_lines

register = template.Library()

# GROUP_SEPARATOR (U+202F, network.figures) groups thousands: a plain space is a bidi "white
# space", so in an Arabic (right-to-left) line "655 000" would show as "000 655".


@register.filter
def percent(value):
    """A progress value as a whole number between 0 and 100 (45.5 → 46)."""
    number = to_decimal(value)
    if number is None:
        return 0
    number = number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(min(max(number, Decimal(0)), Decimal(100)))


@register.filter
def amount(value):
    """655000.00 → "655 000", 1250.5 → "1 250,50" in the active language's format ("" when
    unknown: use ``figure_tags`` to say "not given")."""
    return format_number(value)


@register.filter
def mad(value):
    """An amount in dirhams: "655 000 MAD" ("655 000 درهم" once the Arabic catalogue has it)."""
    return format_mad(value)


@register.filter
def weight(value):
    """A weight as people write it, in the active format: 100.00 → "100", 99.50 → "99,5"."""
    number = to_decimal(value)
    if number is None:
        return ""
    number = number.normalize()
    decimals = max(0, -number.as_tuple().exponent)
    return number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True).replace(
        " ", GROUP_SEPARATOR
    )


@register.filter
def lines(text):
    """A text holding one item per line, as a list of its non-empty lines, each escaped with
    its periods and ranges isolated left to right ("للفترة 2024-2025" never reads "2025-2024")."""
    return [ltr_ranges(line) for line in split_lines(text)]


# Letters of the Arabic script (Arabic, its supplement and extended-A, presentation forms).
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


@register.simple_tag
def lang_attrs(obj, field_name):
    """` lang="ar" dir="rtl"` when a translated field shows Arabic on another page.

    modeltranslation shows the Arabic text when the active language's column is empty, or
    holds the field's default (a committee's name): the element holding it must say so, for
    its font, its direction and screen readers. A French or Tamazight column written in Arabic
    letters is shown as Arabic too.
    """
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    fallback = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == fallback:
        return ""
    shown = getattr(obj, field_name, None)
    if not shown:
        return ""
    own = getattr(obj, f"{field_name}_{language}", None)
    falls_back = shown != own and shown == getattr(obj, f"{field_name}_{fallback}", None)
    if not falls_back and not ARABIC_LETTER.search(str(shown)):
        return ""
    return mark_safe(f' lang="{fallback}" dir="rtl"')


def arabic_text_attrs(text):
    """``{"lang": "ar", "dir": "rtl"}`` for a text written in Arabic letters shown on a page in
    another language, else ``{}``: what people write (an idea, a name) has no language column,
    its script says it."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    fallback = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    if language == fallback or not ARABIC_LETTER.search(str(text or "")):
        return {}
    return {"lang": fallback, "dir": "rtl"}


@register.simple_tag
def text_lang_attrs(text, direction=True):
    """` lang="ar" dir="rtl"` for an element holding a text in Arabic letters on a French or
    Tamazight page (names, ideas, anything that is not a translated field); ` lang="ar"` only
    with ``direction=False``, for an element that already says ``dir="auto"``."""
    attrs = arabic_text_attrs(text)
    if not attrs:
        return ""
    if not direction:
        return mark_safe(f' lang="{attrs["lang"]}"')
    return mark_safe(f' lang="{attrs["lang"]}" dir="{attrs["dir"]}"')


@register.simple_tag
def lang_span(obj, field_name):
    """A translated field to put inside a translated sentence (``{% lang_span member "name" as
    name %}{% blocktranslate %}… <bdi>{{ name }}</bdi> …``): wrapped in ``<span lang="ar"
    dir="rtl">`` when it shows Arabic on another page, so that the sentence's text is unchanged."""
    value = getattr(obj, field_name, "")
    attrs = lang_attrs(obj, field_name)
    if not attrs:
        return value
    return format_html("<span{}>{}</span>", attrs, value)


@register.filter
def with_option_languages(bound_field):
    """The same form field, whose options in Arabic letters say ``lang="ar" dir="rtl"`` on a
    French or Tamazight page (axis titles, region names that fall back to Arabic). Render it
    (``{{ field|with_option_languages }}``) or its group (``{% with tagged=field|
    with_option_languages %}{{ tagged.as_field_group }}{% endwith %}``); a field that is not a
    select comes back as it is."""
    field = bound_field.field
    if not isinstance(field.widget, forms.Select):
        return bound_field
    widget = copy.copy(field.widget)
    create_option = widget.create_option

    def create_tagged_option(*args, **kwargs):
        option = create_option(*args, **kwargs)
        option["attrs"] = {**option["attrs"], **arabic_text_attrs(option["label"])}
        return option

    widget.create_option = create_tagged_option
    tagged_field = copy.copy(field)
    tagged_field.widget = widget
    tagged = copy.copy(bound_field)
    tagged.field = tagged_field
    return tagged


# ---------------------------------------------------------------------------------------------
# Timeline (Gantt) without JavaScript: bars are placed with ``inset-inline-start`` and
# ``inline-size`` in % of the programme period, so in right-to-left pages time runs from right
# to left with no mirroring of any kind. The values are whole percents (classes ``start-N`` and
# ``size-N`` of static/css/sizes.css): an edge is at most 0.5 % of the track from its exact
# place, about 4 px of a Gantt at 1280 px; a bar's ends are rounded, not its size, so that bars
# ending and starting on the same day meet.

#: The longest period with a grid class (gantt-years-N in static/css/sizes.css).
MAX_GRID_YEARS = 101


def _whole_percent(value):
    """A position in % (float) as a whole number between 0 and 100, rounded half up."""
    rounded = Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(min(max(rounded, Decimal(0)), Decimal(100)))


def _position_classes(start, size=None):
    """``"start-12 size-4"``: classes of static/css/sizes.css."""
    if size is None:
        return f"start-{start}"
    return f"start-{start} size-{size}"


@dataclass
class TimelineBar:
    label: str
    number: int
    start: datetime.date | None
    end: datetime.date | None
    progress: int
    url: str = ""
    status: str = ""
    clipped: bool = False
    offset: int = 0
    size: int = 0
    children: list = field(default_factory=list)

    @property
    def has_dates(self):
        return self.start is not None and self.end is not None

    @property
    def position_classes(self):
        return _position_classes(self.offset, self.size)


@dataclass
class Timeline:
    starts_on: datetime.date
    ends_on: datetime.date
    rows: list
    years: list
    months: list
    today: str | None  # the today marker's position classes, None outside the period
    month_count: int
    year_count: int

    @property
    def show_month_labels(self):
        return self.month_count <= 36

    @property
    def grid_class(self):
        """``gantt-years-N``: the grid's year and month lines (periods are whole years)."""
        if 1 <= self.year_count <= MAX_GRID_YEARS:
            return f"gantt-years-{self.year_count}"
        return ""


class _Scale:
    def __init__(self, starts_on, ends_on):
        self.starts_on = starts_on
        self.after_end = ends_on + datetime.timedelta(days=1)
        self.days = (self.after_end - starts_on).days

    def position(self, day):
        """The start of ``day`` in whole % of the period (0 to 100)."""
        days = (day - self.starts_on).days
        return _whole_percent(min(max(days / self.days * 100, 0.0), 100.0))

    def place(self, bar):
        if not bar.has_dates:
            return bar
        start = self.position(bar.start)
        end = self.position(bar.end + datetime.timedelta(days=1))
        bar.clipped = bar.start < self.starts_on or bar.end >= self.after_end
        # A bar of a single day, or one wholly outside the period, stays visible (1 %).
        size = max(end - start, 1)
        bar.offset, bar.size = min(start, 100 - size), size
        return bar


def _month_starts(starts_on, after_end):
    day = starts_on.replace(day=1)
    while day < after_end:
        yield day
        month = day.month % 12 + 1
        day = day.replace(year=day.year + (day.month == 12), month=month)


def timeline(starts_on, ends_on, groups, today=None):
    """Positions of a Gantt for the period [starts_on, ends_on].

    ``groups`` is a list of ``(bar, child_bars)`` pairs of :class:`TimelineBar`; a group without
    dates of its own spans its children's dates.
    """
    scale = _Scale(starts_on, ends_on)
    rows = []
    for bar, children in groups:
        dated = [child for child in children if child.has_dates]
        if not bar.has_dates and dated:
            bar.start = min(child.start for child in dated)
            bar.end = max(child.end for child in dated)
        bar.children = [scale.place(child) for child in children]
        rows.append(scale.place(bar))
    # The scale's years and months are equal columns of the track (timeline.html): a programme's
    # period is whole years, and the grid lines behind the bars are equal divisions too.
    years = [{"year": year} for year in range(starts_on.year, ends_on.year + 1)]
    months = [
        {"month": f"{day.month:02d}", "day": day}
        for day in _month_starts(starts_on, scale.after_end)
    ]
    marker = None
    if today is not None and starts_on <= today <= ends_on:
        marker = _position_classes(scale.position(today))
    return Timeline(
        starts_on=starts_on,
        ends_on=ends_on,
        rows=rows,
        years=years,
        months=months,
        today=marker,
        month_count=len(months),
        year_count=ends_on.year - starts_on.year + 1,
    )


def _activity_bar(activity):
    return TimelineBar(
        label=activity.title,
        number=activity.number,
        start=activity.start_date,
        end=activity.end_date or activity.start_date,
        progress=percent(activity.progress),
        status=activity.get_status_display(),
    )


@register.simple_tag
def programme_timeline(overview):
    """One row per project spanning its activities, each opening on its activities' rows."""
    activities_by_project = {}
    for activity in overview.activities:
        activities_by_project.setdefault(activity.project_id, []).append(activity)
    groups = []
    for project in overview.projects:
        activities = sorted(activities_by_project.get(project.pk, []), key=lambda a: a.number)
        bar = TimelineBar(
            label=project.title,
            number=project.number,
            start=None,
            end=None,
            progress=percent(project.progress_value),
        )
        groups.append((bar, [_activity_bar(activity) for activity in activities]))
    programme = overview.programme
    return timeline(programme.starts_on, programme.ends_on, groups, today=timezone.localdate())


@register.simple_tag
def project_timeline(project):
    """One row per activity of a project sheet, within its programme's period."""
    programme = project.programme
    groups = [(_activity_bar(activity), []) for activity in project.activity_list]
    return timeline(programme.starts_on, programme.ends_on, groups, today=timezone.localdate())


@register.filter
def of_kind(indicators, kind):
    """The indicators of one kind ("tracking" or "impact"), in their order."""
    return [indicator for indicator in indicators if indicator.kind == kind]


@register.filter
def budget_as_written(project):
    """The budget as written on the sheet, when it says something the number does not."""
    written = (project.budget_as_entered or "").strip()
    if not written:
        return ""
    plain = "".join(ch for ch in written if not ch.isspace()).replace(",", ".")
    if project.estimated_budget is not None and to_decimal(plain) == project.estimated_budget:
        return ""
    return written
