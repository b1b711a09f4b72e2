"""Write flows of programmes that touch several models. Views, admin actions and commands call
these functions; they validate with ``full_clean`` and run in a transaction."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import get_language, gettext
from modeltranslation import fields as translation_fields
from modeltranslation import utils as translation_utils
from modeltranslation.translator import NotRegistered, translator
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_change_reason_from_object,
    get_history_manager_for_model,
)

from ctouvertes.text import clean_model_values, clean_single_line
from network.models import Principle

from . import workbook
from .models import (
    Activity,
    Axis,
    Committee,
    CommitteeMember,
    Indicator,
    IndicatorMeasurement,
    Partner,
    Programme,
    ProgrammePartner,
    ProgrammeStatus,
    ProgressUpdate,
    Project,
    ProjectPartner,
    ProjectResult,
)
from .workbook_labels import sheet_label


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


# --- the programme file (``programmes.workbook``) --------------------------------------------


@dataclass
class ImportReport:
    """What an import did, per sheet: rows created, updated in place and deleted."""

    programme: Programme | None = None
    dry_run: bool = False
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    #: Located problems that did not refuse the file (a formula imported as its text).
    warnings: list = field(default_factory=list)

    @property
    def row_count(self):
        return sum(self.created.values()) + sum(self.updated.values())

    @property
    def changed(self):
        return any(counter.total() for counter in (self.created, self.updated, self.deleted))

    def summary(self):
        """The report in a sentence, in the active language: "nothing changed" or the rows
        created, updated and deleted per sheet (named in that language, French for Tamazight)."""
        if not self.changed:
            return gettext("nothing changed")
        parts = []
        for label, counter in (
            (gettext("created: %(rows)s"), self.created),
            (gettext("updated: %(rows)s"), self.updated),
            (gettext("deleted: %(rows)s"), self.deleted),
        ):
            rows = ", ".join(
                f"{count} {sheet_label(sheet, get_language())}"
                for sheet, count in counter.items()
                if count
            )
            if rows:
                parts.append(label % {"rows": rows})
        return "; ".join(parts)


def same(stored, new):
    """True when a stored value equals the file's; an empty text and NULL are the same."""
    return stored == new or (stored in (None, "") and new in (None, ""))


@dataclass
class Synced:
    """The rows of a sheet once stored: key → instance, and the keys created and updated."""

    rows: dict = field(default_factory=dict)
    created: set = field(default_factory=set)
    updated: set = field(default_factory=set)


def sync_rows(
    model,
    existing,
    items,
    *,
    report,
    sheet,
    mode="bulk",
    user=None,
    parent_fields=None,
    copy_key=None,
):
    """Store the file's rows of one sheet against the stored ones.

    ``existing``: ``(key, instance)`` pairs of the stored rows; ``items``: ``(key, fields)`` of
    the file's rows. A stored row with the key of a file row is updated in place when a value
    differs (its id, and its history, go on), a file row without a stored one is created, and a
    stored row the file no longer has is deleted. ``mode``: ``bulk`` (bulk queries),
    ``bulk_history`` (bulk queries that record the audit trail) or ``save`` (one ``save()`` per
    row, for the few rows whose history and relations matter). Returns key → instance.

    Text values are cleaned here (``ctouvertes.text``) as ``pre_save`` cleans a saved row: the
    bulk writes and COPY send no signal.
    """
    stored = {}
    for key, instance in existing:
        stored.setdefault(key, instance)
    to_create, to_update, names = [], [], set()
    synced = Synced()
    for key, fields in items:
        fields = clean_model_values(model, {**(parent_fields or {}), **fields})
        instance = stored.get(key)
        if instance is None:
            instance = model(**fields) if mode == "save" else new_instance(model, fields)
            to_create.append(instance)
            synced.created.add(key)
        else:
            changed = [n for n, value in fields.items() if not same(getattr(instance, n), value)]
            for name in changed:
                setattr(instance, name, fields[name])
            if changed:
                to_update.append(instance)
                synced.updated.add(key)
                names.update(changed)
        synced.rows[key] = instance
    kept = {id(instance) for instance in synced.rows.values()}
    stale = [instance for _key, instance in existing if id(instance) not in kept]
    _delete(model, stale, mode)
    _store(model, to_create, to_update, sorted(names), mode, user, copy_key)
    report.created[sheet] += len(to_create)
    report.updated[sheet] += len(to_update)
    report.deleted[sheet] += len(stale)
    return synced


