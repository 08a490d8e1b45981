from __future__ import annotations

from django.http import HttpRequest

from integra.core import access, selectors
from integra.core.access import Actor


def integra(request: HttpRequest) -> dict[str, object]:
    """What the shared layout needs: the actor and what the navigation may offer.
    The unread count is the one query it adds to a page (an indexed count)."""
    actor = getattr(request, "actor", None)
    if not isinstance(actor, Actor):
        return {"actor": actor}
    people = access.uses_registry(actor)
    return {
        "actor": actor,
        "nav_audit": access.can_view_audit(actor),
        "nav_people": people,
        "nav_plans": access.can_see_programmes(actor),
        # Staff who refer, receive or coordinate: the internal directory and the
        # referrals (those who see cases start at what they sent).
        "nav_directory": access.can_search_directory(actor),
        "nav_referrals_sent": people,
        # Those who match volunteers to people, and those who keep them.
        "nav_volunteers": access.can_see_volunteers(actor),
        # The course catalogue for the staff who plan, teach or enrol; its statistics
        # alone for analysts.
        "nav_courses": access.can_see_courses(actor),
        "nav_course_statistics": access.can_see_course_statistics(actor),
        # The indicators and their disclosure-controlled tables (aggregates only).
        "nav_statistics": access.can_see_statistics(actor),
        "nav_funding": access.can_see_funding(actor),
        "nav_practices": access.can_see_practices(actor),
        # Conversations with migrants, for their caseworkers; rights articles for
        # their editors; vacancies for employers and employment offices.
        "nav_portal_messages": bool(access.todo_scope(actor)),
        "nav_articles": access.can_edit_articles(actor),
        "nav_vacancies": any(
            access.can_post_vacancies(actor, organisation_kind=seat.organisation_kind)
            for seat in actor.seats
        ),
        # Complaints for their handlers (behind the firewall); the agency register
        # for the licensing staff and the complaint handlers.
        "nav_complaints": access.handles_complaints(actor),
        "nav_agencies": access.can_see_agencies(actor),
        # The labour inspectorate's risk list and inspections; discrimination
        # incidents for the equality body and legal aid; legal counselling for its
        # providers (all behind the firewall).
        "nav_inspections": access.can_inspect(actor),
        "nav_incidents": access.handles_incidents(actor),
        "nav_counselling": access.gives_counselling(actor),
        "nav_book_counselling": access.can_book_counselling(actor),
        "nav_unread": selectors.unread_count(actor=actor),
    }
