"""The audit trail: who changed what, and when.

Two kinds of record, one list:

- **Edits of single records** (an article, section, photo, byline, correction, person, alias,
  mention or tag) are versions kept by django-simple-history: each tracked model has a
  ``history`` manager and every ``save()`` or ``delete()`` writes a row with the time, the kind
  of change and, in the admin, the signed-in user (``HistoryRequestMiddleware``).
- **Actions** that are not one record's edit (a merge, an import, a link run, the demo load, a
  change to someone's roles) are ``AuditEvent`` rows, written by ``record()`` and nothing else:
  who (the admin user, or the operating-system user running a command), what (the action, its
  arguments, the counts from its summary), when, and whether it failed.

The admin's Audit view (``trail()`` + ``trail_entries()``) lists both, newest first, as one
UNION query over the historical tables and the events, filtered by user, type and dates.

Why history rather than an AuditEvent written from the admin's ``log_addition``/
``log_change``/``log_deletion`` hooks: those hooks see only changes made through the admin
forms. History is written by every path that saves a record (the admin, its actions, the API,
services, the shell), keeps the values of each version (so "what was the bio before?" has an
answer, not only "Changed Bio."), and articles already use it for their versions. Bulk writes
(``bulk_create``, ``update``) skip history; the commands that use them record one AuditEvent
per run with their counts instead.
"""

import getpass
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import models
from django.db.models import F, Value

from newsroom.models import AuditEvent

# Models whose every saved change is kept (``history = HistoricalRecords()`` on the model).
TRACKED_MODELS = [
    "articles.Article",
    "articles.Section",
    "articles.Image",
    "articles.Byline",
    "articles.Correction",
    "articles.LiveUpdate",
    "articles.Pin",
    "people.Person",
    "people.PersonAlias",
    "people.PersonRole",
    "people.Mention",
    "tags.Tag",
    "storylines.Storyline",
    "storylines.StorylineEntry",
]
# The Audit view's "type" for actions only (imports, merges, link runs, role changes).
EVENTS = "events"
# Who may open the Audit view: editors (a data migration grants it) and superusers.
VIEW_PERMISSION = "newsroom.view_auditevent"
# Changing these on an account changes what its holder may see and do.
ACCESS_FIELDS = (
    "groups",
    "user_permissions",
    "permissions",  # a group's
    "is_active",
    "is_staff",
    "is_superuser",
)


