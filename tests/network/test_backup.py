"""make backup / make restore: what a restore brings back is what the backup held, row for row
and file for file; a restore that would replace members needs --yes; bad files change nothing.

The SQLite path runs the commands on the test database itself (the online backup API copies
the in-memory database to a file and back). The PostgreSQL path dumps the test database and
restores it into a scratch database ``ctouvertes_backup_<random>`` created and dropped here.
Both need committed data (pg_dump and the backup API read outside the test's transaction):
``transaction=True``, with the migrations' data brought back afterwards."""

import io
import shutil
import subprocess
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from consultations.models import Idea
from network import backups
from network.models import Member

from ..consultations.helpers import make_idea, make_station
from ..factories import CommuneFactory, RoleFactory
from ..programmes.helpers import make_programme, make_project

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL backups need PostgreSQL"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backups")


def project_models():
    """Every model of the project's apps, with the many-to-many tables, and the accounts."""
    models = [
        model
        for label in ("network", "programmes", "consultations")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    return [*models, get_user_model()]


def counts_per_model():
    return {model._meta.label: model._default_manager.count() for model in project_models()}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "logos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "logos" / "beni-ensar.png").write_bytes(b"logo of Beni Ensar")
    return settings.MEDIA_ROOT


@pytest.fixture
def record(media_root):
    """Two communes (and their regions: four members), a programme with a project, a station
    with three ideas, an account."""
    beni_ensar = CommuneFactory(slug="beni-ensar", name_fr="Beni Ensar")
    CommuneFactory(slug="larache", name_fr="Larache")
    RoleFactory(member=beni_ensar)
    programme = make_programme(beni_ensar)
    project = make_project(programme, 1)
    station = make_station(programme)
    for number in range(3):
        idea = make_idea(programme, title=f"Idée {number}", email=f"person{number}@example.ma")
    idea.projects.add(project)
    assert Idea.objects.filter(station=station).count() == 3
    return counts_per_model()


def backup_files(directory, suffix):
    database_files = sorted(Path(directory).glob(f"ctouvertes-*{suffix}"))
    assert len(database_files) == 1
    return database_files[0], backups.media_archive_for(database_files[0])


def change_everything(media_root):
    Idea.objects.order_by("pk").first().delete()
    CommuneFactory(slug="tetouan")
    (media_root / "logos" / "beni-ensar.png").write_bytes(b"overwritten")


@on_sqlite
def test_a_sqlite_backup_restores_every_row_and_file(record, media_root, tmp_path, capsys):
    call_command("backup", output_dir=str(tmp_path / "backups"), language="en")
    database_file, media_file = backup_files(tmp_path / "backups", ".sqlite3")
    assert media_file.is_file()
    assert database_file.stat().st_mode & 0o777 == 0o600  # personal data inside
    change_everything(media_root)
    assert counts_per_model() != record

    call_command("restore", str(database_file), yes=True, language="en")

    assert counts_per_model() == record
    assert (media_root / "logos" / "beni-ensar.png").read_bytes() == b"logo of Beni Ensar"
    output = capsys.readouterr().out.split("restored from")[1]
    assert "members (network.member): 4" in output
    assert "ideas (consultations.idea): 3" in output


@on_sqlite
def test_restoring_over_members_needs_yes_and_says_what_it_would_replace(
    record, media_root, tmp_path, capsys
):
    call_command("backup", output_dir=str(tmp_path), language="en")
    database_file, _ = backup_files(tmp_path, ".sqlite3")
    change_everything(media_root)
    changed = counts_per_model()
    capsys.readouterr()

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(database_file), language="en")

    assert counts_per_model() == changed
    assert (media_root / "logos" / "beni-ensar.png").read_bytes() == b"overwritten"
    would_replace = capsys.readouterr().err
    assert f"members (network.member): {changed['network.Member']}" in would_replace
    assert f"ideas (consultations.idea): {record['consultations.Idea'] - 1}" in would_replace


@on_sqlite
def test_a_file_that_is_not_a_backup_changes_nothing(record, media_root, tmp_path):
    not_a_backup = tmp_path / "ctouvertes-20261124T101500Z.sqlite3"
    not_a_backup.write_bytes(b"PK\x03\x04 a spreadsheet, not a database")

    with pytest.raises(CommandError, match="not a SQLite backup"):
        call_command("restore", str(not_a_backup), yes=True, language="en")
    a_dump = tmp_path / "ctouvertes-20261124T101500Z.dump"
    a_dump.write_bytes(b"PGDMP")
    with pytest.raises(CommandError, match="takes a .sqlite3 backup"):
        call_command("restore", str(a_dump), yes=True, language="en")
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.sqlite3"), yes=True, language="en")

    assert counts_per_model() == record