_TEMPLATES = {}


def new_instance(model, fields):
    """``model(**fields)`` for many rows: the first instance of each set of field names is
    built by the model, the others are copies of it with their own values (the model's and
    modeltranslation's constructors cost more than the rest of a bulk insert). Falls back to
    the constructor where a field left to its default has a callable default."""
    names = frozenset(fields)
    key = (model, names)
    template = _TEMPLATES.get(key)
    if template is None:
        instance = model(**fields)
        if any(
            f.has_default()
            and callable(f.default)
            and f.attname not in names
            and f.name not in names
            for f in model._meta.concrete_fields
        ) or any(name not in instance.__dict__ for name in names):
            _TEMPLATES[key] = False
        else:
            _TEMPLATES[key] = {
                name: value for name, value in instance.__dict__.items() if name != "_state"
            }
        return instance
    if template is False:
        return model(**fields)
    instance = model.__new__(model)
    instance.__dict__.update(template)
    instance.__dict__.update(fields)
    instance._state = ModelState()
    return instance


def keep_stored_positions(existing, items):
    """Rows are ordered by their ``position``, which follows the file's order; when the file
    lists the stored rows in their stored order, their stored positions stay as they are (an
    unchanged file changes nothing, even where positions were never numbered 1, 2, 3)."""
    if [key for key, _instance in existing] != [key for key, _fields in items]:
        return items
    return [
        (key, {name: value for name, value in fields.items() if name != "position"})
        for key, fields in items
    ]


def _delete(model, stale, mode):
    if mode == "save":
        for instance in stale:
            instance.delete()  # one by one: the audit trail records each deletion
    elif stale:
        # By ids in hand rather than exclude(pk__in=...): a NOT IN of 10,000 ids takes
        # PostgreSQL seconds.
        model.objects.filter(pk__in=[instance.pk for instance in stale]).delete()


def _store(model, to_create, to_update, names, mode, user, copy_key=None):
    if mode == "save":
        for instance in (*to_create, *to_update):
            instance.save()
    elif mode == "bulk_history":
        if to_create and not (
            copy_key and copy_create_with_history(to_create, model, copy_key, default_user=user)
        ):
            bulk_create_with_history(to_create, model, batch_size=500, default_user=user)
        if to_update:
            bulk_update_with_history(
                to_update, model, fields=names, batch_size=500, default_user=user
            )
    else:
        model.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            model.objects.bulk_update(to_update, fields=names, batch_size=500)


# PostgreSQL's COPY for the new rows of a large sheet and their history rows: the same values as
# ``bulk_create_with_history`` (Django's ``pre_save`` and ``get_db_prep_save`` per column, the
# history columns of simple-history's ``bulk_history_create``), without Django's insert
# compiler and psycopg's Python adaptation of array parameters, which cost ~3/4 of a 10,000-row
# create. False: always the ORM (the tests compare both).
COPY_NEW_ROWS = True

# Field types whose ``pre_save``/``get_db_prep_save`` this path reproduces; another type in a
# model (a future field) sends its rows through the ORM.
_COPY_FIELD_TYPES = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DecimalField,
    models.DateField,
    models.BooleanField,
    models.ForeignKey,
)


def _copyable_fields(model):
    """The concrete fields COPY writes for new rows of ``model`` (its auto primary key left to
    the database), or None when one of them is not one this path handles."""
    fields = []
    for f in model._meta.concrete_fields:
        if f.primary_key and isinstance(f, models.AutoField | models.BigAutoField):
            continue
        if (
            not isinstance(f, _COPY_FIELD_TYPES)
            or f.primary_key
            or f.generated
            or f.has_db_default()
            or (
                isinstance(f, models.ForeignKey)
                and not isinstance(f.target_field, _COPY_FIELD_TYPES)
            )
        ):
            return None
        fields.append(f)
    return fields


