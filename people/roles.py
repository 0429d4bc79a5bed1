"""A person's roles as import files and exports give them: read, checked, stored."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from newsroom.text import clean_name
from people.models import Person, PersonRole

# A role given as flat columns: one role, as in a CSV file with a column per field.
FLAT_ROLE_FIELDS = {
    "role": "title",
    "organisation": "organisation",
    "role_start": "start",
    "role_end": "end",
}


@dataclass(frozen=True)
class RoleSpec:
    """One role as a file gives it, checked but not stored."""

    title: str
    organisation: str = ""
    start: date | None = None
    end: date | None = None

    def as_record(self) -> dict:
        return {
            "title": self.title,
            "organisation": self.organisation,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


def _role_date(value, *, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError(f"{name}: {value!r} is not a date (write it as YYYY-MM-DD)")


def _role_spec(raw, *, where: str) -> RoleSpec:
    if not isinstance(raw, dict):
        raise ValidationError(
            f"{where}: a role must be an object with title, organisation, start and end"
        )
    unknown = set(raw) - {"title", "organisation", "start", "end"}
    if unknown:
        raise ValidationError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("title", "organisation"):
        if not isinstance(raw.get(key) or "", str):
            raise ValidationError(f"{where}: {key} must be text")
    spec = RoleSpec(
        title=clean_name((raw.get("title") or "").strip()),
        organisation=clean_name((raw.get("organisation") or "").strip()),
        start=_role_date(raw.get("start"), name=f"{where} start"),
        end=_role_date(raw.get("end"), name=f"{where} end"),
    )
    if not spec.title:
        raise ValidationError(f"{where}: the title is empty")
    if spec.start and spec.end and spec.end < spec.start:
        raise ValidationError(f"{where}: ends ({spec.end}) before it starts ({spec.start})")
    return spec


def roles_from_row(row: dict) -> list[RoleSpec] | None:
    """The roles one import row gives, or None when it gives none (existing roles stay).

    A row gives roles as a ``roles`` list (in CSV, a cell of JSON), as flat ``role``,
    ``organisation``, ``role_start`` and ``role_end`` values (one role), or both (the flat
    role is added to the list). Raises ValidationError naming the bad value.
    """
    raw = row.get("roles")
    if isinstance(raw, str):
        if raw.strip():
            try:
                raw = json.loads(raw)
            except json.JSONDecodeError as error:
                raise ValidationError(f"roles: not valid JSON ({error.msg})") from None
        else:
            raw = None
    if raw is not None and not isinstance(raw, list):
        raise ValidationError("roles must be a list of roles")
    specs = [_role_spec(item, where=f"role {n}") for n, item in enumerate(raw or [], start=1)]
    flat = {key: row.get(column) for column, key in FLAT_ROLE_FIELDS.items() if row.get(column)}
    if flat:
        if "title" not in flat:
            if set(flat) != {"organisation"}:
                raise ValidationError("role_start and role_end need a role")
            flat["title"] = flat.pop("organisation")  # an organisation alone: who they work for
        spec = _role_spec(flat, where="role")
        if spec not in specs:
            specs.append(spec)
    if raw is None and not flat:
        return None
    return specs


def set_roles(person: Person, roles: Iterable[RoleSpec]) -> bool:
    """Make ``person``'s roles exactly ``roles``; False when they already were."""
    wanted = sorted(set(roles), key=_role_order)
    current = [
        RoleSpec(title=r.title, organisation=r.organisation, start=r.start, end=r.end)
        for r in person.roles.all()
    ]
    if sorted(current, key=_role_order) == wanted:
        return False
    person.roles.all().delete()
    for spec in wanted:
        role = PersonRole(person=person, **spec.__dict__)
        role.full_clean()
        role.save()
    return True


def _role_order(spec: RoleSpec) -> tuple:
    return (spec.start or date.min, spec.end or date.max, spec.title, spec.organisation)


def role_records(person: Person) -> list[dict]:
    """``person``'s roles as export records (``restore_person`` reads them back)."""
    return [
        RoleSpec(title=r.title, organisation=r.organisation, start=r.start, end=r.end).as_record()
        for r in person.roles.all()
    ]
