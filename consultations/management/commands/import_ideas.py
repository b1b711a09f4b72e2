from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations.services import IdeaImportError, import_paper_ideas
from ctouvertes.commands import add_language_argument, in_language
from ctouvertes.import_errors import refused
from network.models import Member


class Command(BaseCommand):
    help = (
        "Store the ideas of paper forms or workshop cards from a CSV or XLSX file (columns: "
        "member, period, event, channel, axis_number, title, idea, submitter_kind, "
        "association_name, gender, age_band, name, email, phone). Every row must name the "
        "member given; a file with any invalid row stores nothing. An idea is dated by its "
        "workshop's start (undated workshop: its station's first day, else the import time)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--member", required=True, help="Slug of the member.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and store nothing."
        )
        add_language_argument(parser)

    @in_language
    def handle(self, *args, file, member, dry_run, **options):
        try:
            member_obj = Member.objects.get(slug=member)
        except Member.DoesNotExist:
            raise CommandError(_("No member has the slug “%(slug)s”.") % {"slug": member}) from None
        try:
            count = import_paper_ideas(file, member=member_obj, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(_("No such file: %(file)s") % {"file": file}) from None
        except IdeaImportError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(refused(file, len(error.errors))) from None
        values = {"count": count, "file": file, "member": member}
        if dry_run:
            text = ngettext(
                "Dry run (nothing stored): %(count)s idea from %(file)s for %(member)s.",
                "Dry run (nothing stored): %(count)s ideas from %(file)s for %(member)s.",
                count,
            )
        else:
            text = ngettext(
                "%(count)s idea from %(file)s for %(member)s.",
                "%(count)s ideas from %(file)s for %(member)s.",
                count,
            )
        self.stdout.write(self.style.SUCCESS(text % values))
