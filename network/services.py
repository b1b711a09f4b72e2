"""Writes of the network app: importing the member list, roles, the demonstration data."""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.formats import base_formats

from ctouvertes.import_errors import RowError, result_errors
from ctouvertes.spreadsheet_safety import (
    SpreadsheetError,
    check_row_count,
    dataset_from_table,
    read_csv_text,
    read_xlsx_table,
)

from .models import Member, Role, RoleKind
from .resources import MemberResource

DATA_DIR = Path(__file__).resolve().parent / "data"
MEMBERS_2023_FILE = DATA_DIR / "members_2023.csv"

IMPORT_FORMATS = {".csv": base_formats.CSV, ".xlsx": base_formats.XLSX}


class MemberImportError(Exception):
    """The file was refused; nothing was stored. ``errors`` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class MemberImportSummary:
    total: int = 0
    new: int = 0
    updated: int = 0
    skipped: int = 0
    dry_run: bool = False

    def __str__(self):
        text = ngettext(
            "%(total)s row: %(new)s new, %(updated)s updated, %(skipped)s unchanged",
            "%(total)s rows: %(new)s new, %(updated)s updated, %(skipped)s unchanged",
            self.total,
        ) % {
            "total": self.total,
            "new": self.new,
            "updated": self.updated,
            "skipped": self.skipped,
        }
        if self.dry_run:
            text = _("%(summary)s (dry run: nothing stored)") % {"summary": text}
        return text


def read_member_file(file_path_or_fileobj, *, file_format=None):
    """A tablib dataset from a CSV (UTF-8, with or without BOM) or XLSX file, chosen by the
    file's extension (or ``file_format``: "csv" or "xlsx"). Of an XLSX file, the first sheet
    is read and its name is the dataset's ``title`` (``None`` for a CSV file)."""
    source = file_path_or_fileobj
    name = str(source) if isinstance(source, str | Path) else getattr(source, "name", "")
    extension = f".{file_format.lower().lstrip('.')}" if file_format else Path(name).suffix
    format_class = IMPORT_FORMATS.get(extension.lower())
    if format_class is None:
        raise MemberImportError(
            [
                RowError(
                    None,
                    None,
                    _("Unsupported file type “%(extension)s”: use .csv or .xlsx.")
                    % {"extension": extension},
                )
            ]
        )
    try:
        if isinstance(source, str | Path):
            with open(source, "rb") as handle:
                return _safe_dataset(handle, format_class)
        return _safe_dataset(source, format_class)
    except SpreadsheetError as error:
        raise MemberImportError([RowError(None, None, error.message, error.sheet)]) from None


def _safe_dataset(file, format_class):
    """The dataset of a CSV or XLSX upload read through ``ctouvertes.spreadsheet_safety``
    (size, zip and XML limits; at most ``MAX_ROWS`` rows). A formula cell of an XLSX file is
    read as its text (the portal computes nothing)."""
    if format_class is base_formats.CSV:
        dataset = format_class().create_dataset(read_csv_text(file))
        check_row_count(len(dataset) + 1)
        return dataset
    return dataset_from_table(*read_xlsx_table(file)[:3])


#: Columns a member file must have: ``slug`` matches the rows to the members, and every member
#: has a join date (without one, a member has no public page).
REQUIRED_COLUMNS = ("slug", "joined_on")


def import_members(file_path_or_fileobj, *, dry_run=False, file_format=None):
    """Create or update members (matched by slug) from a CSV or XLSX file.

    Every row is checked with ``Member.full_clean()`` (kinds, slugs, hierarchy) and must give
    the date the member joined the network (``MemberResource``). A member that already exists
    is updated in place; a row that changes nothing is not written again. A file with any
    invalid row stores nothing and raises ``MemberImportError`` listing every error with its
    row and column (and sheet, for an XLSX file). With ``dry_run`` the file is checked and
    nothing is stored.
    """
    dataset = read_member_file(file_path_or_fileobj, file_format=file_format)
    sheet = dataset.title or None
    missing = [column for column in REQUIRED_COLUMNS if column not in (dataset.headers or ())]
    if missing:
        raise MemberImportError(
            RowError(None, column, _("The file has no such column."), sheet) for column in missing
        )
    resource = MemberResource()
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    errors = result_errors(result, sheet=sheet)
    if errors:
        raise MemberImportError(errors)
    totals = result.totals
    return MemberImportSummary(
        total=result.total_rows,
        new=totals.get("new", 0),
        updated=totals.get("update", 0),
        skipped=totals.get("skip", 0),
        dry_run=dry_run,
    )


