"""The officer's validation forms. They check shape only; the rules are the services'."""

from django import forms

from bops.validation.models import RequestKind

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label: str, required_message: str, **kwargs) -> forms.ChoiceField:  # type: ignore[no-untyped-def]
    return forms.ChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, error_messages={"required": required_message}, **kwargs
    )


def _words(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]


class ConfirmForm(forms.Form):
    checks = forms.MultipleChoiceField(
        label="Confirm the checks that need no change",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the checks that need no change"},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["checks"].choices = choices


class DocumentReviewForm(forms.Form):
    """One document's review; the page holds one per document, prefixed with the document's id."""

    valid = _yes_no("Is the document valid?", "Say whether the document is valid")
    reason = forms.CharField(
        label="Why is it invalid?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The applicant reads this when asked for a replacement.",
    )
    tags = forms.CharField(label="Tags", required=False, help_text="Separate tags with commas.")
    drawing_numbers = forms.CharField(label="Drawing numbers", required=False, help_text="Separate with commas.")
    publishable = forms.BooleanField(label="Publish on the public register", required=False)
    on_decision_notice = forms.BooleanField(label="List on the decision notice", required=False)
    for_consultees = forms.BooleanField(label="Show to consultees", required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("valid") == "no" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the document is invalid")
        if data.get("on_decision_notice") and not _words(data.get("drawing_numbers") or ""):
            self.add_error("drawing_numbers", "Give the drawing numbers of a document listed on the decision notice")
        data["tag_list"] = _words(data.get("tags") or "")
        data["drawing_number_list"] = _words(data.get("drawing_numbers") or "")
        return data


class DocumentsRequestForm(forms.Form):
    wanted = forms.MultipleChoiceField(
        label="Ask the applicant for these documents", widget=forms.CheckboxSelectMultiple, required=False
    )
    other = forms.CharField(
        label="Another document to ask for",
        required=False,
        max_length=100,
        help_text="For example, a flood risk assessment.",
    )
    reason = forms.CharField(
        label="Why do you need them?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant reads this.",
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = choices

    def clean(self) -> dict:
        data = super().clean()
        wanted = list(data.get("wanted") or []) + ([data["other"].strip()] if (data.get("other") or "").strip() else [])
        if wanted and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why you need the documents")
        data["wanted_all"] = wanted
        return data


class BoundaryForm(forms.Form):
    valid = _yes_no("Is the red line boundary correct?", "Say whether the red line boundary is correct", required=False)
    boundary = forms.CharField(
        label="Red line boundary (GeoJSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Drawing on the map fills this in. Without the map, paste a GeoJSON polygon.",
    )
    reason = forms.CharField(
        label="Why should the boundary change?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant reads this.",
    )

    def __init__(self, *args, has_boundary: bool, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.has_boundary = has_boundary

    def clean(self) -> dict:
        data = super().clean()
        if not self.has_boundary:
            if not (data.get("boundary") or "").strip():
                self.add_error("boundary", "Draw the red line boundary on the map")
            return data
        if not data.get("valid"):
            self.add_error("valid", "Say whether the red line boundary is correct")
        elif data["valid"] == "no":
            if not (data.get("boundary") or "").strip():
                self.add_error("boundary", "Draw the boundary you propose")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Say why the boundary should change")
        return data


class ConstraintAddForm(forms.Form):
    code = forms.ChoiceField(label="Constraint", error_messages={"required": "Choose the constraint to add"})
    reason = forms.CharField(
        label="Why are you adding it?",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why you are adding this constraint"},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Choose a constraint"), *choices]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3}), error_messages={"required": "Enter the reason"}
    )


class DescriptionForm(forms.Form):
    valid = _yes_no("Is the description correct?", "Say whether the description is correct")
    proposed = forms.CharField(
        label="The description you propose", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reason = forms.CharField(
        label="Why should it change?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The applicant reads this.",
    )
    needs_approval = forms.ChoiceField(
        label="Does the applicant need to agree?",
        choices=[
            ("yes", "Yes: send it to the applicant, who has 5 working days to answer"),
            ("no", "No: change it now and tell the applicant"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("valid") == "no":
            if not (data.get("proposed") or "").strip():
                self.add_error("proposed", "Enter the description you propose")
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "Say why the description should change")
            if not data.get("needs_approval"):
                self.add_error("needs_approval", "Say whether the applicant needs to agree")
        return data


class ChangeRequestForm(forms.Form):
    """Fee and ownership: correct, or ask the applicant to put it right."""

    valid = _yes_no("Is it correct?", "Say whether it is correct")
    reason = forms.CharField(
        label="What is wrong?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant reads this.",
    )
    suggestion = forms.CharField(
        label="What should the applicant do?", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("valid") == "no" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say what is wrong")
        return data


class ReportingForm(forms.Form):
    development_type = forms.ChoiceField(
        label="Development type for the statistics (PS2)",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the development type"},
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["development_type"].choices = choices


class CilForm(forms.Form):
    liable = _yes_no(
        "Is the development liable for the Community Infrastructure Levy?", "Say whether it is liable for CIL"
    )


class EiaForm(forms.Form):
    required = _yes_no(
        "Is this EIA development?",
        "Say whether this is EIA development",
        help_text="EIA development has 16 weeks for a decision and 30 days for consultation.",
    )


class OtherRequestForm(forms.Form):
    reason = forms.CharField(
        label="What do you need to ask?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant reads this.",
    )
    suggestion = forms.CharField(
        label="What should the applicant do?", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NewRequestForm(forms.Form):
    """Any kind of request, with the fields its kind needs (the service checks them)."""

    kind = forms.ChoiceField(label="What do you need from the applicant?", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why are you asking?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The applicant reads this.",
        error_messages={"required": "Say why you are asking"},
    )
    suggestion = forms.CharField(
        label="What should the applicant do?", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    document_type = forms.CharField(label="The document you need", required=False, max_length=100)
    document = forms.ChoiceField(label="The document to replace", required=False)
    proposed = forms.CharField(
        label="The wording you propose",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a description change, a pre-commencement condition or heads of terms.",
    )
    proposed_date = forms.DateField(
        label="The new decision date",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        help_text="For a time extension. For example, 27/3/2027.",
        error_messages={"invalid": "Enter the new decision date as a real date, like 27/3/2027"},
    )

    def __init__(self, *args, kinds: list[RequestKind], documents: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["document"].choices = [("", "Choose a document"), *documents]


class ValidateForm(forms.Form):
    valid_from = forms.DateField(
        label="Valid from",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        help_text="The day the last required item arrived. For example, 27/3/2026.",
        error_messages={
            "required": "Enter the date the application is valid from",
            "invalid": "Enter the date as a real date, like 27/3/2026",
        },
    )
