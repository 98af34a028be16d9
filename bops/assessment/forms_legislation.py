"""The form of the assessment against legislation: the section 55 question, the classes, and each paragraph."""

import re
from typing import Any

from django import forms

from bops.assessment import gpdo
from bops.assessment.legislation import LegislationState
from bops.assessment.models import Outcome

YES_NO = [("yes", "Yes"), ("no", "No")]


def paragraph_key(paragraph_id: str) -> str:
    """A paragraph id made safe for field names and HTML ids: "A.1(ja)" becomes "A-1-ja"."""
    return re.sub(r"[^A-Za-z0-9]+", "-", paragraph_id).strip("-")


class LegislationForm(forms.Form):
    is_development = forms.ChoiceField(
        label="Is the proposal development?",
        help_text="Section 55 of the Town and Country Planning Act 1990. If it is not, no class is assessed.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the proposal is development."},
    )
    s55_comment = forms.CharField(
        label="Why (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    def __init__(self, *args: Any, state: LegislationState, **kwargs: Any) -> None:
        self.state = state
        self.part = gpdo.part_get(state.part) or gpdo.PART_1
        super().__init__(*args, **kwargs)
        if len(gpdo.parts()) > 1:
            self.fields["part"] = forms.ChoiceField(
                label="Part of Schedule 2 to the GPDO",
                choices=[(p.number, f"Part {p.number}: {p.title}") for p in gpdo.parts().values()],
                initial=state.part,
                help_text="Classes of one part are assessed on a case.",
            )
        self.fields["classes"] = forms.MultipleChoiceField(
            label=f"Which classes of Part {self.part.number} does the proposal fall under?",
            help_text="Each chosen class adds its paragraphs below, to be determined.",
            choices=[(c.code, f"Class {c.code}: {c.title}") for c in self.part.classes],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.initial.setdefault("classes", list(state.classes))
        if state.is_development is not None:
            self.initial.setdefault("is_development", "yes" if state.is_development else "no")
        self.paragraph_fields: dict[str, tuple[str, str]] = {}
        for gpdo_class in self.chosen_classes():
            for paragraph in gpdo_class.paragraphs:
                check = state.checks.get(paragraph.id)
                key = paragraph_key(paragraph.id)
                outcome, comment = f"outcome_{key}", f"comment_{key}"
                self.fields[outcome] = forms.ChoiceField(
                    label=f"Paragraph {paragraph.id}",
                    help_text=paragraph.text,
                    choices=Outcome.choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.fields[comment] = forms.CharField(
                    label=f"Comment on {paragraph.id}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    max_length=5000,
                )
                self.initial.setdefault(outcome, check.outcome if check else Outcome.TO_BE_DETERMINED)
                self.initial.setdefault(comment, check.comment if check else "")
                self.paragraph_fields[paragraph.id] = (outcome, comment)

    def chosen_classes(self) -> list[gpdo.GpdoClass]:
        return [c for c in self.part.classes if c.code in self.state.classes]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("is_development") == "yes" and not cleaned.get("classes"):
            self.add_error("classes", "Choose the classes the proposal falls under.")
        return cleaned

    def results(self) -> dict[str, tuple[str, str]]:
        """The posted outcome and comment of every paragraph shown, by paragraph id."""
        return {
            paragraph_id: (self.cleaned_data[outcome], self.cleaned_data[comment])
            for paragraph_id, (outcome, comment) in self.paragraph_fields.items()
            if self.cleaned_data.get(outcome)
        }

    def field_for(self, paragraph_id: str | None) -> str | None:
        """The form field a service's refusal about a paragraph belongs to."""
        if paragraph_id in self.paragraph_fields:
            return self.paragraph_fields[paragraph_id][0]
        return paragraph_id
