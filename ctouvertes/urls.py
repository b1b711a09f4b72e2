from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from network.admin_shortcut import scoped_view_on_site

# Server errors: a page in the language of the URL, rendered without the database.
handler500 = "ctouvertes.views.server_error"

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    # The whole programme file's import and export pages, beside the programme admin's.
    path("admin/programmes/programme/", include("consultations.admin_programme_file")),
    # The admin's "view on site" shortcut, scoped to what the user may view (before the admin's).
    path("admin/r/<int:content_type_id>/<path:object_id>/", scoped_view_on_site),
    path("admin/", admin.site.urls),
    path("", include("network.urls")),
    path("", include("programmes.urls")),
    path("", include("consultations.urls")),
    path("", include("consultations.export_urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
