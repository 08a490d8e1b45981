"""A daily job gives the responsible caseworkers a to-do before a document expires."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import override_settings

from integra.core import access, scheduler
from integra.core.models import ScheduledRun, Todo
from integra.people import services
from tests.conftest import make_user

TODAY = date(2026, 11, 22)


def _passport(people, person, valid_until: date, number: str = "FA123456"):
    return services.document_record(
        actor=access.actor_for(people["caseworker"]),
        person=person,
        kind="passport",
        number=number,
        issuing_country="UA",
        valid_until=valid_until,
    )


def test_a_document_expiring_within_the_window_gets_one_todo(people, person):
    _passport(people, person, TODAY + timedelta(days=30))
    _passport(people, person, TODAY + timedelta(days=200), number="FB999999")  # later
    _passport(people, person, TODAY - timedelta(days=1), number="FC111111")  # already expired

    created = services.document_expiry_todos_create(today=TODAY, days=60)
    again = services.document_expiry_todos_create(today=TODAY, days=60)

    assert (created, again) == (1, 0)
    todo = Todo.objects.get()
    assert todo.organisation.code == "centre-a"
    assert (todo.record_type, todo.record_id) == ("person", person.public_id)


def test_the_caseworker_sees_the_todo_and_marks_it_done(people, person, client_for):
    _passport(people, person, TODAY + timedelta(days=10))
    services.document_expiry_todos_create(today=TODAY, days=60)
    client = client_for(people["caseworker"])

    home = client.get("/").content.decode()
    assert "Passport of Oksana Kovalenko expires on" in home
    assert f"/people/{person.public_id}/" in home

    todo = Todo.objects.get()
    assert client.post(f"/todos/{todo.pk}/done/").status_code == 302
    todo.refresh_from_db()
    assert todo.done_by == people["caseworker"]
    assert "expires on" not in client.get("/").content.decode()


def test_another_centre_does_not_see_the_todo(people, person, orgs, client_for):
    _passport(people, person, TODAY + timedelta(days=10))
    services.document_expiry_todos_create(today=TODAY, days=60)
    other = make_user("caseworker_b", orgs["b"], "caseworker")
    assert "expires on" not in client_for(other).get("/").content.decode()


def test_the_todo_speaks_the_readers_language(people, person, api_for):
    _passport(people, person, TODAY + timedelta(days=10))
    services.document_expiry_todos_create(today=TODAY, days=60)
    client = api_for(people["caseworker"])
    english = client.get("/api/v1/todos").json()[0]["text"]
    romanian = client.get("/api/v1/todos", headers={"accept-language": "ro"}).json()[0]["text"]
    assert english != romanian
    assert "Oksana Kovalenko" in romanian


@override_settings(INTEGRA_DOCUMENT_EXPIRY_DAYS=60)
def test_the_daily_job_is_enqueued_once_a_day(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as first:
        started = scheduler.run_due(today=TODAY)
    with django_capture_on_commit_callbacks(execute=False) as second:
        again = scheduler.run_due(today=TODAY)
    with django_capture_on_commit_callbacks(execute=False) as next_day:
        tomorrow = scheduler.run_due(today=TODAY + timedelta(days=1))

    daily = [
        "core.notification_emails",
        "monitoring.funding_alerts",
        "monitoring.refresh",
        "people.document_expiry",
        "people.imports_forget",
        "plans.alerts",
        "protection.licences_expire",
    ]
    assert started == daily
    assert again == []
    assert tomorrow == daily
    assert (len(first), len(second), len(next_day)) == (7, 0, 7)
    assert ScheduledRun.objects.get(name="people.document_expiry").last_run_on == TODAY + timedelta(
        days=1
    )
