"""Personal information (PIPL) in the archive, and its masking: the one home for both.

``PERSONAL_FIELDS`` names the archive columns that hold a person's contact data and how each is
masked; ``PERSONAL_TABLES`` the tables holding them. ``mask_value(field_id, value)`` masks one stored
value, ``mask_text(text)`` masks every mobile number, ID-card number and e-mail address inside free
text (log lines, notes). The patterns follow GB/T 35273-2020 §7.2 practice:

- mobile ``13812345678`` → ``138****5678`` (first 3 and last 4 digits kept; any phone number: every
  digit but the first 3 and the last 4 becomes ``*``, separators stay);
- ID-card number ``110101199003071234`` → ``110***********1234`` (first 3 and last 4 kept);
- e-mail ``zhang.san@example.com`` → ``z***@example.com`` (first character of the name kept).

>>> mask_phone("13812345678")
'138****5678'
>>> mask_phone("0571-88000000")
'057*-****0000'
>>> mask_id_number("11010119900307123X")
'110***********123X'
>>> mask_email("zhang.san@example.com")
'z***@example.com'
>>> mask_text("请联系 13812345678 或 zhang@example.com，身份证 11010119900307123X")
'请联系 138****5678 或 z***@example.com，身份证 110***********123X'

Who may see the unmasked values is decided in the web's permission layer
(``littlegiant.web.accounts.permissions.personal_info_visible_to``), never here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

__all__ = [
    "EMAIL_PATTERN",
    "ID_NUMBER_PATTERN",
    "MOBILE_PATTERN",
    "PERSONAL_FIELDS",
    "PERSONAL_TABLES",
    "PersonalInfoLogFilter",
    "is_masked_form",
    "mask_email",
    "mask_id_number",
    "mask_phone",
    "mask_row",
    "mask_text",
    "mask_value",
]

MOBILE_PATTERN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
"""A mainland mobile number standing alone (not part of a longer digit run)."""
ID_NUMBER_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
"""A resident ID-card number (GB 11643, 18 characters) standing alone."""
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
"""An e-mail address."""

_MASK = "*"


def _keep_ends(text: str, keep_start: int, keep_end: int) -> str:
    """Every digit or letter of ``text`` but the first ``keep_start`` and the last ``keep_end`` masked."""
    positions = [i for i, char in enumerate(text) if char.isalnum()]
    if len(positions) <= keep_start + keep_end:
        hidden = set(positions[keep_start // 2 :]) if len(positions) > 1 else set(positions)
    else:
        hidden = set(positions[keep_start : len(positions) - keep_end])
    return "".join(_MASK if i in hidden else char for i, char in enumerate(text))


def mask_phone(value: str) -> str:
    """A phone number with all but its first 3 and last 4 digits masked (separators kept)."""
    return _keep_ends(value, 3, 4)


def mask_id_number(value: str) -> str:
    """An ID-card number with all but its first 3 and last 4 characters masked."""
    return _keep_ends(value, 3, 4)


def mask_email(value: str) -> str:
    """An e-mail address with its name reduced to the first character: ``z***@example.com``."""
    name, at, domain = value.strip().partition("@")
    if not at:
        return _keep_ends(value, 1, 0)
    return f"{name[:1]}***@{domain}"


def mask_text(text: str) -> str:
    """Free text with every mobile number, ID-card number and e-mail address in it masked."""
    text = ID_NUMBER_PATTERN.sub(lambda m: mask_id_number(m.group()), text)
    text = MOBILE_PATTERN.sub(lambda m: mask_phone(m.group()), text)
    return EMAIL_PATTERN.sub(lambda m: mask_email(m.group()), text)


PERSONAL_FIELDS: dict[str, Callable[[str], str]] = {
    "phone": mask_phone,
    "email": mask_email,
}
"""Archive columns holding a person's contact data (table ``contacts``) → how each value is masked."""

PERSONAL_TABLES: frozenset[str] = frozenset({"contacts"})
"""Archive tables that hold personal information: their other text columns get ``mask_text``."""


def mask_value(field_id: str, value: object) -> object:
    """One stored value as a viewer without the right to personal information sees it.

    Personal columns are masked by their rule; any other text is passed through ``mask_text`` (an ID
    or mobile number typed into a free-text column is masked too); other values are unchanged.
    """
    if value is None or value == "":
        return value
    if field_id in PERSONAL_FIELDS:
        return PERSONAL_FIELDS[field_id](str(value))
    if isinstance(value, str):
        return mask_text(value)
    return value


def is_masked_form(field_id: str, value: object, stored: object) -> bool:
    """Whether ``value`` is exactly what a masked view showed of ``stored`` (an export read back in).

    Loads keep the stored value then: re-importing a masked export never overwrites personal data.

    >>> is_masked_form("phone", "138****5678", "13812345678")
    True
    >>> is_masked_form("phone", "13912345678", "13812345678")
    False
    """
    if stored in (None, "") or value == stored:
        return False
    return value == mask_value(field_id, stored)


def mask_row(row: dict[str, object]) -> dict[str, object]:
    """A row of a personal table (``{column id: value}``) with every value masked (``mask_value``)."""
    return {
        column: value if column == "uscc" else mask_value(column, value)
        for column, value in row.items()
    }


class PersonalInfoLogFilter(logging.Filter):
    """A logging filter that masks personal information in every record's message (``mask_text``).

    Installed on the platform's log handlers (``LOGGING`` in the settings): no full mobile number,
    ID-card number or e-mail address reaches a log file, whoever caused the line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message by its masked text (arguments merged first); keep the record."""
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        return True
