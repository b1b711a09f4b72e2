from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations import personal_data
from consultations.models import Idea
from ctouvertes.commands import add_language_argument, in_language


class Command(BaseCommand):
    help = (
        "Erase the name, email, phone and association's name of the ideas and observations "
        "whose station closed more than PERSONAL_DATA_RETENTION_DAYS days ago (default 365; a "
        "contribution without a dated station counts from the day it was sent). The "
        "contributions, their gender and age band and every published figure stay. Meant for a "
        "daily cron; running it again erases nothing more. See docs/personal-data.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention in days (default: the PERSONAL_DATA_RETENTION_DAYS setting).",
        )
        parser.add_argument(
            "--by",
            dest="username",
            help="Record each erasure in the admin log under this username (optional).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be erased; change nothing."
        )
        add_language_argument(parser)

    @in_language
    def handle(self, *args, days, username, dry_run, **options):
        days = personal_data.retention_days() if days is None else days
        if days < 0:
            raise CommandError(_("The retention cannot be negative."))
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(
                    _("No user has the username “%(username)s”.") % {"username": username}
                )
        contributions = personal_data.expired(days)
        ideas = sum(1 for contribution in contributions if isinstance(contribution, Idea))
        values = {
            "ideas": ideas,
            "observations": len(contributions) - ideas,
            "days": days,
        }
        if dry_run:
            self.stdout.write(
                _(
                    "Dry run (nothing erased): the personal data of %(ideas)s ideas and "
                    "%(observations)s observations of stations closed more than %(days)s days "
                    "ago would be erased."
                )
                % values
            )
            return
        erased = personal_data.erase_personal_data(
            contributions, reason=personal_data.Reason.RETENTION, user=user
        )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)s contribution erased (%(ideas)s ideas, %(observations)s "
                    "observations of stations closed more than %(days)s days ago).",
                    "%(count)s contributions erased (%(ideas)s ideas, %(observations)s "
                    "observations of stations closed more than %(days)s days ago).",
                    erased,
                )
                % {"count": erased, **values}
            )
        )
