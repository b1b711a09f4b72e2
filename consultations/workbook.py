"""The co-creation's sheets of the programme file: stations, workshops and meetings, and the
figures published per axis. Read and written with ``programmes.workbook_format``; the whole
file is ``consultations.programme_file``.

Keys: a station's ``number`` is its rank in the programme's order of stations (position, start,
id), 1 for the first; an imported station takes its number as position. A workshop's ``number``
is its rank among the programme's workshops (date, undated last, then id); a workshop belongs to
the programme through its station, so ``station_number`` is required. Axis figures are keyed by
``axis_number``.
"""

from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as h

from programmes.workbook_format import (
    Column,
    Problem,
    Record,
    Sheet,
    check_reference,
    check_unique,
    model_fields,
    read_sheet,
    translated,
    validate,
)

from .models import DeclaredAxisFigures, Event, OnlineInput, Station, StationKind

STATIONS = Sheet(
    "stations",
    (
        Column("number", "int", required=True, help=h("Order of the station, 1 for the first.")),
        Column("kind", "choice", True, StationKind, h("Kind of station.")),
        *translated("title", h("Title; empty: the kind's name.")),
        Column("starts_on", "date", help=h("First day; empty when not published.")),
        Column("ends_on", "date", help=h("Last day.")),
        *translated("place", h("Place.")),
        Column(
            "online_input",
            "choice",
            choices=OnlineInput,
            help=h("What the station takes online (ideas or observations); needs both dates."),
        ),
        Column("declared_ideas_in_person", "int", help=h("Ideas given in person (published).")),
        Column("declared_ideas_online", "int", help=h("Ideas sent online (published).")),
        Column("declared_ideas_on_paper", "int", help=h("Ideas on paper forms (published).")),
        Column("declared_ideas_accepted", "int", help=h("Ideas accepted (published).")),
        Column("declared_observations", "int", help=h("Observations (published).")),
        Column("declared_projects", "int", help=h("Projects produced (published).")),
    ),
    h("The stations of the co-creation, in order, with the figures the member published."),
)
EVENTS = Sheet(
    "events",
    (
        Column("number", "int", required=True, help=h("Number of the workshop or meeting.")),
        Column("station_number", "int", True, help=h("Number of its station (sheet “stations”).")),
        *translated("title", h("Title of the workshop or meeting."), required=True),
        Column("date", "datetime", help=h("Date; empty when not published.")),
        *translated("place", h("Place.")),
        Column("participants", "int", help=h("Number of participants.")),
        Column("women", "int", help=h("Of whom women.")),
        Column("associations", "int", help=h("Associations present.")),
        Column("administration", "int", help=h("Administration staff present.")),
        Column("elected", "int", help=h("Elected members present.")),
    ),
    h("Workshops and meetings of the stations, with their participation figures."),
)
AXIS_FIGURES = Sheet(
    "axis_figures",
    (
        Column("axis_number", "int", required=True, help=h("Number of the axis (sheet “axes”).")),
        *(
            Column(name, "int", help=label)
            for name, label in (
                ("ideas_in_person", h("Ideas given in person.")),
                ("ideas_online", h("Ideas sent online.")),
                ("ideas_on_paper", h("Ideas on paper forms.")),
                ("ideas_accepted", h("Ideas accepted.")),
                ("observations", h("Observations.")),
                ("projects", h("Projects from the ideas.")),
            )
        ),
    ),
    h("The figures the member published per axis; an empty cell means not given."),
)
SHEETS = (STATIONS, EVENTS, AXIS_FIGURES)
#: What the file's ``date`` column of a workshop holds.
EVENT_COLUMNS = {"starts_at": "date"}


@dataclass
class ParsedConsultation:
    """The co-creation's sheets, validated; a sheet absent from the file is None."""

    stations: list | None
    events: list | None
    axis_figures: list | None


# --- export -------------------------------------------------------------------------------


def programme_stations(programme):
    return Station.objects.filter(programme=programme).ordered()


def programme_events(programme):
    return Event.objects.filter(station__programme=programme).order_by(
        F("starts_at").asc(nulls_last=True), "pk"
    )


def _values(instance, sheet, **extra):
    return {**{c.name: getattr(instance, c.name, None) for c in sheet.columns}, **extra}


def consultation_rows(programme):
    """The rows of the co-creation's sheets: sheet name → list of dicts by column name."""
    stations = list(programme_stations(programme))
    numbers = {station.pk: number for number, station in enumerate(stations, start=1)}
    figures = DeclaredAxisFigures.objects.filter(axis__programme=programme).select_related("axis")
    return {
        "stations": [
            _values(station, STATIONS, number=number)
            for number, station in enumerate(stations, start=1)
        ],
        "events": [
            _values(
                event,
                EVENTS,
                number=number,
                station_number=numbers[event.station_id],
                date=event.starts_at,
            )
            for number, event in enumerate(programme_events(programme), start=1)
        ],
        "axis_figures": [
            _values(figure, AXIS_FIGURES, axis_number=figure.axis.number)
            for figure in figures.order_by("axis__number")
        ],
    }


# --- import -------------------------------------------------------------------------------


def read_stations(rows, problems):
    check_unique(rows, ["number"], problems)
    records = []
    for row in rows:
        fields = {**model_fields(row, Station), "position": row.values["number"]}
        validate(Station, fields, row, problems, exclude=["programme"])
        records.append(Record(row.number, fields, (row.values["number"],)))
    return records


def read_events(rows, station_numbers, problems):
    check_unique(rows, ["number"], problems)
    if station_numbers is not None:
        check_reference(
            rows,
            "station_number",
            station_numbers,
            problems,
            _("there is no station number %(number)s in the sheet “stations”."),
        )
    records = []
    for row in rows:
        fields = {**model_fields(row, Event), "starts_at": row.values.get("date")}
        validate(Event, fields, row, problems, exclude=["member", "station"], columns=EVENT_COLUMNS)
        links = {"station_number": row.values.get("station_number")}
        records.append(Record(row.number, fields, (row.values["number"],), links))
    return records


def read_axis_figures(rows, axis_numbers, problems):
    check_unique(rows, ["axis_number"], problems)
    check_reference(
        rows,
        "axis_number",
        axis_numbers,
        problems,
        _("there is no axis number %(number)s in the sheet “axes”."),
    )
    records = []
    for row in rows:
        fields = model_fields(row, DeclaredAxisFigures)
        validate(DeclaredAxisFigures, fields, row, problems, exclude=["axis"])
        records.append(Record(row.number, fields, (row.values["axis_number"],)))
    return records


def read_consultation_sheets(book, *, axis_numbers, problems):
    """Parse and validate the co-creation's sheets of an open workbook; ``axis_numbers`` are
    the axes of the file's sheet ``axes``. Problems are appended; nothing is written."""
    rows = {sheet.name: read_sheet(book, sheet, problems) for sheet in SHEETS}
    stations = None if rows["stations"] is None else read_stations(rows["stations"], problems)
    if rows["events"] and stations is None:
        problems.append(
            Problem(
                "events",
                rows["events"][0].number,
                "station_number",
                _("the sheet “stations” is needed with the workshops."),
            )
        )
    station_numbers = None if stations is None else {record.key[0] for record in stations}
    return ParsedConsultation(
        stations=stations,
        events=None
        if rows["events"] is None
        else read_events(rows["events"], station_numbers, problems),
        axis_figures=None
        if rows["axis_figures"] is None
        else read_axis_figures(rows["axis_figures"], axis_numbers, problems),
    )
