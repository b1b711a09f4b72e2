from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.programme_file import WorkbookError, import_programme_file
from ctouvertes.commands import add_language_argument, in_language
from network.models import Member


class Command(BaseCommand):
    help = (
        "Import everything a member published about a programme from one XLSX workbook "
        "(see docs/workbook.md); a file with any invalid row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the XLSX workbook.")
        parser.add_argument("--member", required=True, help="Slug of the member.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count, store nothing."
        )
        add_language_argument(parser)

    @in_language
    def handle(self, *args, file, member, dry_run, **options):
        try:
            member_obj = Member.objects.get(slug=member)
        except Member.DoesNotExist as error:
            raise CommandError(
                _("No member with the slug “%(member)s”.") % {"member": member}
            ) from error
        try:
            with open(file, "rb") as handle:
                report = import_programme_file(handle, member=member_obj, dry_run=dry_run)
        except WorkbookError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                ngettext(
                    "%(count)s problem found; nothing was imported.",
                    "%(count)s problems found; nothing was imported.",
                    count,
                )
                % {"count": count}
            ) from error
        text = f"{report.programme} — {report.summary()}."
        if dry_run:
            text = _("Dry run (nothing stored): %(report)s") % {"report": text}
        self.stdout.write(self.style.SUCCESS(text))
