"""Small database helpers the ORM does not offer."""

from collections.abc import Sequence

from django.db import connections
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
