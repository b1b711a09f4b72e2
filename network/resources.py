"""Spreadsheet columns of the member list (django-import-export), for the admin and the
``load_members`` command alike. Rows are matched by ``slug``: importing again updates the member
in place (a row that changes nothing is skipped, not written again).

Every row must give ``joined_on``: the public pages show only members that joined the network
(``MemberQuerySet.in_network``), so a member stored without a join date would be imported and
then answer 404 everywhere. Such a row is refused (an error of its ``joined_on`` cell); a
collectivity recorded only as the parent of a member is created in the admin, not imported.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from ctouvertes.spreadsheets import NeutralisingResourceMixin

from .models import Member

COLUMNS = (
    "kind",
    "slug",
    "name_ar",
    "name_fr",
    "name_zgh",
    "region",
    "parent",
    "joined_on",
    "cohort",
    "website",
    "email",
    "phone",
    "responsible_body_ar",
    "focal_point_name",
    "focal_point_function_ar",
    "focal_point_email",
    "focal_point_phone",
    "publish_focal_point_email",
    "publish_focal_point_phone",
    "source_note",
)


class MemberBySlugWidget(widgets.ForeignKeyWidget):
    """A member named by its slug; an unknown slug is an error on that cell, not on the row."""

    def __init__(self):
        super().__init__(Member, field="slug")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except Member.DoesNotExist:
            raise ValueError(
                _(
                    "No member has the slug “%(slug)s” (it must appear on an earlier row or "
                    "already exist)."
                )
                % {"slug": value}
            ) from None


class MemberResource(NeutralisingResourceMixin, resources.ModelResource):
    """Exported texts a spreadsheet would run as formulas get a leading ``'`` (removed again on
    import)."""

    region = fields.Field(attribute="region", column_name="region", widget=MemberBySlugWidget())
    parent = fields.Field(attribute="parent", column_name="parent", widget=MemberBySlugWidget())

    class Meta:
        model = Member
        fields = COLUMNS
        export_order = COLUMNS
        import_id_fields = ("slug",)
        # Run Member.full_clean() on every row: kinds, slugs, URLs and the hierarchy rules.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import_row(self, row, **kwargs):
        # Spreadsheets keep stray spaces around slugs and kinds.
        for column in ("slug", "kind"):
            if isinstance(row.get(column), str):
                row[column] = row[column].strip()

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A row without a join date is refused even when it changes nothing.
        if instance.joined_on is None:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Run ``full_clean()``; on a cell that could not be read (an unknown slug), report
        that error only, not what ``clean()`` then says about the empty value. A member without
        a join date is an error of its ``joined_on`` cell."""
        # Copied first: the parent class extends these lists in place.
        cell_errors = {
            name: list(errors) if isinstance(errors, list) else [errors]
            for name, errors in (import_validation_errors or {}).items()
        }
        if instance.joined_on is None and "joined_on" not in cell_errors:
            cell_errors["joined_on"] = [
                _(
                    "Enter the date the member joined the network (YYYY-MM-DD): without it the "
                    "member has no public page."
                )
            ]
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError({**error.error_dict, **cell_errors}) from None
        if cell_errors:
            raise ValidationError(cell_errors)
