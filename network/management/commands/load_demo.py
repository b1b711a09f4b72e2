from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from network import demo as network_demo


def demo_loaders():
    """``load`` of every installed app's ``demo`` module, in INSTALLED_APPS order."""
    loaders = []
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.demo"
        try:
            if find_spec(module_name) is None:
                continue
        except ModuleNotFoundError:  # the app is a module, not a package
            continue
        module = import_module(module_name)
        if callable(getattr(module, "load", None)):
            loaders.append((app_config.label, module.load))
    return loaders


class Command(BaseCommand):
    help = (
        "Load demonstration data (idempotent): the 2023 member list, demo details and demo "
        "accounts, then each app's demo.load(). Demo accounts share a public password: never "
        "run this on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Run every loader, then roll everything back."
        )

    def handle(self, *args, dry_run, verbosity, **options):
        with transaction.atomic():
            for label, load in demo_loaders():
                for line in load() or ():
                    if verbosity:
                        self.stdout.write(f"[{label}] {line}")
            if dry_run:
                transaction.set_rollback(True)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was stored."))
            return
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            for line in network_demo.login_lines():
                self.stdout.write(line)
