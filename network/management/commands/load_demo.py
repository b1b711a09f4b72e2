from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from network import demo as network_demo
from network.services import DEMO_ACCOUNTS, DEMO_PASSWORD


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


def accounts_it_would_reset():
    """Usernames of the demo accounts that exist with another password than the demo one
    (e.g. a real ``admin``): loading the demo would give them the public password."""
    usernames = [username for username, *_ in DEMO_ACCOUNTS]
    users = get_user_model()._default_manager.filter(username__in=usernames)
    return sorted(
        user.username
        for user in users
        if not (user.has_usable_password() and user.check_password(DEMO_PASSWORD))
    )


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
        parser.add_argument(
            "--reset-demo-passwords",
            action="store_true",
            help="Give the demo accounts that already exist with another password (e.g. a real "
            "admin) the public demo password, superuser status and roles. Without it, the "
            "command refuses to run when such an account exists.",
        )

    def handle(self, *args, dry_run, reset_demo_passwords, verbosity, **options):
        existing = accounts_it_would_reset()
        if existing and not reset_demo_passwords:
            raise CommandError(
                _(
                    "These users exist with their own password: %(users)s. Loading the demo "
                    "would give them the public demo password (and make admin a superuser). "
                    "Nothing was loaded: use another database, or pass --reset-demo-passwords."
                )
                % {"users": ", ".join(existing)}
            )
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