@pytest.mark.django_db(transaction=False)
def test_a_media_archive_cannot_write_outside_the_media_directory(tmp_path):
    archive_path = tmp_path / "ctouvertes-20261124T101500Z-media.tar"
    with tarfile.open(archive_path, "w") as archive:
        for name in ("logos/fine.png", "../outside.txt"):
            info = tarfile.TarInfo(name)
            info.size = 4
            archive.addfile(info, io.BytesIO(b"data"))
    media_root = tmp_path / "media"

    with translation.override("en"), pytest.raises(backups.BackupError, match="not be restored"):
        backups.restore_media(archive_path, media_root)

    assert not (tmp_path / "outside.txt").exists()
    assert not (media_root / "logos" / "fine.png").exists()


@pytest.mark.django_db(transaction=False)
def test_a_missing_or_mismatched_pg_dump_is_named(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda program: None)
    with (
        translation.override("en"),
        pytest.raises(backups.BackupError, match="pg_dump was not found.*PostgreSQL 98 client"),
    ):
        backups.find_client("pg_dump", 98)


@pytest.mark.django_db(transaction=False)
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="no pg_dump on the PATH")
def test_a_pg_dump_of_another_major_version_is_refused():
    with (
        translation.override("en"),
        pytest.raises(backups.BackupError, match="server's major version.*PostgreSQL 98"),
    ):
        backups.find_client("pg_dump", 98)


def connect_to(database_name):
    parameters = connection.settings_dict
    return psycopg.connect(
        dbname=database_name,
        host=parameters["HOST"] or None,
        port=parameters["PORT"] or None,
        user=parameters["USER"] or None,
        password=parameters["PASSWORD"] or None,
        autocommit=True,
    )


def table_counts(database_name):
    with connect_to(database_name) as scratch, scratch.cursor() as cursor:
        counts = {}
        for model in project_models():
            cursor.execute(f'SELECT count(*) FROM "{model._meta.db_table}"')
            counts[model._meta.label] = cursor.fetchone()[0]
        return counts


@pytest.fixture
def scratch_database():
    name = f"ctouvertes_backup_{uuid.uuid4().hex[:10]}"
    with connect_to("postgres") as server:
        server.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield name
    finally:
        with connect_to("postgres") as server:
            server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@on_postgresql
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="no pg_dump on the PATH")
def test_a_postgresql_dump_restores_every_table(record, tmp_path, scratch_database, capsys):
    call_command("backup", output_dir=str(tmp_path), language="en")
    dump, media_file = backup_files(tmp_path, ".dump")
    assert media_file.is_file()
    assert dump.stat().st_mode & 0o777 == 0o600

    call_command("restore", str(dump), database_name=scratch_database, language="en")

    assert table_counts(scratch_database) == record
    assert "members (network.member): 4" in capsys.readouterr().out.split("restored from")[1]
    # The scratch database now holds members: a second restore needs --yes.
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(dump), database_name=scratch_database, language="en")
    Member.objects.filter(slug="larache").delete()
    call_command("backup", output_dir=str(tmp_path / "second"), language="en")
    second_dump, _ = backup_files(tmp_path / "second", ".dump")
    call_command(
        "restore", str(second_dump), database_name=scratch_database, yes=True, language="en"
    )
    assert table_counts(scratch_database)["network.Member"] == 3


@on_postgresql
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="no pg_dump on the PATH")
def test_a_file_that_is_not_a_dump_restores_nothing(record, tmp_path, scratch_database):
    not_a_dump = tmp_path / "ctouvertes-20261124T101500Z.dump"
    not_a_dump.write_text("DROP TABLE network_member;")

    with pytest.raises(CommandError, match="not a PostgreSQL custom-format dump"):
        call_command("restore", str(not_a_dump), yes=True, language="en")

    assert counts_per_model() == record


# --- Failures that must be clear errors, not tracebacks, and leave nothing behind ------------


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_an_output_directory_that_cannot_be_made_is_a_clear_error(tmp_path, where):
    """As in a container whose var/ belongs to root: an OSError, said in one sentence."""
    a_file = tmp_path / "not-a-directory"
    a_file.write_text("kept")
    output_dir = a_file if where == "a file" else a_file / "backups"

    with pytest.raises(CommandError, match="could not be written to") as error:
        call_command("backup", output_dir=str(output_dir), language="en")

    assert error.value.returncode == 1  # manage.py's exit status
    assert "No backup file was kept." in str(error.value)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["not-a-directory"]
    assert a_file.read_text() == "kept"


