"""Public forms of consultations: an idea, an observation on a draft project, and the ideas list's
filters. Forms only tidy input; the services validate the records (``full_clean``)."""

import re
import time

from django import forms
from django.core import signing
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ctouvertes.text import clean_multiline, clean_single_line, readable

from .models import (
    IDEA_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AgeBand,
    Channel,
    Fate,
    Gender,
    ObservationAspect,
    SubmitterKind,
)

#: Name of the field that people never see and robots fill in.
HONEYPOT_FIELD = "website"

PHONE_PATTERN = re.compile(r"^\+?[0-9 ().\-]{6,30}$")

#: Name of the hidden field holding when the form page was served (signed).
FORM_STAMP_FIELD = "form_stamp"
#: Sent sooner than this after the page was served: a robot, not a person typing.
FORM_MIN_FILL_SECONDS = 3
#: A page served longer ago than this is stale: sent again with a new stamp.
FORM_MAX_AGE_SECONDS = 6 * 3600
_FORM_STAMP_SALT = "consultations.forms.form-stamp"
#: Fields never shown back on a page nor given to the services.
UNTYPED_FIELDS = (HONEYPOT_FIELD, FORM_STAMP_FIELD)


def issue_form_stamp():
    """A stamp of the current time, signed with the secret key, for a form page being served."""
    return signing.TimestampSigner(salt=_FORM_STAMP_SALT).sign("form")


def form_stamp_age(stamp):
    """Seconds since ``stamp`` was issued by ``issue_form_stamp``; None when it is missing or
    was not signed here (forged, altered, truncated)."""
    signer = signing.TimestampSigner(salt=_FORM_STAMP_SALT)
    if not isinstance(stamp, str) or len(stamp) > 100:
        return None
    try:
        signer.unsign(stamp)
        issued = signing.b62_decode(stamp.rsplit(signer.sep, 2)[1])
    except (signing.BadSignature, ValueError, IndexError):
        return None
    return time.time() - issued


def is_fresh_form_stamp(stamp):
    age = form_stamp_age(stamp)
    return age is not None and FORM_MIN_FILL_SECONDS <= age <= FORM_MAX_AGE_SECONDS


class HoneypotInput(forms.TextInput):
    """A text input that never shows its value back: a refused robot gets an empty field."""

    def format_value(self, value):
        return None


class FormStampInput(forms.HiddenInput):
    """The form's stamp: a stamp that passed the check is kept (a form refused for a missing
    answer and sent again at once is still a person's); anything else sent (forged, too
    recent, expired) is never shown back but replaced by a new stamp of now."""

    def format_value(self, value):
        return value if is_fresh_form_stamp(value) else issue_form_stamp()


class SingleLineField(forms.CharField):
    """One line of text without invisible, bidi or control characters (``ctouvertes.text``),
    removed before the required and length checks: a title made only of such characters is
    refused as empty, and the page shows again what was typed."""

    def to_python(self, value):
        return readable(super().to_python(value), clean_single_line, empty_value=self.empty_value)


class SingleLineEmailField(forms.EmailField):
    """An email address pasted with an invisible character is read without it."""

    def to_python(self, value):
        return readable(super().to_python(value), clean_single_line, empty_value=self.empty_value)


class MultilineField(forms.CharField):
    """A textarea's text with the browser's CRLF line ends made LF before the length check
    (the browser counts a line end as one character against ``maxlength`` but sends two), and
    without the characters that reverse or hide text (``ctouvertes.text.clean_multiline``):
    a text made only of invisible characters is refused as empty."""

    def to_python(self, value):
        value = super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")
        return readable(value, clean_multiline, strip=self.strip, empty_value=self.empty_value)


