from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctouvertes.commands import add_language_argument, in_language
from ctouvertes.import_errors import refused
from network.services import MemberImportError, import_members


class Command(BaseCommand):
    help = (
        "Create or update members (matched by slug) from a CSV or XLSX file with the columns of "
        "network/resources.py. Every row must give joined_on (the date the member joined the "
        "network). A file with any invalid row stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and store nothing."
        )
        add_language_argument(parser)

    @in_language
    def handle(self, *args, file, dry_run, **options):
        try:
            summary = import_members(file, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(_("No such file: %(file)s") % {"file": file}) from None
        except MemberImportError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(refused(file, len(error.errors))) from None
        self.stdout.write(
            self.style.SUCCESS(_("%(file)s: %(summary)s") % {"file": file, "summary": summary})
        )
