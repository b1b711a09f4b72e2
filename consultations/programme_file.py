"""The whole programme file: everything a member publishes about a programme in one XLSX
workbook — the programme's sheets (``programmes.workbook``) and the co-creation's
(``consultations.workbook``), with the ``read_me`` and ``codes`` sheets that help fill it in.

It sits here because it sees both apps (``consultations`` imports ``programmes``, never the
reverse). ``export_programme_file(programme)`` writes it; ``import_programme_file`` validates
every sheet first and then writes all of it or nothing, in one transaction; exporting and
importing an unchanged file changes no row. The format: ``docs/workbook.md``.
"""

from dataclasses import dataclass, field

from django.db import transaction

from programmes import workbook as programme_sheets
from programmes.services import ImportReport, keep_stored_positions, sync_rows, write_programme
from programmes.workbook_format import (
    WorkbookError,
    build_workbook,
    locate_problems,
    open_workbook,
)

from . import workbook as consultation_sheets
from .models import DeclaredAxisFigures, Event, Station

SHEETS = (*programme_sheets.SHEETS, *consultation_sheets.SHEETS)


@dataclass
class ParsedFile:
    programme: programme_sheets.ParsedProgramme
    consultation: consultation_sheets.ParsedConsultation
    #: Located ``Problem`` that do not refuse the file (a formula imported as its text).
    warnings: list = field(default_factory=list)


def export_programme_file(programme, language=None):
    """The whole programme file (bytes), named and coded in ``language`` (``"ar"``, ``"fr"``;
    None: the English keys and codes)."""
    rows = {
        **programme_sheets.programme_rows(programme),
        **consultation_sheets.consultation_rows(programme),
    }
    return build_workbook(SHEETS, rows, programme_sheets.code_lists(SHEETS), language)


def read_programme_file(file, *, member):
    """Parse and validate every sheet; raises ``WorkbookError`` listing every problem found.
    Nothing is written."""
    problems = []
    book = open_workbook(file)
    try:
        programme = programme_sheets.read_programme_sheets(book, member=member, problems=problems)
        consultation = consultation_sheets.read_consultation_sheets(
            book, axis_numbers=programme.axis_numbers, problems=problems
        )
    finally:
        book.close()
    if problems:
        raise WorkbookError(locate_problems(book, problems))
    warnings = locate_problems(book, book.warnings)
    return ParsedFile(programme=programme, consultation=consultation, warnings=warnings)


@transaction.atomic
def import_programme_file(file, *, member, dry_run=False, user=None):
    """Create or update ``member``'s programme and its co-creation from the whole file.

    A file with any invalid row raises ``WorkbookError`` before anything is written; ``dry_run``
    validates and counts, then rolls everything back. Returns the ``ImportReport``.
    """
    parsed = read_programme_file(file, member=member)
    report = write_programme(parsed.programme, member=member, user=user)
    write_consultation(parsed.consultation, programme=report.programme, report=report)
    report.dry_run = dry_run
    report.warnings = parsed.warnings
    if dry_run:
        transaction.set_rollback(True)
    return report


def write_consultation(parsed, *, programme, report):
    """Store the co-creation's sheets of a valid file for ``programme``."""
    # The workshops are read before the stations change: a deleted station would detach its
    # workshops from the programme.
    events = list(consultation_sheets.programme_events(programme))
    if parsed.stations is not None:
        stations = _write_stations(parsed.stations, programme, report)
        if parsed.events is not None:
            _write_events(parsed.events, events, programme, stations, report)
    if parsed.axis_figures is not None:
        _write_axis_figures(parsed.axis_figures, programme, report)


def _write_stations(records, programme, report):
    stations = enumerate(consultation_sheets.programme_stations(programme), start=1)
    existing = [((number,), station) for number, station in stations]
    items = [(record.key, record.fields) for record in records]
    synced = sync_rows(
        Station,
        existing,
        keep_stored_positions(existing, items),
        report=report,
        sheet="stations",
        mode="save",
        parent_fields={"programme_id": programme.pk},
    )
    return synced.rows


def _write_events(records, events, programme, stations, report):
    items = [
        (
            record.key,
            {**record.fields, "station_id": stations[(record.links["station_number"],)].pk},
        )
        for record in records
    ]
    sync_rows(
        Event,
        [((number,), event) for number, event in enumerate(events, start=1)],
        items,
        report=report,
        sheet="events",
        parent_fields={"member_id": programme.member_id},
    )


def _write_axis_figures(records, programme, report):
    axes = dict(programme.axes.values_list("number", "pk"))
    figures = DeclaredAxisFigures.objects.filter(axis__programme=programme).select_related("axis")
    sync_rows(
        DeclaredAxisFigures,
        [((figure.axis.number,), figure) for figure in figures],
        [(record.key, {**record.fields, "axis_id": axes[record.key[0]]}) for record in records],
        report=report,
        sheet="axis_figures",
    )


__all__ = [
    "ImportReport",
    "ParsedFile",
    "SHEETS",
    "WorkbookError",
    "export_programme_file",
    "import_programme_file",
    "read_programme_file",
]
