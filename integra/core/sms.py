"""Text messages: to the console in development, to an SMS gateway in production.

``INTEGRA_SMS_URL`` is ``console`` (the message is logged) or an https address
that receives ``{"to": "+373…", "text": "…"}`` as JSON, the shape most SMS
gateways and a few lines of glue in front of any other accept.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10


def send(to: str, text: str) -> bool:
    """Sends one message; ``False`` when the gateway did not take it (logged)."""
    url = settings.INTEGRA_SMS_URL
    if url == "console":
        logger.info("SMS to %s: %s", to, text)
        return True
    if not url.startswith("https://"):
        logger.error("INTEGRA_SMS_URL must be 'console' or an https:// address")
        return False
    request = urllib.request.Request(  # noqa: S310  (the address is the operator's https URL)
        url,
        data=json.dumps({"to": to, "text": text}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            ok = 200 <= int(response.status) < 300
    except (urllib.error.URLError, OSError):
        ok = False
    if not ok:
        logger.warning("SMS to %s… not sent", to[:5])
    return ok


# How messages leave in production: the background task's enqueue, set when the app
# starts (integra.core.tasks sits above this module), so a slow gateway never holds
# up a page. Without it (a script, a test), they are sent at once.
QUEUE: list[Callable[[str, str], object]] = []


def use_queue(enqueue: Callable[[str, str], object]) -> None:
    QUEUE[:] = [enqueue]


def send_later(to: str, text: str) -> None:
    if QUEUE:
        QUEUE[0](to, text)
    else:
        send(to, text)