def _pre_save_getter(model, f, now):
    """``f.pre_save(instance, add=True)`` for a batch: the auto-now dates of the batch share one
    stamp, as they would within a second through the ORM."""
    if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add):
        value = now if isinstance(f, models.DateTimeField) else timezone.localdate(now)

        def get(instance):
            setattr(instance, f.attname, value)
            return value

        return get
    if isinstance(f, models.DateField) or type(f).pre_save is models.Field.pre_save:
        attname = f.attname
        return _translated_getter(model.__dict__.get(attname)) or (
            lambda instance: getattr(instance, attname)
        )
    return lambda instance: f.pre_save(instance, True)


def _translated_getter(descriptor):
    """modeltranslation's read of an untranslated column (the active language's value, else the
    fallback languages', else the default) with the language resolved once for the batch; None
    where the descriptor is not modeltranslation's own."""
    descriptor_class = translation_fields.TranslationFieldDescriptor
    if (
        type(descriptor) is not descriptor_class
        or isinstance(descriptor.field, models.FileField)
        or (descriptor.field.has_default() and callable(descriptor.field.default))
    ):
        return None
    none = translation_fields.NONE
    field = descriptor.field
    undefined = descriptor.fallback_undefined
    default = field.get_default()
    if undefined is none:
        undefined = default
    languages = translation_utils.resolution_order(
        translation_utils.get_language(), descriptor.fallback_languages
    )
    names = [translation_utils.build_localized_fieldname(field.name, lang) for lang in languages]
    if translation_utils.fallbacks_enabled() and descriptor.fallback_value is not none:
        default = descriptor.fallback_value

    def get(instance):
        for name in names:
            value = getattr(instance, name, None)
            if value is not None and value != undefined:
                return value
        return default

    return get


def _db_values(fields, rows):
    """``get_db_prep_save`` of each value, column by column (a column repeats few values: each
    distinct value is prepared once)."""
    columns = []
    for f, values in zip(fields, zip(*rows, strict=True), strict=True):
        cache = {}
        prepared = []
        for value in values:
            if hasattr(value, "resolve_expression"):
                raise _NotCopyable
            try:
                key = (type(value), value)
                db_value = cache[key]
            except KeyError:
                db_value = cache[key] = f.get_db_prep_save(value, connection)
            except TypeError:  # unhashable
                db_value = f.get_db_prep_save(value, connection)
            prepared.append(db_value)
        columns.append(prepared)
    return zip(*columns, strict=True)


class _NotCopyable(Exception):
    pass


def _copy(model, fields, rows):
    quote = connection.ops.quote_name
    statement = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


def copy_create_with_history(objs, model, key, *, default_user=None):
    """``bulk_create_with_history(objs, model, default_user=...)`` with PostgreSQL's COPY: the
    rows, their ids read back by ``key`` (field names unique together), then their history rows.
    Returns False, having written nothing, where this path does not apply (another database, a
    field type or value it does not handle): the caller then uses the ORM."""
    if not COPY_NEW_ROWS or connection.vendor != "postgresql":
        return False
    history = get_history_manager_for_model(model)
    historical = history.model
    fields = _copyable_fields(model)
    history_fields = _copyable_fields(historical)
    if (
        fields is None
        or history_fields is None
        or hasattr(historical, "history_relation")
        or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        or any(obj._is_pk_set() for obj in objs)
    ):
        return False
    now = timezone.now()
    history_columns = _history_columns(historical, history_fields, fields)
    if history_columns is None:
        return False
    users = [
        getattr(obj, "_history_user", default_user or historical.get_default_history_user(obj))
        for obj in objs
    ]
    user_model = historical._meta.get_field("history_user").related_model
    if any(user is not None and not isinstance(user, user_model) for user in users):
        return False
    # Everything that could send the rows to the ORM is checked before anything is written.
    getters = [_pre_save_getter(model, f, now) for f in fields]
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
    values = [[get(obj) for get in getters] for obj in objs]
    try:
        rows = list(_db_values(fields, values))
    except _NotCopyable:
        return False
    with transaction.atomic(savepoint=False):
        _copy(model, fields, rows)
        _read_back_ids(objs, model, key)
        history_rows = [
            [column(obj, row, user, now) for column in history_columns]
            for obj, row, user in zip(objs, values, users, strict=True)
        ]
        _copy(historical, history_fields, _db_values(history_fields, history_rows))
    return True


