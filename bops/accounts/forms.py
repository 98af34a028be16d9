from django import forms

from bops.accounts.models import Role


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@council.gov.uk",
        },
    )
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput,
        max_length=128,
        error_messages={"required": "Enter your password"},
    )


class InviteForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=200, error_messages={"required": "Enter the person's name"})
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address like name@council.gov.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role", choices=Role.choices, widget=forms.RadioSelect, error_messages={"required": "Choose a role"}
    )


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput,
        max_length=128,
        help_text="At least 12 characters. Avoid common words and your name.",
        error_messages={"required": "Enter a password"},
    )
    confirm = forms.CharField(
        label="Confirm the password",
        widget=forms.PasswordInput,
        max_length=128,
        error_messages={"required": "Enter the password again"},
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password") and data.get("confirm") and data["password"] != data["confirm"]:
            self.add_error("confirm", "The passwords do not match")
        return data
