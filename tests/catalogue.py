"""Stand-in translations for messages the catalogues do not translate yet.

The catalogues (``locale/*/LC_MESSAGES/django.po``) are updated centrally, after the code: until
then ``gettext`` answers a new message in English under every language. A test that checks that
a text is *fully* translated (no English location before an Arabic message...) installs stand-in
translations for the messages it needs; a message the catalogue already translates keeps its
real translation. Tests still compare with ``gettext``, never with these texts.
"""

import contextlib

from django.utils.translation import trans_real


@contextlib.contextmanager
def stand_in_translations(language, translations):
    """Within the block, ``gettext(msgid)`` under ``language`` answers ``translations[msgid]``
    for each msgid its catalogue lacks."""
    catalog = trans_real.translation(language)._catalog
    added = [msgid for msgid in translations if msgid not in catalog]
    for msgid in added:
        catalog[msgid] = translations[msgid]
    try:
        yield
    finally:
        for msgid in added:
            for part in catalog._catalogs:
                part.pop(msgid, None)
