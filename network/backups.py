"""Backups of the portal's record: the database and the uploaded media (documents, logos).

PostgreSQL is dumped with ``pg_dump --format=custom`` and restored with ``pg_restore --clean
--if-exists --no-owner --single-transaction`` (a restore that fails changes nothing); the
client's major version must be the server's. SQLite is copied with its online backup API
(``sqlite3.Connection.backup``), safe while the portal runs, both ways. The media directory goes
into a tar archive beside the database file, with the same name stem::

    var/backups/ctouvertes-20261124T101500Z.dump          (or .sqlite3)
    var/backups/ctouvertes-20261124T101500Z-media.tar

The ``backup`` and ``restore`` management commands (``make backup``, ``make restore``) are thin
wrappers around these functions; the connection parameters come from a Django connection's
``settings_dict``. Passwords go to the client programs through ``PGPASSWORD``, never on the
command line, and no shell is involved.
"""

import datetime
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

import psycopg
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

#: The project's apps, whose every model is counted before and after a restore.
PROJECT_APPS = ("network", "programmes", "consultations")
BACKUP_PREFIX = "ctouvertes-"
MEDIA_SUFFIX = "-media.tar"
POSTGRESQL_SUFFIX = ".dump"
SQLITE_SUFFIX = ".sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (translated)."""


#: What ``restore --database-name`` accepts: a plain name, never a libpq connection string
#: (``postgres://…`` or ``key=value``), which would connect elsewhere.
DATABASE_NAME = re.compile(r"[A-Za-z0-9_]+")


def check_database_name(name):
    """Raise BackupError unless ``name`` is a plain database name (letters, digits, _)."""
    if not isinstance(name, str) or not DATABASE_NAME.fullmatch(name):
        raise BackupError(
            _(
                "%(name)r is not a database name: use letters, digits and underscores only "
                "(a connection string is not accepted)."
            )
            % {"name": name}
        )


def check_media_restore_supported():
    """Restoring media needs tarfile's ``data`` filter (Python 3.11.4 or later), which refuses
    paths leaving the media directory, links and devices; without it, refuse."""
    if not hasattr(tarfile, "data_filter"):
        raise BackupError(
            _(
                "Restoring media needs Python 3.11.4 or later (tarfile's data filter); this is "
                "Python %(version)s. Nothing restored: upgrade Python, or restore the database "
                "only with --no-media."
            )
            % {"version": platform.python_version()}
        )


def default_backup_dir():
    return Path(settings.BASE_DIR) / "var" / "backups"


def is_postgresql(connection):
    return connection.vendor == "postgresql"


def timestamp(now=None):
    """UTC, sortable and safe in a file name: ``20261124T101500Z``."""
    now = now or datetime.datetime.now(datetime.UTC)
    return now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def media_archive_for(database_file):
    """The media archive that goes with a database backup file (same stem)."""
    database_file = Path(database_file)
    stem = database_file.name.removesuffix(database_file.suffix)
    return database_file.with_name(stem + MEDIA_SUFFIX)


def _private_file(path):
    """Backups hold personal data: readable by their owner only."""
    os.chmod(path, 0o600)


def _move_into_place(partial, final):
    """A backup file appears under its final name only once complete."""
    _private_file(partial)
    os.replace(partial, final)


# --- Counting what a database holds ---------------------------------------------------------


def counted_models():
    """Every model of the project's apps (history tables included), then the user accounts."""
    models = [model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]
    return [*models, get_user_model()]


def _count_tables(cursor, tables, quote_name):
    counts = []
    for model in counted_models():
        table = model._meta.db_table
        if table not in tables:
            counts.append((model, None))
            continue
        cursor.execute(f"SELECT count(*) FROM {quote_name(table)}")
        counts.append((model, cursor.fetchone()[0]))
    return counts


def count_rows(connection):
    """``[(model, count or None)]`` for :func:`counted_models` in the database of
    ``connection``; None where the table does not exist there (a backup from an older version)."""
    tables = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        return _count_tables(cursor, tables, connection.ops.quote_name)


