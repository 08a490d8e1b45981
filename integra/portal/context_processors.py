"""What the portal's layout needs on every page: the migrant's account and the
count of unread messages (two indexed queries, for portal accounts only)."""

from __future__ import annotations

from django.http import HttpRequest

from integra.portal.selectors import mine


def portal(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "portal_only", False):
        return {}
    account = mine.account_of_user(user=user)
    if account is None:
        return {}
    return {"portal_account": account, "portal_unread": mine.unread_for_person(account=account)}
