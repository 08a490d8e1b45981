"""SQL that only one database understands, kept in one named place.

``InList`` asks whether a column's value is in a long list of values, the list
passed to the database as one parameter.

The audit log is append-only in the database itself, not only in the model: a
trigger refuses any UPDATE of core_auditentry, whoever the client. Deletion stays
possible at the SQL level (Django's flush and test teardown need it) and is caught
by the hash chain: `integra audit verify` names where entries went missing.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, F, Lookup
from django.db.models.sql.compiler import SQLCompiler


class InList(Lookup):  # type: ignore[type-arg]
    """``InList(F("pk"), ids)``, used as a filter: the value is one of ``ids``
    (integers or strings), the whole list passed as a single parameter.

    ``pk__in=ids`` writes one placeholder per value. At thousands of values the
    driver spends milliseconds splicing them into the query, and PostgreSQL's
    planner, shown the list, may choose to walk an index in sort order, testing
    each row against it: 3.5 s for a name a few thousand people share
    (bench/registry.py at a million people). Read from ``unnest`` (PostgreSQL) or
    ``json_each`` (SQLite), the list is a small set joined row by row, at a cost
    that grows with its length only."""

    lookup_name = "in_list"
    prepare_rhs = False

    def __init__(self, lhs: Expression | F, rhs: Collection[int] | Collection[str]) -> None:
        super().__init__(lhs, list(rhs))

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values: list[Any] = self.rhs
        if connection.vendor == "postgresql":
            if any(isinstance(value, str) for value in values):
                return f"{lhs} IN (SELECT unnest(%s::text[]))", [*lhs_params, values]
            # Integers as one array literal: the driver's list adapter costs
            # milliseconds for thousands of them.
            literal = "{" + ",".join(str(int(value)) for value in values) + "}"
            return f"{lhs} IN (SELECT unnest(%s::bigint[]))", [*lhs_params, literal]
        if connection.vendor == "sqlite":
            # lhs is a column Django quoted; the values travel as a parameter.
            sql = f"{lhs} IN (SELECT value FROM json_each(%s))"  # noqa: S608
            return sql, [*lhs_params, json.dumps(values)]
        raise RuntimeError(f"Integra supports SQLite and PostgreSQL, not {connection.vendor}.")


SQLITE_AUDIT_APPEND_ONLY = [
    """
    CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update
    BEFORE UPDATE ON core_auditentry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
    """,
]
SQLITE_AUDIT_APPEND_ONLY_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_no_update;",
]

POSTGRES_AUDIT_APPEND_ONLY = [
    """
    CREATE OR REPLACE FUNCTION core_auditentry_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit entries are append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_refuse_change();
    """,
]
POSTGRES_AUDIT_APPEND_ONLY_REVERSE = [
    "DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;",
    "DROP FUNCTION IF EXISTS core_auditentry_refuse_change();",
]


def statements(vendor: str, *, reverse: bool = False) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_AUDIT_APPEND_ONLY_REVERSE if reverse else SQLITE_AUDIT_APPEND_ONLY
    if vendor == "postgresql":
        return POSTGRES_AUDIT_APPEND_ONLY_REVERSE if reverse else POSTGRES_AUDIT_APPEND_ONLY
    raise RuntimeError(f"Integra supports SQLite and PostgreSQL, not {vendor}.")
