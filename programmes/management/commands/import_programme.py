from django.core.management.base import BaseCommand, CommandError

from network.models import Member
from programmes.services import import_programme_workbook
from programmes.workbook import WorkbookError


class Command(BaseCommand):
    help = "Import a member's programme from a workbook (XLSX); an invalid file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the XLSX workbook.")
        parser.add_argument("--member", required=True, help="Slug of the member.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count, store nothing."
        )

    def handle(self, *args, file, member, dry_run, **options):
        try:
            member_obj = Member.objects.get(slug=member)
        except Member.DoesNotExist as error:
            raise CommandError(f"No member with the slug “{member}”.") from error
        try:
            with open(file, "rb") as handle:
                report = import_programme_workbook(handle, member=member_obj, dry_run=dry_run)
        except WorkbookError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(error.problems)} problem(s) found; nothing was imported."
            ) from error
        created = ", ".join(f"{n} {k}" for k, n in report.created.items() if n) or "nothing"
        updated = ", ".join(f"{n} {k}" for k, n in report.updated.items() if n) or "nothing"
        deleted = ", ".join(f"{n} {k}" for k, n in report.deleted.items() if n) or "nothing"
        prefix = "Dry run (nothing stored): " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.programme} — created {created}; updated {updated}; "
                f"deleted {deleted}."
            )
        )
