from django.core.management.base import BaseCommand, CommandError

from consultations.services import IdeaImportError, import_paper_ideas
from network.models import Member


class Command(BaseCommand):
    help = (
        "Store the ideas of paper forms or workshop cards from a CSV or XLSX file (columns: "
        "member, period, event, channel, axis_number, title, idea, submitter_kind, "
        "association_name, gender, age_band, name, email, phone). Every row must name the "
        "member given; a file with any invalid row stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--member", required=True, help="Slug of the member.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and store nothing."
        )

    def handle(self, *args, file, member, dry_run, **options):
        try:
            member_obj = Member.objects.get(slug=member)
        except Member.DoesNotExist:
            raise CommandError(f"No member with the slug “{member}”.") from None
        try:
            count = import_paper_ideas(file, member=member_obj, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(f"No such file: {file}") from None
        except IdeaImportError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"{len(error.errors)} error(s) in {file}: nothing was stored."
            ) from None
        prefix = "Dry run (nothing stored): " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{count} idea(s) from {file} for {member}."))
