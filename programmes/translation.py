from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import (
    Activity,
    Axis,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Indicator,
    Partner,
    Programme,
    ProgrammePartner,
    Project,
    ProjectPartner,
    ProjectResult,
)


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "council_session",
        "vote_outcome",
        "strengths",
        "weaknesses",
        "opportunities",
        "threats",
    )
    required_languages = ("ar",)


@register(Axis)
class AxisTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("ar",)


@register(Partner)
class PartnerTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("ar",)


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "problems",
        "causes",
        "consequences",
        "solution",
        "objectives",
        "funding_details",
        "duration",
        "evaluation",
        "smart_comment",
    )
    required_languages = ("ar",)


@register(ProjectPartner)
class ProjectPartnerTranslationOptions(TranslationOptions):
    fields = ("contribution",)


@register(ProgrammePartner)
class ProgrammePartnerTranslationOptions(TranslationOptions):
    fields = ("role",)


@register(ProjectResult)
class ProjectResultTranslationOptions(TranslationOptions):
    fields = ("contribution",)


@register(Indicator)
class IndicatorTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ("ar",)


@register(Activity)
class ActivityTranslationOptions(TranslationOptions):
    fields = ("title", "partners_note", "cost_note", "funding", "responsible_service")
    required_languages = ("ar",)


@register(Committee)
class CommitteeTranslationOptions(TranslationOptions):
    fields = ("name", "mandate", "composition")
    required_languages = ("ar",)


@register(CommitteeMember)
class CommitteeMemberTranslationOptions(TranslationOptions):
    fields = ("function",)


@register(CommitteeMeeting)
class CommitteeMeetingTranslationOptions(TranslationOptions):
    fields = ("place", "agenda", "minutes", "decisions")


# The audit trail is registered here, after the translated columns exist, so that the history
# keeps every language (registering in models.py would record the Arabic column only).
for audited_model in (Programme, Axis, Project, Activity):
    register_history(audited_model, app="programmes")