#: libpq connection options of ``OPTIONS`` passed on to other connections and client programs.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def count_rows_in(database_name, connection):
    """:func:`count_rows` in another database of ``connection``'s PostgreSQL server (a plain
    psycopg connection: a Django connection would need an alias of its own)."""
    check_database_name(database_name)
    settings_dict = connection.settings_dict
    options = settings_dict.get("OPTIONS") or {}
    with (
        psycopg.connect(
            dbname=database_name,
            host=settings_dict.get("HOST") or None,
            port=settings_dict.get("PORT") or None,
            user=settings_dict.get("USER") or None,
            password=settings_dict.get("PASSWORD") or None,
            autocommit=True,
            **{option: options[option] for option in LIBPQ_OPTIONS if options.get(option)},
        ) as other,
        other.cursor() as cursor,
    ):
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {row[0] for row in cursor.fetchall()}
        return _count_tables(cursor, tables, connection.ops.quote_name)


def count_lines(counts):
    """One line per model: ``members (network.member): 12``."""
    lines = []
    for model, count in counts:
        shown = "—" if count is None else str(count)
        lines.append(f"{model._meta.verbose_name_plural} ({model._meta.label_lower}): {shown}")
    return lines


def holds_members(counts):
    return any(model._meta.label_lower == "network.member" and count for model, count in counts)


# --- PostgreSQL ---------------------------------------------------------------------------------


def _major(version_text):
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", version_text) or re.search(r"(\d+)", version_text)
    return int(match.group(1)) if match else None


def server_major_version(connection):
    connection.ensure_connection()
    return connection.pg_version // 10000


def find_client(program, server_major):
    """The path of ``pg_dump`` or ``pg_restore`` for the server's major version: Debian's
    ``/usr/lib/postgresql/<major>/bin`` first, then the PATH. Raises BackupError when none is
    found or its major version differs from the server's."""
    candidates = [Path(f"/usr/lib/postgresql/{server_major}/bin/{program}")]
    on_path = shutil.which(program)
    if on_path:
        candidates.append(Path(on_path))
    found = [candidate for candidate in candidates if candidate.is_file()]
    if not found:
        raise BackupError(
            _(
                "%(program)s was not found (looked in /usr/lib/postgresql/%(major)s/bin and the "
                "PATH). Install the PostgreSQL %(major)s client (Debian: postgresql-client-"
                "%(major)s)."
            )
            % {"program": program, "major": server_major}
        )
    versions = []
    for path in found:
        result = subprocess.run([str(path), "--version"], capture_output=True, text=True)
        client_major = _major(result.stdout)
        if client_major == server_major:
            return path
        versions.append(f"{path}: {result.stdout.strip() or result.stderr.strip()}")
    raise BackupError(
        _(
            "%(program)s must have the server's major version (PostgreSQL %(major)s); found: "
            "%(found)s. Install the PostgreSQL %(major)s client."
        )
        % {"program": program, "major": server_major, "found": "; ".join(versions)}
    )


def _client_arguments(settings_dict):
    """Connection options of pg_dump/pg_restore and their environment (password, SSL)."""
    arguments = ["--no-password"]
    if settings_dict.get("HOST"):
        arguments.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        arguments.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        arguments.append(f"--username={settings_dict['USER']}")
    environment = {**os.environ}
    environment.pop("PGPASSWORD", None)
    if settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in LIBPQ_OPTIONS.items():
        if options.get(option):
            environment[variable] = str(options[option])
    return arguments, environment


def _run(command, environment, program):
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed (exit status %(status)s): %(error)s")
            % {
                "program": program,
                "status": result.returncode,
                "error": result.stderr.strip() or result.stdout.strip(),
            }
        )
    return result


