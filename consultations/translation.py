from modeltranslation.translator import TranslationOptions, register

from .models import Event, Idea, Observation, Station


@register(Station)
class StationTranslationOptions(TranslationOptions):
    fields = ("title", "description", "place")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "place", "agenda", "minutes")
    required_languages = ("ar",)


@register(Idea)
class IdeaTranslationOptions(TranslationOptions):
    # The citizen's own words are not translated; the committee's public answer is.
    fields = ("fate_reason",)


@register(Observation)
class ObservationTranslationOptions(TranslationOptions):
    fields = ("answer",)