class SubmitterForm(forms.Form):
    """What an idea and an observation ask about their author: who they are (required), the
    optional statistics (gender, age band) and contact details, a honeypot field and the stamp
    of when the page was served (a robot sends at once, a person takes a few seconds; a page
    older than ``FORM_MAX_AGE_SECONDS`` is sent again).

    Subclasses declare their own fields and ``field_order`` with theirs first.
    """

    #: Fields answered for the published statistics only.
    STATISTICS_FIELDS = ("gender", "age_band")
    #: Fields used only to follow up the contribution.
    CONTACT_FIELDS = ("name", "email", "phone")

    submitter_kind = forms.ChoiceField(
        label=_("Who are you?"),
        choices=SubmitterKind.choices,
        widget=forms.RadioSelect,
    )
    association_name = SingleLineField(
        label=_("Name of your association"),
        help_text=_("Only if you answer for an association."),
        max_length=200,
        required=False,
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("I prefer not to say")), *Gender.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=[("", _("I prefer not to say")), *AgeBand.choices],
        required=False,
    )
    name = SingleLineField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = SingleLineEmailField(
        label=_("Email"),
        help_text=_(
            "The tracking code is sent to this address as soon as your contribution is stored."
        ),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    phone = SingleLineField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "dir": "ltr"}
        ),
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=HoneypotInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    form_stamp = forms.CharField(required=False, strip=False, widget=FormStampInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_robot = False
        if "body" in self.fields:
            self.fields["body"].help_text = gettext("At most %(count)s characters.") % {
                "count": IDEA_MAX_LENGTH
            }

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                _("Write a phone number with digits only, for example 0612345678.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        stamp_age = form_stamp_age(cleaned.get(FORM_STAMP_FIELD))
        if cleaned.get(HONEYPOT_FIELD) or stamp_age is None or stamp_age < FORM_MIN_FILL_SECONDS:
            # Shown above the form: the fields themselves are hidden from people.
            self.is_robot = True
            self.add_error(
                None,
                _(
                    "Your message looked as if it was sent automatically and was not stored. "
                    "Check it and send it again."
                ),
            )
        elif stamp_age > FORM_MAX_AGE_SECONDS:
            # A page left open for hours (or reopened from the browser's history).
            self.add_error(
                None,
                _(
                    "This page was open for a long time and your message was not stored. "
                    "Check it and send it again."
                ),
            )
        kind = cleaned.get("submitter_kind")
        association_name = (cleaned.get("association_name") or "").strip()
        if kind == SubmitterKind.ASSOCIATION and not association_name:
            self.add_error("association_name", _("Give the name of your association."))
        elif kind and kind != SubmitterKind.ASSOCIATION:
            # Typed before choosing another answer: not the association's, so not kept.
            cleaned["association_name"] = ""
        return cleaned

    def contribution_data(self):
        """The cleaned fields the ``submit_*`` services take (never the honeypot nor the
        stamp)."""
        return {
            name: value for name, value in self.cleaned_data.items() if name not in UNTYPED_FIELDS
        }

    def honeypot_field(self):
        return self[HONEYPOT_FIELD]

    def form_stamp_field(self):
        return self[FORM_STAMP_FIELD]

    def statistics_fields(self):
        return [self[name] for name in self.STATISTICS_FIELDS]

    def contact_fields(self):
        return [self[name] for name in self.CONTACT_FIELDS]


class IdeaForm(SubmitterForm):
    axis = forms.ModelChoiceField(
        label=_("Axis"),
        queryset=None,
        required=False,
        empty_label=_("Another subject"),
    )
    title = SingleLineField(label=_("Title of your idea"), max_length=TITLE_MAX_LENGTH)
    body = MultilineField(
        label=_("Your idea"),
        max_length=IDEA_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    field_order = ["axis", "title", "body"]
    CONTENT_FIELDS = ("axis", "title", "body")

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = programme.axes.order_by("number")
        self.fields["axis"].label_from_instance = lambda axis: f"{axis.number}. {axis.title}"

    def content_fields(self):
        return [self[name] for name in self.CONTENT_FIELDS]


class ObservationForm(SubmitterForm):
    aspect = forms.ChoiceField(
        label=_("Your observation is about"),
        choices=ObservationAspect.choices,
        widget=forms.RadioSelect,
    )
    body = MultilineField(
        label=_("Your observation"),
        max_length=IDEA_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    field_order = ["aspect", "body"]
    CONTENT_FIELDS = ("aspect", "body")

    def content_fields(self):
        return [self[name] for name in self.CONTENT_FIELDS]


class IdeaFilterForm(forms.Form):
    """The ideas list's filters (GET); a value that is not offered is ignored."""

    axis = forms.ModelChoiceField(
        label=_("Axis"), queryset=None, required=False, empty_label=_("All axes")
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *Channel.choices], required=False
    )
    fate = forms.ChoiceField(
        label=_("Fate"), choices=[("", _("All fates")), *Fate.choices], required=False
    )

    def __init__(self, *args, axes, show_period=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = axes
        if show_period:
            self.fields["axis"].label_from_instance = lambda axis: (
                f"{axis.programme.period} — {axis.number}. {axis.title}"
            )
        else:
            self.fields["axis"].label_from_instance = lambda axis: f"{axis.number}. {axis.title}"

    def filters(self):
        """Keyword filters for ``Idea`` from the valid values (invalid ones are dropped)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {}
        for name in ("axis", "channel", "fate"):
            if name in self.errors:
                continue
            if data.get(name):
                filters[name] = data[name]
        return filters
