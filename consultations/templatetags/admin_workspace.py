"""The "Your member" panel of the admin index (``templates/admin/index.html``); the data and the
reasons for this hook are in ``consultations.admin_index``."""

from django import template

from ..admin_index import member_workspaces

register = template.Library()


@register.inclusion_tag("admin/workspace_panel.html", takes_context=True)
def admin_workspace(context):
    return {"workspaces": member_workspaces(context["request"].user)}
