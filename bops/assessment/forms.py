"""The officer's assessment forms. They check shape only; the rules are the services'."""

from django import forms

from bops.applications.forms import MultipleFileField
from bops.assessment.models import Outcome, PolicyAssessment

_DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]


def _text(label: str, *, required: bool = True, rows: int = 4, message: str = "", **kwargs) -> forms.CharField:  # type: ignore[no-untyped-def]
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": message} if message else {},
        **kwargs,
    )


class SectionForm(forms.Form):
    text = _text("Your assessment", rows=8, required=False)


class SiteHistoryForm(forms.Form):
    reference = forms.CharField(label="Reference", max_length=60, error_messages={"required": "Enter the reference"})
    description = _text("Description", rows=2, message="Describe the earlier application")
    decision = forms.CharField(label="Decision", max_length=100, required=False, help_text="For example, granted.")
    decided_on = forms.DateField(
        label="Decision date",
        required=False,
        input_formats=_DATE_FORMATS,
        help_text="For example, 27/3/2019.",
        error_messages={"invalid": "Enter the decision date as a real date, like 27/3/2019"},
    )
    comment = _text("Comment", required=False, rows=2)


class SiteVisitForm(forms.Form):
    visited_on = forms.DateField(
        label="Date of the visit",
        input_formats=_DATE_FORMATS,
        help_text="For example, 27/3/2026.",
        error_messages={
            "required": "Enter the date of the visit",
            "invalid": "Enter the date of the visit as a real date, like 27/3/2026",
        },
    )
    notes = _text("What you saw", required=False)
    photos = MultipleFileField(
        label="Photos (optional)",
        required=False,
        allow_empty_file=True,
        help_text="You can choose more than one image. They are kept with the case and never published.",
    )


class ConditionForm(forms.Form):
    library = forms.ChoiceField(
        label="A standard condition from your council's library",
        required=False,
        help_text="Leave this empty to write your own condition below.",
    )
    title = forms.CharField(label="Title", max_length=200, required=False)
    text = _text("Condition", required=False)
    reason = _text("Reason", required=False, rows=2, help_text="Every condition needs a reason.")
    pre_commencement = forms.ChoiceField(
        label="Must it be met before work starts?",
        choices=[("no", "No"), ("yes", "Yes, the applicant is asked to agree it")],
        widget=forms.RadioSelect,
        initial="no",
        required=False,
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [("", "None: write your own"), *choices]


class InformativeForm(forms.Form):
    library = forms.ChoiceField(
        label="A standard informative from your council's library",
        required=False,
        help_text="Leave this empty to write your own informative below.",
    )
    title = forms.CharField(label="Title", max_length=200, required=False)
    text = _text("Informative", required=False)

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = [("", "None: write your own"), *choices]


class RecommendationForm(forms.Form):
    decision = forms.ChoiceField(
        label="What do you recommend?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision you recommend"},
    )
    reasons = _text(
        "Reasons",
        message="Enter the reasons for the recommendation",
        help_text="Public: these are printed on the decision notice.",
    )
    internal_comment = _text("Comment for the reviewer", required=False, rows=3, help_text="Not published.")

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices


class PolicyAddForm(forms.Form):
    policy = forms.ChoiceField(
        label="A policy from your council's library", error_messages={"required": "Choose a policy to add"}
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [("", "Choose a policy"), *choices]


class PoliciesForm(forms.Form):
    """The outcome and comment of every policy on the case, saved together (fields outcome_<id> and comment_<id>),
    with the officer's summary of the assessment against the development plan."""

    summary = _text(
        "Summary",
        required=False,
        rows=4,
        help_text="Required when no policy is on the case: say how the development plan bears on the proposal, "
        "or why none of its policies applies.",
    )

    def __init__(self, *args, assessments: list[PolicyAssessment], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.assessments = assessments
        for item in assessments:
            self.fields[f"outcome_{item.pk}"] = forms.ChoiceField(
                label=f"Does the proposal comply with {item.policy.reference}?",
                choices=Outcome.choices,
                widget=forms.RadioSelect,
                initial=item.outcome,
                error_messages={"required": f"Choose whether the proposal complies with {item.policy.reference}"},
            )
            self.fields[f"comment_{item.pk}"] = _text(
                "Comment",
                required=False,
                rows=3,
                initial=item.comment,
                help_text="Required when the proposal does not comply.",
            )

    def rows(self) -> list[tuple[PolicyAssessment, forms.BoundField, forms.BoundField]]:
        return [(a, self[f"outcome_{a.pk}"], self[f"comment_{a.pk}"]) for a in self.assessments]

    def answers(self) -> list[tuple[int, str, str]]:
        data = self.cleaned_data
        return [(a.pk, data[f"outcome_{a.pk}"], data[f"comment_{a.pk}"]) for a in self.assessments]


class TermForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter the title of the term"})
    text = _text("Term", message="Enter the text of the term")


class SiteHistoryImportForm(forms.Form):
    file = forms.FileField(
        label="Import from a CSV file",
        help_text="Columns: reference, description, decision, decided_on (like 2019-03-27). At most 500 rows.",
        error_messages={"required": "Choose a CSV file"},
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be a CSV file in UTF-8") from None


class CilForm(forms.Form):
    liable = forms.ChoiceField(
        label="Is the development liable for the Community Infrastructure Levy?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the development is liable for CIL"},
    )
