from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from ctouvertes.text import clean_stored_rows
from network.apps import CLEANED_APPS


class Command(BaseCommand):
    help = (
        "Remove bidi controls, zero-width and control characters from the text already stored "
        "(one-line fields lose all of them; bodies keep the harmless marks), as every write "
        "has done since they were first removed. Rows written since are clean already; running "
        "it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the rows to clean; change nothing."
        )

    def handle(self, *args, dry_run, **options):
        total = 0
        with transaction.atomic():
            for label in CLEANED_APPS:
                for model in apps.get_app_config(label).get_models():
                    changed = clean_stored_rows(model, dry_run=dry_run)
                    if changed:
                        self.stdout.write(f"{model._meta.label}: {changed}")
                    total += changed
        verb = "to clean" if dry_run else "cleaned"
        self.stdout.write(self.style.SUCCESS(f"{total} rows {verb}."))
