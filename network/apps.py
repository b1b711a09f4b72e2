from django.apps import AppConfig, apps
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _

#: The project's apps whose text columns are cleaned before every save (``ctouvertes.text``).
CLEANED_APPS = ("network", "programmes", "consultations")


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network and members")

    def ready(self):
        from ctouvertes.text import clean_instance_text

        # Every model of the project's apps (their history models too): no text reaches the
        # database with a bidi override, a zero-width character or a control character,
        # whichever form, admin page, import or command wrote it. Bulk writes, which send no
        # signal, clean their values themselves (``ctouvertes.text.clean_model_values``).
        for label in CLEANED_APPS:
            for model in apps.get_app_config(label).get_models():
                pre_save.connect(
                    clean_instance_text,
                    sender=model,
                    dispatch_uid=f"clean_text:{model._meta.label}",
                )
