"""Import people into the directory from CSV or JSON lines."""

import csv
import json
from contextlib import nullcontext
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import CommandError
from django.db import transaction

from newsroom.audit import AuditedCommand
from newsroom.images import validate_image_file
from people.models import PersonAlias
from people.services import PERSON_FIELDS, roles_from_row, store_portrait, upsert_person


def read_rows(path: Path):
    """Yield (row number, dict) from a .csv file or a JSON-lines file."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        for number, row in enumerate(csv.DictReader(text.splitlines()), start=2):
            row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
            # In CSV, aliases are one cell separated by semicolons or vertical bars.
            raw = row.get("aliases", "").replace("|", ";")
            row["aliases"] = [a.strip() for a in raw.split(";") if a.strip()]
            yield number, row
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, ValueError(f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        yield number, row if isinstance(row, dict) else ValueError("not a JSON object")


def shared_note(aliases: list[PersonAlias]) -> str:
    """ " (alias 'A. Young' shared with Astrid Young)" for each shared alias of one person."""
    notes = [
        f"alias {alias.text!r} shared with {', '.join(p.name for p in alias.shared_with())}"
        for alias in aliases
    ]
    return f" ({'; '.join(notes)})" if notes else ""


def portrait_path(imported: Path, photo: str) -> Path | None:
    """The portrait file a row names, relative to the imported file; None for no photo."""
    if not photo:
        return None
    if photo.lower().startswith(("http://", "https://", "//")):
        raise ValidationError(
            f"photo {photo!r}: this command does not fetch from the web; download the portrait "
            "and give its file path"
        )
    found = imported.parent / photo
    if not found.is_file():
        raise ValidationError(f"photo {photo!r}: no such file next to {imported.name}")
    return found


class Command(AuditedCommand):
    help = (
        "Create or update people from a CSV file (header: name, honorific, role, organisation, "
        "role_start, role_end, aliases, bio[, slug, sort_name, roles, photo]; aliases separated "
        "by ';') or JSON lines with the same keys (aliases as a list). Roles with dates: role, "
        "organisation, role_start and role_end (YYYY-MM-DD) give one; roles gives a list "
        '(in CSV, as JSON): [{"title": ..., "organisation": ..., "start": "2021-01-20", '
        '"end": "2025-01-20"}]. A row that gives roles replaces the person\'s roles; a row '
        "without them leaves them be. photo is the path of a portrait file (JPEG, PNG, WebP "
        "or AVIF), relative to the imported file; it is stored for a person who has no photo "
        "yet (addresses on the web are refused: this command fetches nothing). People are "
        "matched by slug, then by name. An alias another "
        "person already holds is kept on both and counted as shared (the linker links a shared "
        "alias only after a story has named one of its holders). Each row is its own "
        "transaction; failed rows are reported and make the command exit non-zero. With "
        "--dry-run every row is checked and the summary says what would change; nothing is "
        "written (no portrait is stored)."
    )

    audit_target = "people.Person"

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv file, or a .jsonl/.json file of JSON lines.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every row and report what would change; write nothing.",
        )

    def handle(self, *args, file, dry_run=False, verbosity=1, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        counts = self.audit_counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        try:
            rows = list(read_rows(path))
        except UnicodeDecodeError as error:
            raise CommandError(f"{file}: not UTF-8 text (byte {error.start})") from None
        # A dry run writes each row as usual (later rows see earlier ones, the database checks
        # what it checks) inside one transaction that is then rolled back.
        with transaction.atomic() if dry_run else nullcontext():
            shared_aliases = self.import_rows(
                path, rows, counts, dry_run=dry_run, verbosity=verbosity
            )
            if dry_run:
                transaction.set_rollback(True)
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        if shared_aliases:
            n = len(shared_aliases)
            summary += f"; {n} alias{'es' if n != 1 else ''} shared by more than one person"
        if dry_run:
            summary = f"Dry run, nothing written: {summary}"
        if counts["failed"]:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def import_rows(self, path: Path, rows, counts: dict, *, dry_run: bool, verbosity: int):
        """Each row in its own transaction; returns the shared aliases seen (lower case)."""
        shared_aliases: set[str] = set()
        for number, row in rows:
            try:
                if isinstance(row, Exception):
                    raise ValidationError(str(row))
                aliases = row.get("aliases") or []
                if isinstance(aliases, str):
                    aliases = [aliases]
                if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                    raise ValidationError("aliases must be a list of strings")
                roles = roles_from_row(row)
                fields = {
                    key: str(row[key]) for key in PERSON_FIELDS if key != "name" and row.get(key)
                }
                photo = portrait_path(path, str(row.get("photo") or "").strip())
                with transaction.atomic():
                    person, outcome = upsert_person(
                        name=str(row.get("name") or ""),
                        slug=str(row.get("slug") or ""),
                        aliases=aliases,
                        roles=roles,
                        **fields,
                    )
                    if photo is not None and not person.photo:
                        with photo.open("rb") as opened:
                            upload = File(opened, name=photo.name)
                            if dry_run:  # storage is not rolled back: checked, not stored
                                validate_image_file(upload)
                            else:
                                store_portrait(person=person, upload=upload)
                                person.save()
                        outcome = "updated" if outcome == "unchanged" else outcome
            except ValidationError as error:
                counts["failed"] += 1
                message = "; ".join(error.messages)
                self.stderr.write(f"{path.name}: row {number}: {message}")
                continue
            counts[outcome] += 1
            shared = list(person.aliases.shared())
            shared_aliases.update(alias.text.lower() for alias in shared)
            if verbosity >= 2:
                verb = f"would be {outcome}" if dry_run else outcome
                self.stdout.write(f"row {number}: {verb} {person.name}{shared_note(shared)}")
        return shared_aliases