@pytest.mark.django_db(transaction=False)
def test_a_backup_that_fails_half_way_keeps_no_file(media_root, tmp_path, monkeypatch):
    def write_database(connection, destination):
        Path(destination).write_bytes(b"a complete database backup")

    def disk_full(media_root, destination):
        raise OSError(28, "No space left on device", str(destination))

    monkeypatch.setattr(backups, "dump_postgresql", write_database)
    monkeypatch.setattr(backups, "backup_sqlite", write_database)
    monkeypatch.setattr(backups, "archive_media", disk_full)

    with pytest.raises(CommandError, match="No space left on device") as error:
        call_command("backup", output_dir=str(tmp_path / "backups"), language="en")

    assert error.value.returncode == 1
    assert list((tmp_path / "backups").iterdir()) == []


@on_sqlite
@pytest.mark.django_db(transaction=False)
def test_a_sqlite_backup_into_a_missing_directory_is_a_backup_error(tmp_path):
    with translation.override("en"), pytest.raises(backups.BackupError, match="unable to open"):
        backups.backup_sqlite(connection, tmp_path / "missing" / "ctouvertes.sqlite3")


HOSTILE_DATABASE_NAMES = [
    "postgres://attacker@evil.example/ctouvertes",
    "dbname=ctouvertes host=evil.example",
    "--host=evil.example",
    "",
    "ctouvertes\n",
    "ctouvertes copy",
]


@pytest.mark.django_db(transaction=False)
@pytest.mark.parametrize("name", HOSTILE_DATABASE_NAMES)
def test_a_database_name_that_is_a_connection_string_is_refused(tmp_path, monkeypatch, name):
    def no_client(*args, **kwargs):
        raise AssertionError("no client program may run")

    monkeypatch.setattr(backups.subprocess, "run", no_client)
    monkeypatch.setattr(backups.psycopg, "connect", no_client)
    dump = tmp_path / "ctouvertes-20261124T101500Z.dump"
    dump.write_bytes(b"PGDMP")

    with pytest.raises(CommandError, match="is not a database name"):
        call_command("restore", str(dump), database_name=name, yes=True, language="en")
    with translation.override("en"), pytest.raises(backups.BackupError, match="not a database"):
        backups.restore_postgresql(dump, connection, name)


@pytest.mark.django_db(transaction=False)
def test_pg_restore_gets_the_dump_as_an_absolute_path_never_an_option(tmp_path, monkeypatch):
    commands = []

    def record(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(backups, "server_major_version", lambda connection: 15)
    monkeypatch.setattr(backups, "find_client", lambda program, major: Path("/bin") / program)
    monkeypatch.setattr(backups.subprocess, "run", record)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "--dbname=postgres.dump").write_bytes(b"PGDMP")

    backups.restore_postgresql("--dbname=postgres.dump", connection, "ctouvertes_copy")

    listing, restore = commands
    assert listing == ["/bin/pg_restore", "--list", str(tmp_path / "--dbname=postgres.dump")]
    assert restore[-1] == str(tmp_path / "--dbname=postgres.dump")
    assert [argument for argument in restore if argument.startswith("--dbname")] == [
        "--dbname=ctouvertes_copy"
    ]


@pytest.mark.django_db(transaction=False)
def test_without_tarfiles_data_filter_media_are_not_restored(tmp_path, monkeypatch):
    archive_path = tmp_path / "ctouvertes-20261124T101500Z-media.tar"
    with tarfile.open(archive_path, "w") as archive:
        info = tarfile.TarInfo("logos/fine.png")
        info.size = 4
        archive.addfile(info, io.BytesIO(b"data"))
    monkeypatch.delattr(tarfile, "data_filter")

    with translation.override("en"), pytest.raises(backups.BackupError, match="3.11.4"):
        backups.restore_media(archive_path, tmp_path / "media")

    assert not (tmp_path / "media").exists()


@on_sqlite
def test_without_tarfiles_data_filter_the_database_is_not_replaced_either(
    record, media_root, tmp_path, monkeypatch
):
    call_command("backup", output_dir=str(tmp_path / "backups"), language="en")
    database_file, _ = backup_files(tmp_path / "backups", ".sqlite3")
    change_everything(media_root)
    changed = counts_per_model()
    monkeypatch.delattr(tarfile, "data_filter")

    with pytest.raises(CommandError, match="Python 3.11.4 or later.*--no-media"):
        call_command("restore", str(database_file), yes=True, language="en")

    assert counts_per_model() == changed
    assert (media_root / "logos" / "beni-ensar.png").read_bytes() == b"overwritten"