def _history_columns(historical, fields, model_fields):
    """Per column of the history table, the value simple-history's ``bulk_history_create``
    gives a new row (``history_type`` "+", no change reason unless the instance has one) as a
    function of (instance, its values as written, history user, date); None for a column this
    path does not know. A tracked column takes the value written in the row (the same read of
    the instance, once)."""
    tracked = {f.attname for f in historical.tracked_fields}
    written = {f.attname: index for index, f in enumerate(model_fields)}
    columns = []
    for f in fields:
        if f.attname in written and f.attname in tracked:
            columns.append(lambda _obj, row, _user, _now, index=written[f.attname]: row[index])
        elif f.attname in tracked:
            columns.append(lambda obj, _row, _user, _now, attname=f.attname: getattr(obj, attname))
        elif f.name == "history_date":
            columns.append(lambda obj, _row, _user, now: getattr(obj, "_history_date", now))
        elif f.name == "history_type":
            columns.append(lambda _obj, _row, _user, _now: "+")
        elif f.name == "history_change_reason":
            columns.append(
                lambda obj, _row, _user, _now: get_change_reason_from_object(obj) or None
            )
        elif f.name == "history_user" and isinstance(f, models.ForeignKey):
            columns.append(
                lambda _obj, _row, user, _now, attname=f.target_field.attname: (
                    None if user is None else getattr(user, attname)
                )
            )
        else:
            return None
    return columns


def _read_back_ids(objs, model, key):
    """Set the ids the database gave the copied rows, read by their unique ``key`` (as
    ``bulk_create`` sets them)."""
    first, *others = key
    ids = {
        tuple(values): pk
        for pk, *values in model._default_manager.filter(
            **{f"{first}__in": {getattr(obj, first) for obj in objs}}
        )
        .order_by()
        .values_list("pk", first, *others)
    }
    db = connection.alias
    for obj in objs:
        obj.pk = ids[tuple(getattr(obj, name) for name in key)]
        obj._state.adding = False
        obj._state.db = db


def _sync_principles(instance, codes, principles_by_code):
    wanted = {principles_by_code[code] for code in codes}
    if {p.pk for p in instance.principles.all()} != wanted:
        instance.principles.set(wanted)
        return True
    return False


@transaction.atomic
def import_programme_workbook(file, *, member, dry_run=False, user=None):
    """Create or update ``member``'s programme from the programme's sheets of a file (see
    ``programmes.workbook``; the whole file, with the co-creation's sheets, is imported by
    ``consultations.programme_file.import_programme_file``).

    Rows are matched with the stored ones by their keys (numbers, codes, partner names),
    updated in place when they differ, created when new and deleted when absent from a sheet of
    the file; an unchanged file changes nothing. A file with any invalid row raises
    ``WorkbookError`` before anything is written; ``dry_run`` validates and counts, then rolls
    everything back.
    """
    parsed = workbook.read_workbook(file, member=member)
    report = write_programme(parsed, member=member, user=user)
    report.dry_run = dry_run
    report.warnings = parsed.warnings
    if dry_run:
        transaction.set_rollback(True)
    return report


def write_programme(parsed, *, member, user=None, report=None):
    """Store a valid ``ParsedProgramme`` (inside the caller's transaction); returns the
    report, whose ``programme`` is the stored programme."""
    report = report or ImportReport()
    programme = _write_programme_row(parsed.programme, member, report)
    report.programme = programme
    principles = dict(Principle.objects.values_list("code", "pk"))
    axes = _write_axes(parsed.axes, programme, principles, report)
    projects = _write_projects(parsed.projects, programme, axes, principles, report)
    project_ids = {number: project.pk for (number,), project in projects.items()}
    _write_activities(parsed.activities, project_ids, report, user)
    if parsed.indicators is not None:
        _write_indicators(parsed.indicators, programme, project_ids, report)
    if parsed.measurements is not None:
        _write_measurements(parsed.measurements, programme, report)
    if parsed.results is not None:
        _write_results(parsed.results, programme, project_ids, report)
    partners = PartnerFinder(member)
    if parsed.partners is not None:
        _write_project_partners(parsed.partners, programme, project_ids, partners, report)
    if parsed.programme_partners is not None:
        _write_programme_partners(parsed.programme_partners, programme, partners, report)
    if parsed.committee is not None:
        committee = _write_committee(parsed.committee, programme, report)
        if committee is not None and parsed.committee_members is not None:
            _write_committee_members(parsed.committee_members, committee, report)
    return report


