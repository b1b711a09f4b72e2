from django.core.management.base import BaseCommand, CommandError

from network.models import Member
from programmes.models import Programme
from programmes.workbook import export_programme


class Command(BaseCommand):
    help = "Export a member's programme for a period (e.g. 2024-2025) to an XLSX workbook."

    def add_arguments(self, parser):
        parser.add_argument("member", help="Slug of the member.")
        parser.add_argument("period", help="Period, e.g. 2024-2025.")
        parser.add_argument("file", help="Path of the XLSX file to write.")

    def handle(self, *args, member, period, file, **options):
        try:
            member_obj = Member.objects.get(slug=member)
            programme = Programme.objects.get_by_period(member_obj, period)
        except (Member.DoesNotExist, Programme.DoesNotExist, ValueError) as error:
            raise CommandError(f"No programme {period} for the member “{member}”.") from error
        with open(file, "wb") as handle:
            handle.write(export_programme(programme))
        self.stdout.write(self.style.SUCCESS(f"Wrote {file}."))