def can_view_audit(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(VIEW_PERMISSION)


def command_line_user() -> str:
    """The operating-system user running this process (a command's actor)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no password-file entry (some containers)
        return "unknown"


def record(
    *,
    action: str,
    actor=None,
    target: models.Model | type[models.Model] | None = None,
    arguments: Sequence[str] = (),
    counts: Mapping[str, int] | None = None,
    outcome: str = AuditEvent.Outcome.OK,
    message: str = "",
) -> AuditEvent:
    """Write one AuditEvent.

    ``actor`` is the signed-in admin user, or None for the command-line user. ``target`` is
    the record acted on (the tag kept by a merge), a model for a run over many (``Article``
    for an import), or None.
    """
    target_type, target_id, target_repr = None, "", ""
    if isinstance(target, models.Model):
        target_type = ContentType.objects.get_for_model(target)
        target_id, target_repr = str(target.pk), str(target)[:300]
    elif target is not None:
        target_type = ContentType.objects.get_for_model(target)
        target_repr = str(target._meta.verbose_name_plural)
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else command_line_user(),
        via=AuditEvent.Via.ADMIN if actor is not None else AuditEvent.Via.COMMAND,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        arguments=[str(argument) for argument in arguments],
        counts={str(key): value for key, value in (counts or {}).items()},
        outcome=outcome,
        message=message,
    )


def access_changes(form) -> list[str]:
    """What a saved user form changed in the account's access, e.g. ["groups+=Editor"]."""
    changes = []
    for field in ACCESS_FIELDS:
        if field not in form.changed_data:
            continue
        before, after = form.initial.get(field), form.cleaned_data.get(field)
        if field in ("groups", "user_permissions", "permissions"):
            before, after = {str(item) for item in before or ()}, {str(i) for i in after or ()}
            changes += [f"{field}+={name}" for name in sorted(after - before)]
            changes += [f"{field}-={name}" for name in sorted(before - after)]
        else:
            changes.append(f"{field}={after}")
    return changes


# Options every Django command has; they say nothing about what a run did.
_BASE_OPTIONS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


def command_arguments(command: BaseCommand, name: str, args: Iterable, options: Mapping) -> list:
    """The arguments of a run as a list, as on the command line: positionals, then the options
    that differ from their defaults (``--status=published``, ``--overwrite``)."""
    arguments = [str(arg) for arg in args]
    for action in command.create_parser("manage.py", name)._actions:
        if action.dest in _BASE_OPTIONS or action.dest not in options:
            continue
        value = options[action.dest]
        if not action.option_strings:
            values = value if isinstance(value, list | tuple) else [value]
            arguments += [str(v) for v in values if v is not None]
        elif value != action.default:
            flag = max(action.option_strings, key=len)
            arguments.append(flag if action.nargs == 0 else f"{flag}={value}")
    return arguments


class AuditedCommand(BaseCommand):
    """A command that writes: each run (not ``--dry-run``) records one AuditEvent with the
    command-line user, the arguments, the counts ``handle()`` puts in ``self.audit_counts``
    (its summary) and the outcome: failed when it raised (a CommandError or a crash), with the
    reason, so a run that stopped half way is on record too."""

    # The model the command writes, as "app.Model" (the Audit view's type filter), or "".
    audit_target = ""

    def execute(self, *args, **options):
        self.audit_counts: dict[str, int] = {}
        if options.get("dry_run"):
            return super().execute(*args, **options)
        name = type(self).__module__.rsplit(".", 1)[-1]
        try:
            output = super().execute(*args, **options)
        except BaseException as error:
            self._record(name, args, options, AuditEvent.Outcome.FAILED, str(error) or repr(error))
            raise
        self._record(name, args, options, AuditEvent.Outcome.OK, "")
        return output

    def _record(self, name, args, options, outcome, message) -> None:
        record(
            action=name,
            target=apps.get_model(self.audit_target) if self.audit_target else None,
            arguments=command_arguments(self, name, args, options),
            counts=self.audit_counts,
            outcome=outcome,
            message=message,
        )


# --- The Audit view's list ---------------------------------------------------------------


def history_model(label: str) -> type[models.Model]:
    return apps.get_model(label).history.model


def trail(
    *,
    user=None,
    type: str = "",
    object_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> models.QuerySet:
    """Every tracked change and AuditEvent matching the filters, newest first, as rows of
    ``audit_at, audit_by, audit_model, audit_row, audit_kind`` (one UNION ALL query).

    ``type`` is a model label ("tags.Tag", "auth.User") or ``EVENTS``; ``object_id`` narrows
    it to one record's history. Load what a page shows with ``trail_entries()``.
    """
    type = type.lower()
    parts = []
    for label in TRACKED_MODELS:
        if type and type != label.lower():
            continue
        rows = history_model(label).objects.all()
        if user is not None:
            rows = rows.filter(history_user=user)
        if object_id:
            rows = rows.filter(id=object_id)
        if date_from:
            rows = rows.filter(history_date__date__gte=date_from)
        if date_to:
            rows = rows.filter(history_date__date__lte=date_to)
        parts.append(
            rows.order_by().values(
                audit_at=F("history_date"),
                audit_by=F("history_user_id"),
                audit_model=Value(label.lower()),
                audit_row=F("history_id"),
                audit_kind=F("history_type"),
            )
        )
    events = AuditEvent.objects.all()
    if type and type != EVENTS:
        app_label, _, model = type.partition(".")
        events = events.filter(target_type__app_label=app_label, target_type__model=model)
    if user is not None:
        events = events.filter(actor=user)
    if object_id:
        events = events.filter(target_id=object_id)
    if date_from:
        events = events.filter(created_at__date__gte=date_from)
    if date_to:
        events = events.filter(created_at__date__lte=date_to)
    parts.append(
        events.order_by().values(
            audit_at=F("created_at"),
            audit_by=F("actor_id"),
            audit_model=Value(EVENTS),
            audit_row=F("id"),
            audit_kind=F("action"),
        )
    )
    first, *others = parts
    combined = first.union(*others, all=True) if others else first
    return combined.order_by("-audit_at", "-audit_row")


@dataclass(frozen=True)
class TrailEntry:
    at: datetime
    who: str
    user_id: int | None
    model: type[models.Model] | None  # the changed record's model; for events, the target's
    object_id: str
    label: str  # the record as it was then, or the event's target
    change: str  # "Created", "Changed", "Deleted", or the event's action
    event: AuditEvent | None = None
    # Where an inline record (byline, mention, correction, alias) is edited: its parent.
    parent: tuple[type[models.Model], int] | None = None


HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


def trail_entries(rows: Iterable[Mapping]) -> list[TrailEntry]:
    """A page of ``trail()`` rows with names, labels and events, in a fixed number of
    queries (one per model on the page, plus users and the names labels show)."""
    rows = list(rows)
    wanted: dict[str, list[int]] = {}
    for row in rows:
        wanted.setdefault(row["audit_model"], []).append(row["audit_row"])
    records = {}
    for model_label, ids in wanted.items():
        if model_label == EVENTS:
            found = AuditEvent.objects.filter(pk__in=ids).select_related("target_type")
            records.update({(EVENTS, event.pk): event for event in found})
        else:
            found = history_model(model_label).objects.filter(history_id__in=ids)
            records.update({(model_label, r.history_id): r for r in found})
    users = get_user_model().objects.in_bulk({row["audit_by"] for row in rows} - {None})
    names = _related_names(records)
    entries = []
    for row in rows:
        item = records.get((row["audit_model"], row["audit_row"]))
        if item is None:  # deleted between the two queries
            continue
        user = users.get(row["audit_by"])
        if isinstance(item, AuditEvent):
            entries.append(
                TrailEntry(
                    at=item.created_at,
                    who=item.actor_name,
                    user_id=item.actor_id,
                    model=item.target_type.model_class() if item.target_type else None,
                    object_id=item.target_id,
                    label=item.target_repr,
                    change=item.action,
                    event=item,
                )
            )
            continue
        entries.append(
            TrailEntry(
                at=item.history_date,
                who=user.get_username() if user else "",
                user_id=row["audit_by"],
                model=apps.get_model(row["audit_model"]),
                object_id=str(item.id),
                label=_label(row["audit_model"], item, names),
                change=HISTORY_TYPES.get(item.history_type, item.history_type),
                parent=_parent(row["audit_model"], item),
            )
        )
    return entries


# A tracked model may name, for its rows in the list:
# - ``audit_names``: {foreign key: the field of its target shown in the label}, e.g. a byline's
#   {"person": "name", "article": "headline"};
# - ``audit_label(names)``: the label, from the version's values and those names;
# - ``audit_parent``: the foreign key to the record whose page edits it inline (a byline's
#   article), which the list links to.
# So this module knows no app's models.


def _related_names(records: dict) -> dict[tuple[type[models.Model], int], str]:
    """The names labels show (people, headlines), one query per kind of target, keyed by
    (target model, id)."""
    wanted: dict[tuple[type[models.Model], str], set] = {}
    for (model_label, _), record in records.items():
        if model_label == EVENTS:
            continue
        model = apps.get_model(model_label)
        for key, shown in getattr(model, "audit_names", {}).items():
            target = model._meta.get_field(key).related_model
            wanted.setdefault((target, shown), set()).add(getattr(record, f"{key}_id"))
    names = {}
    for (target, shown), ids in wanted.items():
        found = target._default_manager.filter(pk__in=ids - {None}).values_list("pk", shown)
        names.update({(target, pk): name for pk, name in found})
    return names


def _label(model_label: str, record, names: dict) -> str:
    """A historical record as readers of the list know it, without a query per row."""
    # The model's own __str__ (or audit_label) on the values of that version. Not
    # ``record.instance``: it reads the live row for fields history leaves out (a query per row).
    model = apps.get_model(model_label)
    values = {
        field.attname: getattr(record, field.attname)
        for field in model._meta.concrete_fields
        if hasattr(record, field.attname)
    }
    version = model(**values)
    if not hasattr(model, "audit_label"):
        return str(version)
    shown = {}
    for key in model.audit_names:
        target = model._meta.get_field(key).related_model
        missing = f"(a deleted {target._meta.verbose_name})"
        shown[key] = names.get((target, getattr(record, f"{key}_id")), missing)
    return version.audit_label(shown)


def _parent(model_label: str, record) -> tuple[type[models.Model], int] | None:
    model = apps.get_model(model_label)
    key = getattr(model, "audit_parent", None)
    if key is None:
        return None
    field = model._meta.get_field(key)
    return field.related_model, getattr(record, field.attname)
