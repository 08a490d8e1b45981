"""SQL that only one database understands, kept in one named place.

The audit log is append-only in the database itself, not only in the model: a
trigger refuses any UPDATE of core_auditentry, whoever the client. Deletion stays
possible at the SQL level (Django's flush and test teardown need it) and is caught
by the hash chain: `integra audit verify` names where entries went missing.
"""

from __future__ import annotations

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
