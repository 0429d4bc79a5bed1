"""Small database helpers the ORM does not offer."""

from collections.abc import Sequence
from datetime import datetime

from django.db import connections, models, router
from django.db.models import QuerySet


def union_all_values(querysets: Sequence[QuerySet]) -> list:
    """The single column of each (sliced, ordered) queryset, in one UNION ALL statement.

    Django refuses LIMIT inside a compound statement on SQLite; wrapping each branch in a
    derived table is valid on SQLite and PostgreSQL alike. Each branch keeps its own index,
    order and limit (the newest stories of each section, of each tag...), so the statement
    costs a handful of index reads however many branches there are, in one round trip.
    """
    if not querysets:
        return []
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, branch_params = queryset.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS branch_{index}")
        params.extend(branch_params)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [row[0] for row in cursor.fetchall()]


_PLAIN_FIELDS = (
    models.IntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.ForeignKey,
    models.DateTimeField,
)


def insert_plain(objs: Sequence[models.Model], *, now: datetime) -> None:
    """INSERT new rows of one model with a single ``executemany``, skipping Django's
    per-value preparation (for the importer, that preparation cost more than the database).

    Only for models made of plain columns (numbers, text, flags, foreign keys, times): no
    ``save()``, no signals, no ids returned. Text is cleaned as ``save()`` would clean it;
    ``auto_now`` and ``auto_now_add`` fields get ``now``; a foreign key to an object saved
    after this one was built takes that object's new id.
    """
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    unsupported = [f.name for f in fields if not isinstance(f, _PLAIN_FIELDS)]
    if unsupported:
        raise TypeError(f"insert_plain cannot write {model.__name__}.{', '.join(unsupported)}")
    adapt_time = connection.ops.adapt_datetimefield_value
    stamped = adapt_time(now)

    def value(obj, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return stamped
        result = getattr(obj, field.attname)
        if result is None and field.is_relation and field.is_cached(obj):
            result = field.get_cached_value(obj).pk
        elif isinstance(field, models.DateTimeField):
            result = adapt_time(result)
        return result

    rows = []
    for obj in objs:
        if hasattr(obj, "clean_text_fields"):
            obj.clean_text_fields()
        rows.append(tuple(value(obj, field) for field in fields))
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def refresh_statistics(model_classes: Sequence[type[models.Model]]) -> bool:
    """After a bulk load, let the planner see the tables' new sizes now.

    PostgreSQL: ANALYZE them. Autovacuum would get there, but minutes later, and meanwhile
    it plans the archive's pages for tables a tenth of their size (measured: a person page
    over 500 ms instead of about 30). SQLite: nothing; its queries are written to be fast
    without statistics. Returns whether anything was run.
    """
    connection = connections[router.db_for_write(model_classes[0])]
    if connection.vendor != "postgresql":
        return False
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in model_classes)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
    return True
