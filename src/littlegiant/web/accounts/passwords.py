"""The password policy's own rule (等保 2.0 §8.1.4.1 a): characters from at least 3 of 4 classes.

Length (≥ 8), the common-password list and similarity to the user name are Django's validators
(``AUTH_PASSWORD_VALIDATORS`` in the settings); every password-setting path calls
``validate_password`` and so checks all of them.
"""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError

__all__ = ["CharacterClassesValidator", "character_classes"]

_CLASSES = (
    ("大写字母", frozenset(string.ascii_uppercase)),
    ("小写字母", frozenset(string.ascii_lowercase)),
    ("数字", frozenset(string.digits)),
)


def character_classes(password: str) -> int:
    """How many of the four classes (upper, lower, digit, other) ``password`` uses."""
    used = {name for name, chars in _CLASSES for ch in password if ch in chars}
    other = any(not any(ch in chars for _, chars in _CLASSES) for ch in password)
    return len(used) + int(other)


class CharacterClassesValidator:
    """At least ``min_classes`` of: upper-case letters, lower-case letters, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号四类中的至少 {self.min_classes} 类。",
                code="password_too_few_classes",
            )

    def get_help_text(self) -> str:
        return f"密码须包含大写字母、小写字母、数字、符号四类中的至少 {self.min_classes} 类。"