def _write_programme_row(record, member, report):
    programme = Programme.objects.filter(
        member=member, first_year=record.fields["first_year"], last_year=record.fields["last_year"]
    ).first()
    existing = [(record.key, programme)] if programme else []
    synced = sync_rows(
        Programme,
        existing,
        [(record.key, record.fields)],
        report=report,
        sheet="programme",
        mode="save",
        parent_fields={"member_id": member.pk},
    )
    return synced.rows[record.key]


def _write_axes(records, programme, principles, report):
    synced = sync_rows(
        Axis,
        [((axis.number,), axis) for axis in programme.axes.prefetch_related("principles")],
        [(record.key, record.fields) for record in records],
        report=report,
        sheet="axes",
        mode="save",
        parent_fields={"programme_id": programme.pk},
    )
    _write_principles(records, synced, principles, report, "axes")
    return synced.rows


def _write_principles(records, synced, principles, report, sheet):
    """The principles of each row; a stored row whose principles alone changed is updated."""
    for record in records:
        instance = synced.rows[record.key]
        changed = _sync_principles(instance, record.links["principles"], principles)
        if changed and record.key not in synced.created | synced.updated:
            report.updated[sheet] += 1


def _write_projects(records, programme, axes, principles, report):
    items = []
    for record in records:
        axis = axes.get((record.links["axis_number"],))
        items.append((record.key, {**record.fields, "axis_id": axis.pk if axis else None}))
    synced = sync_rows(
        Project,
        [((p.number,), p) for p in programme.projects.prefetch_related("principles")],
        items,
        report=report,
        sheet="projects",
        mode="bulk_history",
        parent_fields={"programme_id": programme.pk},
    )
    _write_principles(records, synced, principles, report, "projects")
    return synced.rows


def _write_activities(records, project_ids, report, user):
    # By project ids (the programme's projects are in hand): uses the project_id index even
    # when the table's statistics are stale, as right after a large import.
    numbers = {pk: number for number, pk in project_ids.items()}
    items = [
        (
            record.key,
            clean_model_values(
                Activity, {**record.fields, "project_id": project_ids[record.key[0]]}
            ),
        )
        for record in records
    ]
    # The stored values (cleaned when written) are compared first (plain tuples, no instance
    # per row): only the rows that differ or go are loaded as instances, so an unchanged file
    # builds none.
    names = sorted({"project_id", "number", *(name for _key, fields in items for name in fields)})
    stored = {}
    for pk, *values in Activity.objects.filter(project_id__in=list(numbers)).values_list(
        "pk", *names
    ):
        values = dict(zip(names, values, strict=True))
        stored.setdefault((numbers[values["project_id"]], values["number"]), (pk, values))
    wanted, changed_pks = [], set()
    for key, fields in items:
        row = stored.get(key)
        if row is None:
            wanted.append((key, fields))
        elif not all(same(row[1][name], value) for name, value in fields.items()):
            wanted.append((key, fields))
            changed_pks.add(row[0])
    kept = {key for key, _fields in items}
    changed_pks.update(pk for key, (pk, _values) in stored.items() if key not in kept)
    existing = (
        [
            ((numbers[activity.project_id], activity.number), activity)
            for activity in Activity.objects.filter(pk__in=sorted(changed_pks))
        ]
        if changed_pks
        else []
    )
    sync_rows(
        Activity,
        existing,
        wanted,
        report=report,
        sheet="activities",
        mode="bulk_history",
        user=user,
        copy_key=("project_id", "number"),
    )


def _write_indicators(records, programme, project_ids, report):
    existing = [
        ((indicator.project.number, indicator.kind, indicator.number), indicator)
        for indicator in Indicator.objects.filter(project__programme=programme).select_related(
            "project"
        )
    ]
    items = [
        (record.key, {**record.fields, "project_id": project_ids[record.key[0]]})
        for record in records
    ]
    sync_rows(Indicator, existing, items, report=report, sheet="indicators")


