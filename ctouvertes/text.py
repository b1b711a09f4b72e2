"""Text that cannot lie about itself: invisible characters removed before text is stored.

A right-to-left override (U+202E) makes "<U+202E>txt.exe" display as "exe.txt"; zero-width
characters make two names that look the same differ, or a title that looks empty not be.
Every text column of the project's models is cleaned on its way to the database
(``network.apps`` connects ``clean_instance_text`` to ``pre_save``; the bulk writes of the
programme file call ``clean_model_values``), and the public forms clean what people type.

Two levels:

``clean_single_line`` (``CharField``: titles, names, codes, phone numbers...) removes
  - every format character (Unicode category Cf): the bidi marks LRM U+200E, RLM U+200F and
    the Arabic letter mark ALM U+061C, the embeddings and overrides U+202A-U+202E, the isolates
    U+2066-U+2069, the zero-width space, joiners and word joiner U+200B-U+200D, U+2060, the byte
    order mark U+FEFF, the Mongolian vowel separator U+180E, the soft hyphen U+00AD, the tag
    characters U+E0000-U+E007F... A one-line name never needs them: the page gives each text
    its own direction (``dir``/``<bdi>``), so a mark typed inside it only hides or reorders
    characters. The prepended concatenation marks (U+0600-U+0605, U+06DD, U+070F, U+0890,
    U+0891, U+08E2, U+110BD, U+110CD) are Cf but visible signs, and are kept;
  - the Hangul fillers U+115F, U+1160, U+3164, U+FFA0 (letters that display as nothing, the
    usual trick for a name that looks empty);
  - NUL, every other C0 control and every C1 control (U+0080-U+009F), and lone surrogates
    (which PostgreSQL refuses);
  - then the whitespace: a run of white space (tabs, line ends, line separators, several spaces)
    becomes one space, and the ends are stripped. No-break spaces inside the text (U+00A0,
    U+2007, U+202F: French typography before ":" or "?") are kept.

``clean_multiline`` (``TextField``: an idea's text, a reason, a description) removes only what
  can disguise text: the embeddings and overrides U+202A-U+202E, the isolates U+2066-U+2069,
  the deprecated format controls U+206A-U+206F, the byte order mark U+FEFF, the tag characters
  U+E0000-U+E007F (invisible text) and the other format characters (Cf) not listed below, NUL
  and the C0 controls other than tab, line feed and carriage return, the C1 controls, and lone
  surrogates. It keeps the harmless marks Arabic, Persian and Tifinagh texts legitimately use:
  LRM, RLM and the Arabic letter mark (ALM, U+061C: kept as a decision, not by accident, since
  it is how a writer fixes the direction of numbers and Latin words inside an Arabic
  paragraph), ZWJ and ZWNJ (word shaping in Persian and Urdu, emoji sequences), the zero-width
  space and word joiner (line-break hints) and the soft hyphen (hyphenation hint). None of
  these can reverse or hide text: the marks are strong characters of one direction, not
  overrides, and every text is shown in its own ``dir``. Line ends and spacing are kept as
  typed.
"""

import functools
import re
import unicodedata

from django import forms
from django.db import models

# Format characters (Cf) that are visible signs: kept on a single line too.
_VISIBLE_FORMAT = frozenset(
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)
# Characters of other categories that display as nothing on their own: Hangul fillers,
# the braille blank, the combining grapheme joiner, Khmer inherent vowels, Mongolian free
# variation selectors and the variation selectors (a title made of them looks empty).
_INVISIBLE_LETTERS = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\u180b\u180c\u180d\u180f"
    + "".join(chr(code) for code in range(0xFE00, 0xFE10))
    + "".join(chr(code) for code in range(0xE0100, 0xE01F0))
)
# Kept in bodies: the bidi marks of one direction and the joiners (see the module's docstring).
# The Arabic letter mark is listed explicitly: it is the Arabic writer's own direction mark.
_HARMLESS_IN_BODIES = frozenset(
    "\u200e"  # LEFT-TO-RIGHT MARK
    "\u200f"  # RIGHT-TO-LEFT MARK
    "\u061c"  # ARABIC LETTER MARK
    "\u200c"  # ZERO WIDTH NON-JOINER
    "\u200d"  # ZERO WIDTH JOINER
    "\u200b"  # ZERO WIDTH SPACE
    "\u2060"  # WORD JOINER
    "\u00ad"  # SOFT HYPHEN
)
_BODY_WHITESPACE_CONTROLS = frozenset("\t\n\r")
# No-break spaces kept inside a single line.
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"


