"""Bulk loads (imports) written the fastest way each database offers.

Building a model instance per row and compiling each batch through the ORM costs
several times what the database spends storing the rows (bench/registry.py). A
bulk load that has already validated its rows hands plain tuples to ``insert``:

* PostgreSQL: ``COPY … FROM STDIN`` through psycopg, the database's own bulk path;
* SQLite: one prepared INSERT run by ``executemany``, which loops in C.

This is one of the two backend modules (with ``backend_sql``) that may hold SQL
only one of the databases understands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from django.db import connection, models


def _json(field: models.JSONField[Any], value: Any) -> Any:
    return field.get_db_prep_save(value, connection)


def _adapters(
    model: type[models.Model], columns: Sequence[str]
) -> list[tuple[int, Callable[[Any], Any]]]:
    """Per column, how the ORM would turn the value into what the driver takes."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    unknown = [name for name in columns if name not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {unknown}")
    ops = connection.ops
    adapt: list[tuple[int, Callable[[Any], Any]]] = []
    for position, name in enumerate(columns):
        field = fields[name]
        if isinstance(field, models.DateTimeField):
            adapt.append((position, ops.adapt_datetimefield_value))
        elif isinstance(field, models.DateField):
            adapt.append((position, ops.adapt_datefield_value))
        elif isinstance(field, models.JSONField):
            adapt.append((position, partial(_json, field)))
    return adapt


def _adapted(
    rows: Iterable[Sequence[Any]], adapt: list[tuple[int, Callable[[Any], Any]]]
) -> Iterable[Sequence[Any]]:
    if not adapt:
        yield from rows
        return
    # A load stamps every row with the same time: convert each distinct value once.
    last: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        values = list(row)
        for position, convert in adapt:
            value = values[position]
            if value is None:
                continue
            seen = last.get(position)
            if seen is not None and seen[0] is value:
                values[position] = seen[1]
            else:
                values[position] = converted = convert(value)
                last[position] = (value, converted)
        yield values


def insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Inserts ``rows`` (values in the order of ``columns``, which are field
    attnames such as ``person_id``) into the model's table; returns how many.
    Runs in the caller's transaction; constraints are checked as usual."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    adapt = _adapters(model, columns)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(fields[name].column) for name in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor, under Django's wrapper
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in _adapted(rows, adapt):
                    copy.write_row(row)
                    written += 1
            return written
        batch = list(_adapted(rows, adapt))
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", batch)  # noqa: S608
        return len(batch)


def update(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Sets ``columns`` row by row: each row is the primary key, then the values in
    the order of ``columns``. One prepared UPDATE run by ``executemany`` (which
    psycopg pipelines and SQLite loops in C), where the ORM's ``bulk_update``
    compiles a CASE per row in Python. Runs in the caller's transaction."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    adapt = [(position + 1, convert) for position, convert in _adapters(model, columns)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{quote(fields[name].column)} = %s" for name in columns)
    key = quote(model._meta.pk.column)
    # The key goes last in the statement: move it from the front of each row.
    batch = [[*values[1:], values[0]] for values in _adapted(rows, adapt)]
    if not batch:
        return 0
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {key} = %s", batch)  # noqa: S608
    return len(batch)


def refresh_statistics(models_: Sequence[type[models.Model]]) -> None:
    """After a large load, PostgreSQL's planner still believes the tables are as
    small as before until autovacuum gets round to them, and may choose plans
    for a few rows; ANALYZE now. SQLite plans without such statistics."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")
