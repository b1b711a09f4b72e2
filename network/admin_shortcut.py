"""The admin's "view on site" shortcut, scoped like every other admin page.

Django's own ``/admin/r/<content_type_id>/<object_id>/`` redirects any logged-in staff user to
the ``get_absolute_url()`` of *any* object, whatever the admin of its model says. For an idea or
an observation that URL is its tracking page, whose code is the submitter's receipt: a focal
point of one member could read another member's pending ideas through it.

This view answers 404, as every scoped admin page does, unless the object's model is
registered in the admin site, that admin offers "view on site", and the user may view this very
object there (the admin's scoped ``get_object()`` and ``has_view_permission(request, obj)``, so
``network.permissions`` decides). ``ctouvertes/urls.py`` routes the shortcut here, before the
admin's own URLs.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _


def scoped_object(request, content_type_id, object_id, site=admin.site):
    """The object behind the shortcut and its ModelAdmin, or Http404 when the user may not
    view it in ``site``."""
    not_found = Http404(_("No such object, or not one you may see."))
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist:
        raise not_found from None
    model_admin = site._registry.get(content_type.model_class())
    if model_admin is None or not model_admin.view_on_site:
        raise not_found
    # get_object() reads the admin's (scoped) get_queryset(); scoped admins raise Http404.
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        raise not_found
    return obj, model_admin


def view_on_site(request, content_type_id, object_id):
    obj, model_admin = scoped_object(request, content_type_id, object_id)
    if callable(model_admin.view_on_site):
        return HttpResponseRedirect(model_admin.view_on_site(obj))
    return shortcut(request, content_type_id, object_id)


#: Wrapped like the admin's own views: staff login required, never cached.
scoped_view_on_site = admin.site.admin_view(view_on_site)
