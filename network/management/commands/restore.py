from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from ctouvertes.commands import add_language_argument, in_language
from network import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by the backup command (make restore BACKUP=var/backups/<file>): "
        "the database file (.dump on PostgreSQL, restored with pg_restore --clean --if-exists "
        "--no-owner in one transaction; .sqlite3 on SQLite, copied back with the online backup "
        "API), then the media archive beside it (files of the archive replace those of the "
        "same name, others stay). Refuses without --yes when the database already holds "
        "members, and prints what it would replace. Stop the portal first, and run migrate "
        "afterwards when the backup comes from an older version."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The database file of the backup (.dump or .sqlite3).")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace a database that already holds members.",
        )
        parser.add_argument(
            "--database-name",
            default=None,
            help=(
                "PostgreSQL only: restore into this other database of the same server (it must "
                "exist), e.g. to inspect a backup; the media are then left alone."
            ),
        )
        parser.add_argument("--no-media", action="store_true", help="Restore the database only.")
        add_language_argument(parser)

    @in_language
    def handle(self, *args, backup, yes, database_name, no_media, **options):
        if database_name is not None:
            try:
                backups.check_database_name(database_name)
            except backups.BackupError as error:
                raise CommandError(str(error)) from None
        source = Path(backup)
        if not source.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": source})
        portal = connections["default"]
        on_postgresql = backups.is_postgresql(portal)
        expected = backups.POSTGRESQL_SUFFIX if on_postgresql else backups.SQLITE_SUFFIX
        if source.suffix != expected:
            raise CommandError(
                _("This portal's database takes a %(expected)s backup, not %(file)s.")
                % {"expected": expected, "file": source}
            )
        if database_name and not on_postgresql:
            raise CommandError(_("--database-name works on PostgreSQL only."))
        media_archive = backups.media_archive_for(source)
        restore_media = not (no_media or database_name) and media_archive.is_file()
        try:
            if restore_media:  # refused before the database is replaced, not after
                backups.check_media_restore_supported()
            self._restore(source, portal, database_name, yes=yes)
            if restore_media:
                count = backups.restore_media(media_archive, settings.MEDIA_ROOT)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(
                _("The restore from %(file)s failed: %(error)s") % {"file": source, "error": error}
            ) from None
        if no_media or database_name:
            self.stdout.write(_("Media left as they are."))
        elif restore_media:
            self.stdout.write(
                _("Media: %(count)s files restored from %(file)s into %(media_root)s.")
                % {"count": count, "file": media_archive, "media_root": settings.MEDIA_ROOT}
            )
        else:
            self.stderr.write(
                _("No media archive %(file)s beside the backup: media left as they are.")
                % {"file": media_archive}
            )
        self.stdout.write(self.style.SUCCESS(_("Restore complete.")))

    def _restore(self, source, portal, database_name, *, yes):
        name = database_name or portal.settings_dict["NAME"]

        def count_rows():
            if database_name:
                return backups.count_rows_in(database_name, portal)
            return backups.count_rows(portal)

        before = count_rows()
        if backups.holds_members(before) and not yes:
            self.stderr.write(
                _("The database %(name)s holds data that the restore would replace:")
                % {"name": name}
            )
            for line in backups.count_lines(before):
                self.stderr.write(f"  {line}")
            raise CommandError(_("Nothing restored. Run again with --yes to replace it."))
        if backups.is_postgresql(portal):
            backups.restore_postgresql(source, portal, database_name)
        else:
            backups.restore_sqlite(source, portal)
        self.stdout.write(
            _("Database %(name)s restored from %(file)s:") % {"name": name, "file": source}
        )
        for line in backups.count_lines(count_rows()):
            self.stdout.write(f"  {line}")
