"""What a person types on the account pages: a one-time code, a new password."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm

__all__ = ["PasswordChangeForm", "TokenForm"]


class TokenForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the backup codes."""

    token = forms.CharField(
        label="动态口令",
        max_length=16,
        min_length=6,
        strip=True,
        error_messages={
            "required": "请输入动态口令",
            "min_length": "动态口令至少 6 位",
            "max_length": "动态口令不超过 16 位",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form (old password, new twice, the password policy); Chinese labels."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["old_password"].label = "当前密码"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        self.error_messages["password_incorrect"] = "当前密码不正确，请重新输入。"  # noqa: S105
        self.error_messages["password_mismatch"] = "两次输入的新密码不一致。"  # noqa: S105
