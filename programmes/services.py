"""Write flows of programmes that touch several models. Views, admin actions and commands call
these functions; they validate with ``full_clean`` and run in a transaction."""

import datetime

from django.db import transaction

from .models import (
    Activity,
    Axis,
    Indicator,
    Programme,
    ProgrammeStatus,
    ProgressUpdate,
    Project,
    ProjectPartner,
    ProjectResult,
)


def _copy_fields(instance, exclude=()):
    skipped = {"id", "pk", *exclude}
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in skipped and not f.auto_created
    }


@transaction.atomic
def duplicate_programme(programme, *, first_year=None, last_year=None):
    """Copy a programme to a new period as a draft: axes, projects, activities, indicators,
    partners and expected results; progress, dates and measurements start afresh."""
    length = programme.last_year - programme.first_year
    first_year = first_year if first_year is not None else programme.last_year + 1
    last_year = last_year if last_year is not None else first_year + length
    new_programme = Programme(
        **_copy_fields(
            programme,
            exclude=(
                "first_year",
                "last_year",
                "status",
                "adopted_on",
                "consultation_started_on",
                "implementation_started_on",
                "evaluated_on",
                "decision_reference",
                "created_at",
                "updated_at",
            ),
        ),
        first_year=first_year,
        last_year=last_year,
        status=ProgrammeStatus.DRAFT,
    )
    for language_field in ("council_session", "vote_outcome"):
        for attname in list(vars(new_programme)):
            if attname == language_field or attname.startswith(language_field + "_"):
                setattr(new_programme, attname, "")
    new_programme.full_clean()
    new_programme.save()

    axis_map = {}
    for axis in programme.axes.prefetch_related("principles"):
        new_axis = Axis.objects.create(
            **_copy_fields(axis, exclude=("programme_id",)), programme=new_programme
        )
        new_axis.principles.set(axis.principles.all())
        axis_map[axis.pk] = new_axis.pk

    projects = programme.projects.prefetch_related(
        "principles", "project_partners", "project_results", "indicators", "activities__partners"
    )
    for project in projects:
        new_project = Project.objects.create(
            **_copy_fields(
                project, exclude=("programme_id", "axis_id", "created_at", "updated_at")
            ),
            programme=new_programme,
            axis_id=axis_map.get(project.axis_id),
        )
        new_project.principles.set(project.principles.all())
        ProjectPartner.objects.bulk_create(
            ProjectPartner(**_copy_fields(link, exclude=("project_id",)), project=new_project)
            for link in project.project_partners.all()
        )
        ProjectResult.objects.bulk_create(
            ProjectResult(**_copy_fields(link, exclude=("project_id",)), project=new_project)
            for link in project.project_results.all()
        )
        Indicator.objects.bulk_create(
            Indicator(**_copy_fields(indicator, exclude=("project_id",)), project=new_project)
            for indicator in project.indicators.all()
        )
        for activity in project.activities.all():
            new_activity = Activity.objects.create(
                **_copy_fields(
                    activity,
                    exclude=(
                        "project_id",
                        "start_date",
                        "end_date",
                        "status",
                        "progress",
                        "created_at",
                        "updated_at",
                    ),
                ),
                project=new_project,
            )
            new_activity.partners.set(activity.partners.all())
    return new_programme


@transaction.atomic
def record_progress(activity, *, progress, status, comment="", user=None, reported_on=None):
    """Store a dated progress report and update the activity's current progress and status."""
    update = ProgressUpdate(
        activity=activity,
        progress=progress,
        status=status,
        comment=comment,
        author=user,
        reported_on=reported_on or datetime.date.today(),
    )
    update.full_clean()
    update.save()
    activity.progress = progress
    activity.status = status
    activity.full_clean()
    activity.save(update_fields=["progress", "status", "updated_at"])
    return update
