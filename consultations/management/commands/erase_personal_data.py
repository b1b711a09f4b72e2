from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations import personal_data
from consultations.models import Idea
from consultations.views import normalize_code
from ctouvertes.commands import add_language_argument, in_language


def describe(contribution, fields):
    """``Idea ABCD2345: name, email`` (field names only: never a value)."""
    kind = _("Idea") if isinstance(contribution, Idea) else _("Observation")
    names = ", ".join(str(contribution._meta.get_field(name).verbose_name) for name in fields)
    return f"{kind} {contribution.tracking_code}: {names or '—'}"


class Command(BaseCommand):
    help = (
        "Erase the personal data of the person who sent ideas or observations, on their request "
        "(Law 09-08): the name, email, phone and association's name of the contributions with "
        "these tracking codes, or sent with this email address. The ideas and observations stay "
        "(text, tracking code, fate, answer), so the tracking page and the published figures do "
        "not change. Gender and age band are kept unless --all-fields: alone they identify "
        "nobody, and members count them in their participation reports. Each erasure is "
        "recorded in the admin log under the user given by --by, without any personal data. "
        "Running it again erases nothing more. See docs/personal-data.md."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--code",
            action="append",
            dest="codes",
            metavar="CODE",
            help="Tracking code of an idea or observation (repeat for several).",
        )
        which.add_argument("--email", help="Email address given with the contributions.")
        parser.add_argument(
            "--by",
            dest="username",
            help="Username of the person handling the request (recorded in the admin log).",
        )
        parser.add_argument(
            "--all-fields",
            action="store_true",
            help="Erase gender and age band too (the person's statistics leave the exports).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be erased; change nothing."
        )
        add_language_argument(parser)

    @in_language
    def handle(self, *args, codes, email, username, all_fields, dry_run, **options):
        user = None
        if not dry_run:
            if not username:
                raise CommandError(
                    _("Say who handles the request with --by <username> (recorded in the log).")
                )
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(
                    _("No user has the username “%(username)s”.") % {"username": username}
                )
        if codes:
            contributions, unknown = personal_data.with_tracking_codes(
                [normalize_code(code) for code in codes]
            )
            if unknown:
                raise CommandError(
                    ngettext(
                        "No idea or observation has the tracking code %(codes)s. Nothing erased.",
                        "No idea or observation has the tracking codes %(codes)s. Nothing erased.",
                        len(unknown),
                    )
                    % {"codes": ", ".join(unknown) or "“”"}
                )
        else:
            contributions = personal_data.with_email(email)
            if not contributions:
                self.stderr.write(
                    _("No idea or observation holds the email address %(email)s.")
                    % {"email": email}
                )
        pending = [
            (contribution, personal_data.fields_to_erase(contribution, all_fields))
            for contribution in contributions
        ]
        to_erase = [(contribution, fields) for contribution, fields in pending if fields]
        for contribution, fields in to_erase:
            self.stdout.write(describe(contribution, fields))
        already = len(pending) - len(to_erase)
        if dry_run:
            self.stdout.write(
                ngettext(
                    "Dry run (nothing erased): %(count)s contribution would be erased, "
                    "%(already)s without personal data left.",
                    "Dry run (nothing erased): %(count)s contributions would be erased, "
                    "%(already)s without personal data left.",
                    len(to_erase),
                )
                % {"count": len(to_erase), "already": already}
            )
            return
        erased = personal_data.erase_personal_data(
            contributions,
            reason=personal_data.Reason.REQUEST,
            user=user,
            all_fields=all_fields,
        )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "%(count)s contribution erased, %(already)s without personal data left.",
                    "%(count)s contributions erased, %(already)s without personal data left.",
                    erased,
                )
                % {"count": erased, "already": already}
            )
        )
