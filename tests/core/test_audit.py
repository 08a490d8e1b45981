"""The audit log is append-only and hash-chained; tampering is found and named."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from integra.core import access, audit, backend_sql, hashchain, services
from integra.core.errors import Conflict
from integra.core.models import AuditEntry


@pytest.fixture
def entries(people):
    actor = access.actor_for(people["admin"])
    for number in range(5):
        services.token_create(actor=actor, name=f"token {number}", expires_in_days=3)
    return list(AuditEntry.objects.order_by("pk"))


def test_each_entry_holds_the_hash_of_the_one_before(entries):
    assert entries[0].previous_hash == hashchain.GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.entry_hash


def test_an_intact_log_verifies(entries, capsys):
    call_command("audit", "verify")
    assert f"{len(entries)} entries" in capsys.readouterr().out


def _drop_append_only_trigger() -> None:
    """What an attacker with DDL rights would do first (rolled back after the test)."""
    with connection.cursor() as cursor:
        for statement in backend_sql.statements(connection.vendor, reverse=True):
            cursor.execute(statement)


def test_the_database_refuses_to_change_an_entry(entries):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET purpose = 'rewritten'")
    assert not AuditEntry.objects.filter(purpose="rewritten").exists()


def test_a_changed_entry_is_named(entries):
    victim = entries[2]
    _drop_append_only_trigger()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditentry SET actor_label = %s WHERE id = %s", ["someone else", victim.pk]
        )
    result = audit.verify()
    assert result.broken_at == victim.pk
    with pytest.raises(CommandError, match=f"entry {victim.pk}"):
        call_command("audit", "verify")


def test_a_removed_entry_in_the_middle_is_found(entries):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])
    assert audit.verify().broken_at == entries[2].pk


def test_removed_entries_at_the_end_are_found(entries):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id = %s", [entries[-1].pk])
    result = audit.verify()
    assert not result.ok
    assert "removed" in result.reason


def test_entries_cannot_be_changed_or_deleted_through_the_application(entries):
    entry = entries[0]
    entry.purpose = "rewritten"
    with pytest.raises(RuntimeError, match="append-only"):
        entry.save()
    with pytest.raises(RuntimeError, match="append-only"):
        entry.delete()


def test_a_write_that_fails_leaves_no_audit_entry(people, orgs):
    actor = access.actor_for(people["admin"])
    before = AuditEntry.objects.count()
    with pytest.raises(Conflict):
        services.organisation_create(
            actor=actor,
            code="centre-b",
            name="Duplicate",
            kind="ngo",
            level="local",
            country="MD",
            parent=orgs["a"],
        )
    assert AuditEntry.objects.count() == before


def test_entries_record_who_where_what_and_why(people, orgs):
    actor = access.actor_for(people["admin"])
    services.organisation_create(
        actor=actor,
        code="unit-1",
        name="Unit",
        kind="ngo",
        level="local",
        country="MD",
        parent=orgs["a"],
    )
    entry = AuditEntry.objects.get(action="organisation.create")
    assert entry.actor == people["admin"]
    assert entry.organisation == orgs["a"]
    assert (entry.object_type, entry.object_id) == ("organisation", "unit-1")
    assert entry.purpose == "administration"
    assert entry.at.tzinfo is not None
