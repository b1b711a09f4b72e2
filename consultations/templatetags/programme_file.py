"""``{% load programme_file %}``: what the programme's change page offers about its workbook."""

from django import template

from network import permissions

register = template.Library()


@register.filter
def may_import_into(user, programme):
    """True when ``user`` may import a workbook into ``programme`` (changes its member's data)."""
    return permissions.can_edit_member(user, programme.member_id)
