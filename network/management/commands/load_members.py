from django.core.management.base import BaseCommand, CommandError

from network.services import MemberImportError, import_members


class Command(BaseCommand):
    help = (
        "Create or update members (matched by slug) from a CSV or XLSX file with the columns of "
        "network/resources.py. A file with any invalid row stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and store nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            summary = import_members(file, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except MemberImportError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"{len(error.errors)} error(s) in {file}: nothing was stored."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"{file}: {summary}"))
