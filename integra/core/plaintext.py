"""Plain text typed into forms and the API, checked the same way everywhere: no
markup, no control characters, not too long, present when required."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

Errors = dict[str, list[str]]

# Something that reads as markup: a tag or its start (<b, </p, <!--, <?), an entity.
MARKUP = re.compile(r"<\s*[/!?]?\s*[a-zA-Z!?]|&#?[a-zA-Z0-9]+;")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def checked_text(
    errors: Errors,
    field: str,
    value: str,
    *,
    max_length: int,
    required: str = "",
    multiline: bool = False,
) -> str:
    """The value trimmed (inner white space made one space unless ``multiline``);
    an error under ``field`` when it is missing (``required`` is then the
    message), too long, or holds markup or control characters."""
    text = value.replace("\r\n", "\n").strip() if multiline else " ".join(value.split())
    if CONTROL.search(text):
        errors.setdefault(field, []).append(_("Remove the control characters from the text."))
    elif MARKUP.search(text):
        errors.setdefault(field, []).append(
            _("Write plain text: markup such as <script> or <b> is not accepted.")
        )
    elif required and not text:
        errors.setdefault(field, []).append(required)
    elif len(text) > max_length:
        errors.setdefault(field, []).append(
            _("Say it in at most %(max)s characters.") % {"max": max_length}
        )
    return text
