"""Forms of the council's libraries: a condition, an informative, a local plan policy."""

from typing import Any

from django import forms

from bops.assessment.libraries import ConditionDetails, Details, InformativeDetails, LibraryItem, PolicyDetails

YES_NO = [("true", "Yes"), ("false", "No")]
_OFFERED = "Say whether officers may choose it"


def _yes_no(label: str, hint: str, required: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=hint,
        choices=YES_NO,
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
        error_messages={"required": required},
    )


class _LibraryForm(forms.Form):
    details_class: type[Details]

    def __init__(self, *args: Any, item: LibraryItem | None = None, **kwargs: Any) -> None:
        if item is not None:
            kwargs.setdefault("initial", self.initial_from(item))
        super().__init__(*args, **kwargs)
        if item is None:
            del self.fields["is_active"]

    def initial_from(self, item: LibraryItem) -> dict[str, Any]:
        values = {name: getattr(item, name) for name in self.base_fields}
        return {k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in values.items()}

    def controls(self) -> list[tuple[str, forms.BoundField]]:
        """Each field with the GOV.UK component that renders it: radios, textarea or input."""
        controls = []
        for bound in self:
            widget = bound.field.widget
            kind = (
                "radios"
                if isinstance(widget, forms.RadioSelect)
                else "textarea"
                if isinstance(widget, forms.Textarea)
                else "input"
            )
            controls.append((kind, bound))
        return controls

    def details(self) -> Details:
        values: dict[str, Any] = {name: self.cleaned_data.get(name) for name in self.fields}
        values.setdefault("is_active", True)
        return self.details_class(**values)


class ConditionForm(_LibraryForm):
    details_class = ConditionDetails
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    text = forms.CharField(
        label="Condition", widget=forms.Textarea(attrs={"rows": 5}), error_messages={"required": "Enter the condition"}
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Printed on the decision notice after the condition.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the condition"},
    )
    pre_commencement = _yes_no(
        "Is it a pre-commencement condition?",
        "The applicant must agree to it before the decision.",
        "Say whether it is a pre-commencement condition",
    )
    is_active = _yes_no(
        "Is it offered to officers?", "Deactivated conditions stay on the cases that used them.", _OFFERED
    )


class InformativeForm(_LibraryForm):
    details_class = InformativeDetails
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    text = forms.CharField(
        label="Informative",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the informative"},
    )
    is_active = _yes_no(
        "Is it offered to officers?", "Deactivated informatives stay on the cases that used them.", _OFFERED
    )


class PolicyForm(_LibraryForm):
    details_class = PolicyDetails
    reference = forms.CharField(
        label="Reference",
        help_text="The local plan's reference, for example P13.",
        max_length=40,
        error_messages={"required": "Enter the policy's reference"},
    )
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    text = forms.CharField(label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    url = forms.URLField(
        label="Link to the policy (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://www.example.gov.uk/local-plan"},
    )
    is_active = _yes_no(
        "Is it offered to officers?", "Deactivated policies stay on the cases that used them.", _OFFERED
    )
