from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from network.selectors import (
            register_home_section,
            register_member_section,
            register_public_count,
        )

        from . import selectors, views

        register_public_count("ideas", selectors.member_idea_counts)
        register_member_section(
            "consultations/includes/member_consultation.html", views.member_section
        )
        register_home_section("consultations/includes/network_figures.html", views.home_section)