def _write_measurements(records, programme, report):
    indicators = {
        (indicator.project.number, indicator.kind, indicator.number): indicator.pk
        for indicator in Indicator.objects.filter(project__programme=programme).select_related(
            "project"
        )
    }
    occurrences = Counter()
    existing = []
    measurements = IndicatorMeasurement.objects.filter(
        indicator__project__programme=programme
    ).select_related("indicator__project")
    for measurement in measurements.order_by("indicator_id", "measured_on", "pk"):
        indicator = measurement.indicator
        occurrence = (
            indicator.project.number,
            indicator.kind,
            indicator.number,
            measurement.measured_on,
        )
        occurrences[occurrence] += 1
        existing.append(((*occurrence, occurrences[occurrence]), measurement))
    items = [
        (record.key, {**record.fields, "indicator_id": indicators[record.links["indicator"]]})
        for record in records
    ]
    sync_rows(IndicatorMeasurement, existing, items, report=report, sheet="measurements")


def _write_results(records, programme, project_ids, report):
    links = ProjectResult.objects.filter(project__programme=programme).select_related("project")
    existing = [((link.project.number, link.result_id), link) for link in links]
    items = [
        (
            record.key,
            {
                **record.fields,
                "project_id": project_ids[record.key[0]],
                "result_id": record.links["result_id"],
            },
        )
        for record in records
    ]
    sync_rows(ProjectResult, existing, items, report=report, sheet="results")


class PartnerFinder:
    """Finds (or creates) the partners a file names, once per Arabic name."""

    def __init__(self, member):
        self.member = member
        self.found = {}

    def __call__(self, links):
        # Cleaned as the stored names are, so that a name is found again.
        names = {code: clean_single_line(name) for code, name in links["names"].items()}
        name = names[settings.MODELTRANSLATION_LANGUAGES[0]]
        if name not in self.found:
            self.found[name] = _find_or_create_partner(self.member, names, links["kind"])
        return self.found[name]


def _write_project_partners(records, programme, project_ids, partners, report):
    links = ProjectPartner.objects.filter(project__programme=programme).select_related("project")
    existing = [((link.project.number, link.partner_id), link) for link in links]
    items = []
    for record in records:
        partner = partners(record.links)
        key = (record.key[0], partner.pk)
        fields = {
            **record.fields,
            "project_id": project_ids[record.key[0]],
            "partner_id": partner.pk,
        }
        items.append((key, fields))
    sync_rows(ProjectPartner, existing, items, report=report, sheet="partners")


def _write_programme_partners(records, programme, partners, report):
    links = programme.programme_partners.order_by("position", "pk")
    existing = [((link.partner_id,), link) for link in links]
    items = []
    for record in records:
        partner = partners(record.links)
        items.append(((partner.pk,), {**record.fields, "partner_id": partner.pk}))
    sync_rows(
        ProgrammePartner,
        existing,
        keep_stored_positions(existing, items),
        report=report,
        sheet="programme_partners",
        parent_fields={"programme_id": programme.pk},
    )


def _write_committee(records, programme, report):
    """The programme's committee; a committee row removed from the file detaches the committee
    from the programme (it stays in the member's register with its meetings)."""
    committee = workbook.workbook_committee(programme)
    if not records:
        if committee is not None:
            committee.programme = None
            committee.save(update_fields=["programme"])
            report.deleted["committee"] += 1
        return None
    existing = [((), committee)] if committee else []
    synced = sync_rows(
        Committee,
        existing,
        [((), records[0].fields)],
        report=report,
        sheet="committee",
        mode="save",
        parent_fields={"member_id": programme.member_id, "programme_id": programme.pk},
    )
    return synced.rows[()]


def _write_committee_members(records, committee, report):
    """Members are matched by full name, never by row: a private email or phone number stays
    with its person."""
    existing = [((m.full_name,), m) for m in committee.members.order_by("position", "pk")]
    # The key is the name as it is stored (cleaned).
    items = [
        (tuple(clean_single_line(part) for part in record.key), record.fields) for record in records
    ]
    sync_rows(
        CommitteeMember,
        existing,
        keep_stored_positions(existing, items),
        report=report,
        sheet="committee_members",
        parent_fields={"committee_id": committee.pk},
    )


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
