"""The integra command: demo, createadmin, totp, audit verify, and the worker."""

from __future__ import annotations

import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from integra.core import demo as core_demo
from integra.core import scheduler
from integra.core.models import (
    AuditEntry,
    Membership,
    Organisation,
    ScheduledRun,
    User,
    WorkerHeartbeat,
)
from integra.core.roles import Role
from integra.core.worker import TaskWorker
from integra.courses import demo as courses_demo
from integra.people.models import Person
from integra.placement import demo as placement_demo
from integra.portal.models import Account
from integra.protection.models import Booking
from integra.services import demo as services_demo
from tests.core.background import add


def test_demo_refuses_to_run_when_debug_is_off(db):
    with override_settings(INTEGRA_DEMO_ALLOWED=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("demo")
    assert not User.objects.exists()


@override_settings(INTEGRA_DEMO_ALLOWED=True)
def test_demo_creates_the_moldovan_set_up_once(db, capsys):
    call_command("demo")
    # The late loaders run after the others: the demo migrant's legal-counselling
    # appointment is made on the first run, once her portal account exists.
    migrant = Account.objects.get(user__username="migrant").person
    booked = Booking.objects.filter(person=migrant, booked_by__username="migrant")
    assert booked.count() == 1
    call_command("demo")
    assert booked.count() == 1
    assert Organisation.objects.get(kind="coordinating_authority").name == (
        "Bureau for Migration and Asylum"
    )
    assert Organisation.objects.filter(kind="integration_centre").count() == 3
    for kind in (
        "ministry",
        "municipality",
        "ngo",
        "labour_inspectorate",
        "legal_aid",
        "equality_body",
    ):
        assert Organisation.objects.filter(kind=kind).exists(), kind
    # Every role is held, but a migrant's: their account is the portal's, with no membership.
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values) - {
        Role.MIGRANT
    }
    assert User.objects.get(username="migrant").portal_only
    # nothing doubled on the second run
    assert User.objects.count() == (
        len(core_demo.USERS)
        + len(services_demo.PARTNER_AGENTS)
        + len(courses_demo.TEACHER_ACCOUNTS)
        + len(placement_demo.ACCOUNTS)
        + 1  # the portal's demo migrant
        + 1  # the equality body's officer (integra.protection.demo_incidents.EQUALITY)
    )
    assert AuditEntry.objects.filter(action="demo.load").count() == 1
    assert 3000 <= Person.objects.count() < 3010  # the registry's demo people, loaded once
    assert Person.objects.filter(citizenships__country="UA").count() > 100
    assert Person.objects.filter(family_name__regex=r"[\u0600-\u06ff]").exists()  # Arabic script
    out = capsys.readouterr().out
    assert "integra-demo-2026" in out
    assert "caseworker" in out


def test_demo_runs_with_force_even_when_debug_is_off(db):
    with override_settings(INTEGRA_DEMO_ALLOWED=False):
        call_command("demo", "--force")
    assert User.objects.filter(username="dpo").exists()


def test_totp_helper_refuses_outside_debug(people):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="DEBUG"):
        call_command("totp", "caseworker")


def test_createadmin_makes_a_system_administrator(db, monkeypatch, capsys):
    monkeypatch.setenv("INTEGRA_ADMIN_PASSWORD", "a sufficiently long passphrase")
    call_command("createadmin", "root", "--email", "root@example.org")
    admin = User.objects.get(username="root")
    assert admin.is_superuser
    assert AuditEntry.objects.filter(action="user.create_admin").exists()


def test_createadmin_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("INTEGRA_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("createadmin", "root")
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_tasks_and_reports_a_heartbeat():
    # Today's daily jobs count as done: this is about the queued task and the
    # heartbeat (the statistics refresh, on SQLite, would hold the write lock).
    today = timezone.localdate()
    ScheduledRun.objects.bulk_create(
        ScheduledRun(name=name, last_run_on=today) for name in scheduler.DAILY
    )
    result = add.enqueue(2, 3)
    worker = TaskWorker(interval=0.05)
    thread = worker.start_in_thread()
    try:
        # A generous limit, not a timing: a loaded machine may take a while.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            result.refresh()
            beating = WorkerHeartbeat.objects.filter(worker_id=worker.worker_id).exists()
            if result.is_finished and beating:
                break
            time.sleep(0.05)
        assert result.return_value == 5
        assert WorkerHeartbeat.objects.filter(worker_id=worker.worker_id).exists()
    finally:
        worker.stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
