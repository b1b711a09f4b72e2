from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Open-action programmes")

    def ready(self):
        from network.selectors import register_member_section, register_public_count

        from . import documents, selectors

        register_public_count("projects", selectors.count_member_projects)
        register_public_count("axes", selectors.count_member_axes)
        register_member_section(
            "programmes/includes/member_programmes.html",
            lambda member: {"programmes": selectors.member_programmes(member)},
        )
        register_member_section(
            "programmes/includes/member_documents.html", documents.member_documents_section
        )