def allow_admin_login(user):
    """Anyone with a portal role works in the admin, which Django opens to ``is_staff`` only."""
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def assign_role(*, user, kind, member=None):
    """Give ``user`` a role (idempotent) and let them log in to the admin. Network staff have
    no member."""
    existing = Role.objects.filter(user=user, kind=kind, member=member).first()
    if existing:
        allow_admin_login(user)
        return existing
    role = Role(user=user, kind=kind, member=member)
    role.full_clean()
    role.save()
    allow_admin_login(user)
    return role


# Details published by the members themselves (seeds 001 and 003), shown on the demo portal.
DEMO_MEMBER_DETAILS = {
    "beni-ensar": {
        "focal_point_name": "مرزوق بوشربة",
        "focal_point_function_ar": "رئيس مصلحة التواصل والعلاقات العامة",
        "focal_point_function_fr": "Chef du service de la communication et des relations publiques",
        "focal_point_email": "commune.bninsar@gmail.com",
        "publish_focal_point_email": True,
        "email": "commune.bninsar@gmail.com",
        "responsible_body_ar": "جماعة بني انصار",
        "responsible_body_fr": "Commune de Beni Ensar",
        "website": "https://www.bninsar.ma",
    },
    "larache": {
        "focal_point_name": "سمية البو",
        "focal_point_function_ar": "نقطة ارتكاز برنامج دعم الجماعات الترابية المنفتحة",
        "focal_point_function_fr": "Point focal du programme d'appui aux collectivités "
        "territoriales ouvertes",
    },
}


@transaction.atomic
def load_demo_members():
    """Load the 2023 member list (created or updated by slug) and the demo members' details."""
    summary = import_members(MEMBERS_2023_FILE)
    for slug, details in DEMO_MEMBER_DETAILS.items():
        member = Member.objects.get(slug=slug)
        for name, value in details.items():
            setattr(member, name, value)
        member.full_clean()
        member.save()
    return summary


@transaction.atomic
def ensure_demo_user(username, *, password, is_superuser=False, roles=()):
    """Create or update a demo user who may log in to the admin, with ``roles`` as
    ``(kind, member_slug_or_None)`` pairs. The password is re-hashed only when it changed."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_active = True
    user.is_superuser = is_superuser
    if not user.has_usable_password() or not user.check_password(password):
        user.set_password(password)
    user.save()
    for kind, slug in roles:
        member = Member.objects.get(slug=slug) if slug else None
        assign_role(user=user, kind=kind, member=member)
    return user


DEMO_PASSWORD = "demo-ctouvertes-2026"

DEMO_ACCOUNTS = [
    # (username, is_superuser, roles, description)
    ("admin", True, [(RoleKind.NETWORK_STAFF, None)], "network staff (superuser)"),
    ("focal-beni-ensar", False, [(RoleKind.FOCAL_POINT, "beni-ensar")], "focal point, Beni Ensar"),
    ("focal-larache", False, [(RoleKind.FOCAL_POINT, "larache")], "focal point, Larache"),
    (
        "committee-beni-ensar",
        False,
        [(RoleKind.COMMITTEE_MEMBER, "beni-ensar")],
        "committee member, Beni Ensar",
    ),
]


def load_demo_users():
    return [
        ensure_demo_user(username, password=DEMO_PASSWORD, is_superuser=superuser, roles=roles)
        for username, superuser, roles, _ in DEMO_ACCOUNTS
    ]
