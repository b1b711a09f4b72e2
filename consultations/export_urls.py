"""The public open-data export of a member's ideas. Include it inside ``i18n_patterns``::

    path("", include("consultations.export_urls")),

which serves ``/<lang>/members/<slug>/ideas/open-data.csv`` and ``.xlsx``.
"""

from django.urls import re_path

from . import exports

app_name = "consultations_exports"

urlpatterns = [
    re_path(
        r"^members/(?P<slug>[-\w]+)/ideas/open-data\.(?P<fmt>csv|xlsx)$",
        exports.open_data_export,
        name="open_data",
    ),
]
