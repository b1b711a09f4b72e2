from modeltranslation.translator import TranslationOptions, register

from .models import CharterItem, ExpectedResult, Member, Principle


@register(Member)
class MemberTranslationOptions(TranslationOptions):
    fields = ("name", "responsible_body", "focal_point_function")
    required_languages = ("ar",)


@register(Principle)
class PrincipleTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)


@register(ExpectedResult)
class ExpectedResultTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("ar",)


@register(CharterItem)
class CharterItemTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("ar",)
