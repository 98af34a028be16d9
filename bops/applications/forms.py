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
    required_documents = forms.CharField(
        label="Documents the council requires (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="One a line, as the applicant should read it, for example: Flood risk assessment. Validation "
        "checks these beside what the submission asked for.",
    )

    def clean_required_documents(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["required_documents"].splitlines() if line.strip()]
        if any(len(line) > 100 for line in lines):
            raise forms.ValidationError("Each document name must be 100 characters or fewer")
        return list(dict.fromkeys(lines))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ApplicationByHandForm(forms.Form):
    """A paper or emailed application, typed in by an officer."""

    application_type = forms.ChoiceField(
        label="Application type", error_messages={"required": "Choose the application type"}
    )
    received_on = forms.DateField(
        label="Date received",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        help_text="For example, 27/3/2024. Leave empty for today.",
        error_messages={"invalid": "Enter the date received as a real date, like 27/3/2024"},
    )
    address_line_1 = forms.CharField(
        label="Address line 1", max_length=200, error_messages={"required": "Enter the site's address"}
    )
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.RegexField(
        label="Postcode",
        max_length=10,
        regex=r"^\s*[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\s*$",
        error_messages={"required": "Enter the site's postcode", "invalid": "Enter a real postcode, like SE1 2QH"},
    )
    uprn = forms.RegexField(
        label="UPRN (optional)",
        regex=r"^\d{1,12}$",
        required=False,
        help_text="The Unique Property Reference Number, up to 12 digits",
        error_messages={"invalid": "A UPRN has up to 12 digits and nothing else"},
    )
    description = forms.CharField(
        label="Description of the proposal",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter a description of the proposal"},
    )
    boundary = forms.CharField(
        label="Red line boundary (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=500_000,
        help_text="Draw it on the map above, or paste it as GeoJSON: a Polygon, longitude then latitude.",
    )
    applicant_name = forms.CharField(
        label="Applicant's name", max_length=200, error_messages={"required": "Enter the applicant's name"}
    )
    applicant_email = forms.EmailField(
        label="Applicant's email address (optional if the agent has one)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    applicant_phone = forms.CharField(label="Applicant's phone number (optional)", max_length=40, required=False)
    applicant_address = forms.CharField(
        label="Applicant's address, if not the site (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    agent_name = forms.CharField(label="Agent's name (optional)", max_length=200, required=False)
    agent_company = forms.CharField(label="Agent's company (optional)", max_length=200, required=False)
    agent_email = forms.EmailField(
        label="Agent's email address (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    agent_phone = forms.CharField(label="Agent's phone number (optional)", max_length=40, required=False)
    documents = MultipleFileField(
        label="Documents (optional)", required=False, help_text="PDF, images or Office documents, up to 30 MB each"
    )

    def __init__(self, *args, type_choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["application_type"].choices = [("", "Choose a type"), *type_choices]  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("applicant_email") and not data.get("agent_email") and "applicant_email" not in self.errors:
            self.add_error("applicant_email", "Enter an email address for the applicant or the agent")
        return data