def _removed_on_a_single_line(char):
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in _VISIBLE_FORMAT
    return category in ("Cc", "Cs") or char in _INVISIBLE_LETTERS


def _removed_from_bodies(char):
    if char in _HARMLESS_IN_BODIES or char in _BODY_WHITESPACE_CONTROLS:
        return False
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in _VISIBLE_FORMAT
    return category in ("Cc", "Cs")


# Format, control and surrogate code points lie in the Basic Multilingual Plane, the
# Supplementary Multilingual Plane and the Supplementary Special-purpose Plane (tags, variation
# selectors); planes 2-13 hold ideographs or nothing, planes 15-16 private use.
_SCANNED_PLANES = (range(0x0000, 0x20000), range(0xE0000, 0xF0000))


def _character_class(test):
    """A regular expression class of every code point for which ``test`` is true, from the
    ``unicodedata`` of this Python."""
    parts, start, previous = [], None, None
    for code in (code for plane in _SCANNED_PLANES for code in plane):
        if test(chr(code)):
            if start is None or code != previous + 1:
                if start is not None:
                    parts.append((start, previous))
                start = code
            previous = code
    if start is not None:
        parts.append((start, previous))
    return (
        "["
        + "".join(
            re.escape(chr(first))
            if first == last
            else f"{re.escape(chr(first))}-{re.escape(chr(last))}"
            for first, last in parts
        )
        + "]"
    )


@functools.cache
def _patterns():
    """Built on first use (scanning 200,000 code points takes a tenth of a second)."""
    return (
        re.compile(_character_class(_removed_on_a_single_line) + "+"),
        re.compile(_character_class(_removed_from_bodies) + "+"),
    )


_INVISIBLE_LETTER = re.compile("[" + "".join(sorted(_INVISIBLE_LETTERS)) + "]")
# White space other than the kept no-break spaces.
_SPACE_RUN = re.compile(rf"[^\S{_NO_BREAK_SPACES}]+")


def clean_single_line(value):
    """``value`` without invisible, bidi and control characters, its white space collapsed to
    single spaces and stripped at both ends (see the module's docstring). Anything but a
    string is returned as it is."""
    if not isinstance(value, str):
        return value
    # Fast path: printable text (no Cc, Cf, Cs, no white space other than the ASCII space).
    if value.isprintable() and not _INVISIBLE_LETTER.search(value):
        return value.strip() if "  " not in value else _SPACE_RUN.sub(" ", value).strip()
    # White space first: tabs, line ends and U+0085 are controls *and* white space; they
    # separate words, so they become a space rather than vanish.
    value = _SPACE_RUN.sub(" ", value)
    value = _patterns()[0].sub("", value)
    return _SPACE_RUN.sub(" ", value).strip()


def clean_multiline(value):
    """``value`` without the characters that can reverse or hide text, its line ends, spacing
    and harmless marks kept (see the module's docstring). Anything but a string is returned
    as it is."""
    if not isinstance(value, str) or value.isprintable():
        return value
    return _patterns()[1].sub("", value)


def text_cleaner(model_field):
    """The cleaning of a model field's values: ``clean_multiline`` for a ``TextField``,
    ``clean_single_line`` for a ``CharField`` (and its kinds: email, slug, URL), else None."""
    if isinstance(model_field, models.TextField):
        return clean_multiline
    if isinstance(model_field, models.CharField):
        return clean_single_line
    return None


@functools.cache
def _cleaners(model):
    """``{name or attname: cleaner}`` of ``model``'s text columns."""
    cleaners = {}
    for model_field in model._meta.concrete_fields:
        cleaner = text_cleaner(model_field)
        if cleaner is not None:
            cleaners[model_field.name] = cleaners[model_field.attname] = cleaner
    return cleaners


