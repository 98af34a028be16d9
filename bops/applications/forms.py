from django import forms

from bops.applications.models import Status
from bops.applications.selectors import MAX_QUERY_LENGTH, Stage, Tab


class DashboardFilterForm(forms.Form):
    """The dashboard's query string. Anything it does not understand gets a message, not a 500."""

    tab = forms.ChoiceField(choices=[(t.value, t.label) for t in Tab], required=False)
    stage = forms.ChoiceField(choices=[("", "Open")] + [(s.value, s.label) for s in Stage], required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status")] + [(s.value, s.label) for s in Status if s != Status.PENDING],
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    type = forms.ChoiceField(
        label="Application type",
        choices=[("", "Any type")],
        required=False,
        error_messages={"invalid_choice": "Choose an application type from the list"},
    )
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        help_text="Reference, postcode, address or words from the description",
        error_messages={
            "max_length": f"Search must be {MAX_QUERY_LENGTH} characters or fewer",
            "null_characters_not_allowed": "Search cannot contain control characters",
        },
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, *args, type_choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Any type"), *type_choices]  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        value = self.cleaned_data.get("q") or ""
        if any(ord(c) < 32 for c in value):
            raise forms.ValidationError("Search cannot contain control characters")
        return value


class AssignForm(forms.Form):
    officer = forms.ChoiceField(
        label="Assigned officer", required=False, error_messages={"invalid_choice": "Choose an officer from the list"}
    )

    def __init__(self, *args, officers: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Unassigned"), *officers]  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter the reason", "max_length": "The reason must be 2000 characters or fewer"},
    )


class ApplicationTypeForm(forms.Form):
    is_active = forms.TypedChoiceField(
        label="Does the council accept this type of application?",
        choices=[("true", "Yes"), ("false", "No")],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the council accepts this type"},
    )
    period_days_override = forms.IntegerField(
        label="Determination period in days (optional)",
        required=False,
        min_value=1,
        max_value=365,
        help_text="Leave empty to use the statutory period.",
        error_messages={
            "invalid": "Enter the period as a whole number of days",
            "min_value": "The period must be at least 1 day",
            "max_value": "The period must be 365 days or fewer",
        },
    )
