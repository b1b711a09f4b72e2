import contextlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from ctouvertes.commands import add_language_argument, in_language
from network import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded media into var/backups/ (make backup). "
        "PostgreSQL: pg_dump --format=custom to ctouvertes-<UTC timestamp>.dump (the pg_dump "
        "client must have the server's major version). SQLite: the online backup API to "
        "ctouvertes-<UTC timestamp>.sqlite3, safe while the portal runs. The media directory "
        "goes into ctouvertes-<UTC timestamp>-media.tar beside it. The files hold personal "
        "data: they are readable by their owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=None,
            help="Directory of the backup files (default: var/backups/ of the project).",
        )
        add_language_argument(parser)

    @in_language
    def handle(self, *args, output_dir, **options):
        connection = connections["default"]
        directory = Path(output_dir) if output_dir else backups.default_backup_dir()
        suffix = (
            backups.POSTGRESQL_SUFFIX
            if backups.is_postgresql(connection)
            else backups.SQLITE_SUFFIX
        )
        database_file = directory / f"{backups.BACKUP_PREFIX}{backups.timestamp()}{suffix}"
        media_file = backups.media_archive_for(database_file)
        try:
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # personal data inside
            for path in (database_file, media_file):
                if path.exists():
                    raise CommandError(_("%(file)s already exists.") % {"file": path})
            if backups.is_postgresql(connection):
                backups.dump_postgresql(connection, database_file)
            else:
                backups.backup_sqlite(connection, database_file)
            media_count = backups.archive_media(settings.MEDIA_ROOT, media_file)
        except (backups.BackupError, OSError) as error:
            # Neither file existed before (checked above): a failed backup leaves none.
            for path in (database_file, media_file):
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
            if isinstance(error, backups.BackupError):
                raise CommandError(str(error)) from None
            raise CommandError(
                _(
                    "The backup could not be written to %(directory)s: %(error)s. No backup "
                    "file was kept."
                )
                % {"directory": directory, "error": error}
            ) from None
        self.stdout.write(
            _("Database: %(file)s (%(size)s bytes)")
            % {"file": database_file, "size": database_file.stat().st_size}
        )
        self.stdout.write(
            _("Media: %(file)s (%(count)s files from %(media_root)s)")
            % {"file": media_file, "count": media_count, "media_root": settings.MEDIA_ROOT}
        )
        for line in backups.count_lines(backups.count_rows(connection)):
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(_("Backup complete.")))