def dump_postgresql(connection, destination):
    """``pg_dump --format=custom`` of the connection's database into ``destination``."""
    pg_dump = find_client("pg_dump", server_major_version(connection))
    arguments, environment = _client_arguments(connection.settings_dict)
    partial = Path(f"{destination}.partial")
    try:
        _run(
            [
                str(pg_dump),
                "--format=custom",
                f"--file={partial}",
                *arguments,
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            environment,
            "pg_dump",
        )
        _move_into_place(partial, destination)
    finally:
        partial.unlink(missing_ok=True)


def restore_postgresql(source, connection, database_name=None):
    """``pg_restore --clean --if-exists --no-owner --single-transaction`` of ``source`` into
    ``database_name`` (default: the connection's database) on the connection's server. The
    file is checked first (``pg_restore --list``); in one transaction, a failure restores
    nothing. ``database_name`` must be a plain name (:func:`check_database_name`), and the file
    goes to pg_restore as an absolute path, so that neither can be read as an option or a
    connection string."""
    if database_name is not None:
        check_database_name(database_name)
    source_path = str(Path(source).resolve())
    pg_restore = find_client("pg_restore", server_major_version(connection))
    arguments, environment = _client_arguments(connection.settings_dict)
    listing = subprocess.run(
        [str(pg_restore), "--list", source_path], env=environment, capture_output=True, text=True
    )
    if listing.returncode != 0:
        raise BackupError(
            _("%(file)s is not a PostgreSQL custom-format dump: %(error)s")
            % {"file": source, "error": listing.stderr.strip()}
        )
    _run(
        [
            str(pg_restore),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *arguments,
            f"--dbname={database_name or connection.settings_dict['NAME']}",
            source_path,
        ],
        environment,
        "pg_restore",
    )


# --- SQLite -------------------------------------------------------------------------------------


def backup_sqlite(connection, destination):
    """Copy the connection's SQLite database into the file ``destination`` with the online
    backup API (consistent while other connections write)."""
    connection.ensure_connection()
    partial = Path(f"{destination}.partial")
    partial.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(partial)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        _move_into_place(partial, destination)
    except sqlite3.Error as error:  # e.g. "unable to open database file": a directory not writable
        raise BackupError(
            _("The SQLite backup %(file)s could not be written: %(error)s")
            % {"file": destination, "error": error}
        ) from None
    finally:
        partial.unlink(missing_ok=True)


def check_sqlite_backup(source):
    """Raise BackupError unless ``source`` is a SQLite database of this portal."""
    if not Path(source).is_file():
        raise BackupError(_("No such file: %(file)s") % {"file": source})
    try:
        backup = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)
        try:
            backup.execute("SELECT count(*) FROM django_migrations").fetchone()
        finally:
            backup.close()
    except sqlite3.DatabaseError:
        raise BackupError(
            _("%(file)s is not a SQLite backup of the portal.") % {"file": source}
        ) from None


def restore_sqlite(source, connection):
    """Copy the SQLite backup ``source`` over the connection's database with the backup API."""
    check_sqlite_backup(source)
    connection.ensure_connection()
    try:
        backup = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
    except sqlite3.Error as error:
        raise BackupError(
            _("%(file)s could not be restored: %(error)s") % {"file": source, "error": error}
        ) from None


# --- Media --------------------------------------------------------------------------------------


def archive_media(media_root, destination):
    """A tar of the media directory's content (empty when it does not exist yet)."""
    media_root = Path(media_root)
    partial = Path(f"{destination}.partial")
    try:
        with tarfile.open(partial, "w") as archive:
            if media_root.is_dir():
                for child in sorted(media_root.iterdir()):
                    archive.add(child, arcname=child.name)
        _move_into_place(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    with tarfile.open(destination) as archive:
        return sum(1 for member in archive.getmembers() if member.isfile())


def restore_media(archive_path, media_root):
    """Extract the media archive into the media directory: files of the archive replace those
    of the same name; other files stay (nothing uploaded since is lost). Paths that would leave
    the directory, links and devices are refused (tarfile's ``data`` filter; without it, as
    before Python 3.11.4, nothing is extracted)."""
    check_media_restore_supported()
    media_root = Path(media_root)
    try:
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive_path) as archive:
            members = archive.getmembers()
            for member in members:  # check every path before writing any file
                tarfile.data_filter(member, str(media_root))
            archive.extractall(media_root, filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            _("The media archive %(file)s could not be restored: %(error)s")
            % {"file": archive_path, "error": error}
        ) from None
    return sum(1 for member in members if member.isfile())
