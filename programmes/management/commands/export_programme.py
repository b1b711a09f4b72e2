from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from consultations.programme_file import export_programme_file
from ctouvertes.commands import add_language_argument, in_language
from network.models import Member
from programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Export everything a member published about a programme for a period (e.g. 2024-2025) "
        "to one XLSX workbook (see docs/workbook.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("member", help="Slug of the member.")
        parser.add_argument("period", help="Period, e.g. 2024-2025.")
        parser.add_argument("file", help="Path of the XLSX file to write.")
        add_language_argument(parser)

    @in_language
    def handle(self, *args, member, period, file, **options):
        try:
            member_obj = Member.objects.get(slug=member)
            programme = Programme.objects.get_by_period(member_obj, period)
        except (Member.DoesNotExist, Programme.DoesNotExist, ValueError) as error:
            raise CommandError(
                _("No programme %(period)s for the member “%(member)s”.")
                % {"period": period, "member": member}
            ) from error
        with open(file, "wb") as handle:
            handle.write(export_programme_file(programme))
        self.stdout.write(self.style.SUCCESS(_("Wrote %(file)s.") % {"file": file}))
