"""`make messages`: Django's makemessages, but a new msgid never inherits a guessed translation.

msgmerge's fuzzy matching would copy the translation of a similar msgid ("region" for
"regions") and mark it fuzzy; CI refuses fuzzy entries (`make messages-check`), so new strings
start empty instead. Arguments are makemessages' own.
"""

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctouvertes.settings")


def main(argv):
    django.setup()
    from django.core.management import call_command
    from django.core.management.commands import makemessages

    class Command(makemessages.Command):
        msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    call_command(Command(), *argv)


if __name__ == "__main__":
    main(sys.argv[1:])
