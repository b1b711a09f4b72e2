"""Write flows of programmes that touch several models. Views, admin actions and commands call
these functions; they validate with ``full_clean`` and run in a transaction."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from modeltranslation.translator import NotRegistered, translator
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from network.models import Principle

from . import workbook
from .models import (
    Activity,
    Axis,
    Indicator,
    IndicatorMeasurement,
    Partner,
    Programme,
    ProgrammeStatus,
    ProgressUpdate,
    Project,
    ProjectPartner,
    ProjectResult,
)


def stored_field_names(model, exclude=()):
    """Concrete field names to copy between instances of ``model``.

    The untranslated column of a translated field (``title`` beside ``title_ar``...) is left
    out: modeltranslation reads and writes it in the active language, so copying it would
    overwrite one language with another's fallback.
    """
    try:
        translated = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        translated = set()
    skipped = {"id", "created_at", "updated_at", *exclude, *translated}
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in skipped and not f.auto_created and not f.primary_key
    ]


def _copy_fields(instance, exclude=()):
    return {
        name: getattr(instance, name)
        for name in stored_field_names(type(instance), exclude=exclude)
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
    for language in settings.MODELTRANSLATION_LANGUAGES:
        setattr(new_programme, f"council_session_{language}", "")
        setattr(new_programme, f"vote_outcome_{language}", "")
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


@dataclass
class ImportReport:
    programme: Programme
    dry_run: bool
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)

    @property
    def row_count(self):
        return sum(self.created.values()) + sum(self.updated.values())


def _apply(target, source, names):
    """Copy ``names`` from ``source`` to ``target``; True when something changed."""
    changed = False
    for name in names:
        value = getattr(source, name)
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed = True
    return changed


def _sync_principles(instance, codes, principles_by_code):
    wanted = {principles_by_code[code] for code in codes}
    if {p.pk for p in instance.principles.all()} != wanted:
        instance.principles.set(wanted)


@transaction.atomic
def import_programme_workbook(file, *, member, dry_run=False, user=None):
    """Create or update ``member``'s programme from a workbook (see ``programmes.workbook``).

    The workbook is the whole programme: axes, projects, activities and indicators are matched
    by their numbers, updated in place (so their history goes on), created when new and deleted
    when absent from the file. A workbook with any invalid row raises ``WorkbookError`` before
    anything is written; ``dry_run`` validates and counts, then rolls everything back.
    """
    parsed = workbook.read_workbook(file, member=member)
    report = _write_workbook(parsed, member=member, user=user)
    report.dry_run = dry_run
    if dry_run:
        transaction.set_rollback(True)
    return report


def _write_workbook(parsed, *, member, user):
    principles_by_code = dict(Principle.objects.values_list("code", "pk"))
    new = parsed.programme
    programme = Programme.objects.filter(
        member=member, first_year=new.first_year, last_year=new.last_year
    ).first()
    report = ImportReport(programme=None, dry_run=False)
    if programme is None:
        programme = new
        programme.save()
        report.created["programme"] += 1
    elif _apply(programme, new, stored_field_names(Programme, exclude=("member_id",))):
        programme.save()
        report.updated["programme"] += 1
    report.programme = programme

    # axes
    axis_names = stored_field_names(Axis, exclude=("programme_id",))
    existing_axes = {axis.number: axis for axis in programme.axes.prefetch_related("principles")}
    axis_by_number = {}
    for parsed_axis in parsed.axes:
        axis = existing_axes.get(parsed_axis.number)
        if axis is None:
            axis = parsed_axis
            axis.programme = programme
            axis.save()
            report.created["axes"] += 1
        elif _apply(axis, parsed_axis, axis_names):
            axis.save()
            report.updated["axes"] += 1
        _sync_principles(axis, parsed_axis.principle_codes, principles_by_code)
        axis_by_number[axis.number] = axis

    # projects
    project_names = stored_field_names(Project, exclude=("programme_id", "axis_id"))
    existing_projects = {
        project.number: project for project in programme.projects.prefetch_related("principles")
    }
    project_by_number = {}
    for parsed_project in parsed.projects:
        axis = axis_by_number.get(parsed_project.axis_number)
        project = existing_projects.get(parsed_project.number)
        if project is None:
            project = parsed_project
            project.programme = programme
            project.axis = axis
            project.save()
            report.created["projects"] += 1
        else:
            changed = _apply(project, parsed_project, project_names)
            if project.axis_id != (axis.pk if axis else None):
                project.axis = axis
                changed = True
            if changed:
                project.save()
                report.updated["projects"] += 1
        _sync_principles(project, parsed_project.principle_codes, principles_by_code)
        project_by_number[project.number] = project
    stale_projects = programme.projects.exclude(pk__in=[p.pk for p in project_by_number.values()])
    report.deleted["projects"] = len(stale_projects)
    for project in stale_projects:
        project.delete()
    stale_axes = programme.axes.exclude(pk__in=[a.pk for a in axis_by_number.values()])
    report.deleted["axes"] = len(stale_axes)
    for axis in stale_axes:
        axis.delete()

    _write_activities(parsed, programme, project_by_number, report, user)
    _write_indicators(parsed, programme, project_by_number, report)

    # expected results and partners: the sheet is the whole list
    ProjectResult.objects.filter(project__programme=programme).delete()
    for link in parsed.results:
        link.project = project_by_number[link.project_number]
    ProjectResult.objects.bulk_create(parsed.results)
    report.created["results"] = len(parsed.results)

    ProjectPartner.objects.filter(project__programme=programme).delete()
    links = []
    for link in parsed.partners:
        link.project = project_by_number[link.project_number]
        link.partner = _find_or_create_partner(member, link.partner_names, link.partner_kind)
        links.append(link)
    ProjectPartner.objects.bulk_create(links)
    report.created["partners"] = len(links)
    return report


def _find_or_create_partner(member, names, kind):
    """A partner is reused when a shared one or one of this member has the same Arabic name."""
    default_language = settings.MODELTRANSLATION_LANGUAGES[0]
    name = names[default_language]
    partner = (
        Partner.objects.usable_by_member_ids([member.pk])
        .filter(**{f"name_{default_language}": name})
        .order_by("member_id")
        .first()
    )
    if partner is None:
        partner = Partner.objects.create(
            member=member, kind=kind, **{f"name_{code}": value for code, value in names.items()}
        )
    return partner


def _write_activities(parsed, programme, project_by_number, report, user):
    names = stored_field_names(Activity, exclude=("project_id",))
    # By project ids (the programme's projects are in hand): uses the project_id index even
    # when the table's statistics are stale, as right after a large import.
    project_ids = [project.pk for project in project_by_number.values()]
    existing = {
        (activity.project_id, activity.number): activity
        for activity in Activity.objects.filter(project_id__in=project_ids)
    }
    to_create, to_update, keep = [], [], set()
    for parsed_activity in parsed.activities:
        project = project_by_number[parsed_activity.project_number]
        activity = existing.get((project.pk, parsed_activity.number))
        if activity is None:
            parsed_activity.project = project
            to_create.append(parsed_activity)
        else:
            keep.add(activity.pk)
            if _apply(activity, parsed_activity, names):
                to_update.append(activity)
    # Stale rows are found here rather than with exclude(pk__in=...): a NOT IN of 10,000 ids
    # takes PostgreSQL seconds.
    stale_ids = [activity.pk for activity in existing.values() if activity.pk not in keep]
    report.deleted["activities"] = len(stale_ids)
    if stale_ids:
        Activity.objects.filter(pk__in=stale_ids).delete()
    if to_create:
        bulk_create_with_history(to_create, Activity, batch_size=500, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update, Activity, fields=names, batch_size=500, default_user=user
        )
    report.created["activities"] = len(to_create)
    report.updated["activities"] = len(to_update)


def _write_indicators(parsed, programme, project_by_number, report):
    names = stored_field_names(Indicator, exclude=("project_id",))
    existing = {
        (indicator.project_id, indicator.kind, indicator.number): indicator
        for indicator in Indicator.objects.filter(project__programme=programme)
    }
    by_key, to_create, to_update = {}, [], []
    for parsed_indicator in parsed.indicators:
        project = project_by_number[parsed_indicator.project_number]
        key = (project.pk, parsed_indicator.kind, parsed_indicator.number)
        indicator = existing.get(key)
        if indicator is None:
            parsed_indicator.project = project
            indicator = parsed_indicator
            to_create.append(indicator)
        elif _apply(indicator, parsed_indicator, names):
            to_update.append(indicator)
        by_key[(parsed_indicator.project_number, indicator.kind, indicator.number)] = indicator
    kept = {i.pk for i in by_key.values() if i.pk}
    stale_ids = [indicator.pk for indicator in existing.values() if indicator.pk not in kept]
    report.deleted["indicators"] = len(stale_ids)
    if stale_ids:
        Indicator.objects.filter(pk__in=stale_ids).delete()
    Indicator.objects.bulk_create(to_create)
    if to_update:
        Indicator.objects.bulk_update(to_update, fields=names)
    report.created["indicators"] = len(to_create)
    report.updated["indicators"] = len(to_update)

    IndicatorMeasurement.objects.filter(indicator__project__programme=programme).delete()
    for measurement in parsed.measurements:
        measurement.indicator = by_key[measurement.indicator_key]
    IndicatorMeasurement.objects.bulk_create(parsed.measurements)
    report.created["measurements"] = len(parsed.measurements)