@functools.cache
def _stored_text_fields(model):
    """``(attname, cleaner)`` of the text columns whose value an instance holds itself.

    modeltranslation's untranslated column (``title`` beside ``title_ar``, ``title_fr``...) is
    left out: its descriptor reads and writes the active language's column, which is cleaned
    as a column of its own, and ``title`` is computed from them when the row is saved."""
    from modeltranslation.fields import TranslationFieldDescriptor

    return tuple(
        (model_field.attname, cleaner)
        for model_field in model._meta.concrete_fields
        if (cleaner := text_cleaner(model_field)) is not None
        and not isinstance(model.__dict__.get(model_field.attname), TranslationFieldDescriptor)
    )


def clean_instance_text(sender, instance, update_fields=None, **kwargs):
    """A ``pre_save`` receiver: cleans the text columns of ``instance`` about to be written
    (only ``update_fields`` when given; deferred columns are not loaded, so not touched)."""
    values = instance.__dict__
    for attname, cleaner in _stored_text_fields(sender):
        if update_fields is not None and attname not in update_fields:
            continue
        value = values.get(attname)
        if isinstance(value, str):
            cleaned = cleaner(value)
            if cleaned != value:
                values[attname] = cleaned


def clean_model_values(model, values):
    """``values`` (``{field name or attname: value}`` for ``model``) with the text columns'
    values cleaned, for the writes that send no ``pre_save`` (``bulk_create``, ``bulk_update``,
    COPY). Returns ``values`` itself when nothing changes, else a cleaned copy."""
    cleaners = _cleaners(model)
    cleaned = None
    for name, value in values.items():
        cleaner = cleaners.get(name)
        if cleaner is not None and type(value) is str:
            new_value = cleaner(value)
            if new_value != value:
                if cleaned is None:
                    cleaned = dict(values)
                cleaned[name] = new_value
    return values if cleaned is None else cleaned


def readable(value, cleaner, *, strip=True, empty_value=""):
    """A form's ``value`` cleaned by ``cleaner`` (and stripped), or ``empty_value`` when nothing
    readable is left: marks and joiners alone (kept inside a text) are nothing to read, so a
    field made only of invisible characters fails its required check."""
    value = cleaner(value)
    if strip:
        value = value.strip()
    return value if clean_single_line(value) else empty_value


def cleaned_form_field(form_field, model_field):
    """``form_field`` (a ModelForm's field for ``model_field``) reading its value without the
    characters ``text_cleaner(model_field)`` removes, before the required and length checks:
    in the admin, a title made only of invisible characters is refused as empty instead of
    being stored empty by the ``pre_save`` cleaning. Other fields are returned unchanged."""
    cleaner = text_cleaner(model_field)
    if cleaner is None or not isinstance(form_field, forms.CharField):
        return form_field
    read = form_field.to_python

    def to_python(value):
        value = read(value)
        if not isinstance(value, str):
            return value
        return readable(value, cleaner, strip=form_field.strip, empty_value=form_field.empty_value)

    form_field.to_python = to_python
    return form_field


def clean_stored_rows(model, *, dry_run=False, batch_size=500):
    """Clean the text columns of every stored row of ``model`` (rows written before the
    cleaning existed); returns the number of rows that had something to clean. Each changed
    row is updated column by column with ``QuerySet.update`` (no ``save()``: no signal, no
    history entry, no modification date). Works on historical models in migrations too."""
    columns = [
        (model_field.attname, cleaner)
        for model_field in model._meta.concrete_fields
        if (cleaner := text_cleaner(model_field)) is not None and not model_field.primary_key
    ]
    if not columns:
        return 0
    names = [attname for attname, _cleaner in columns]
    changed = 0
    rows = model._default_manager.order_by("pk").values_list("pk", *names)
    for pk, *values in rows.iterator(chunk_size=batch_size):
        updates = {
            attname: cleaner(value)
            for (attname, cleaner), value in zip(columns, values, strict=True)
            if isinstance(value, str) and cleaner(value) != value
        }
        if updates:
            changed += 1
            if not dry_run:
                model._default_manager.filter(pk=pk).update(**updates)
    return changed
