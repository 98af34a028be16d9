"""The form of the assessment against legislation: the section 55 question, the classes with their paragraphs, and
a class whose paragraphs the service does not hold, all on one page and saved by one submit.

Every class of the part has its paragraphs in the form (shown under its checkbox), so choosing a class and marking
its paragraphs is one submit. A paragraph not yet assessed starts as complied with: the officer reads the class and
marks the exceptions (the paragraphs that are not met, or cannot be determined yet).
"""

import re
from typing import Any

from django import forms

from bops.assessment import gpdo
from bops.assessment.legislation import LegislationState, is_other
from bops.assessment.models import Outcome

YES_NO = [("yes", "Yes"), ("no", "No")]
OTHER = "other"


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
    other_part = forms.CharField(label="Part of Schedule 2", required=False, max_length=2)
    other_class = forms.CharField(label="Class", required=False, max_length=3)
    other_outcome = forms.ChoiceField(
        label="Does the proposal meet the class's limits and conditions?",
        choices=Outcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    other_comment = forms.CharField(
        label="What you checked, and what you found",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    def __init__(
        self, *args: Any, state: LegislationState, default: tuple[str, str] | None = None, **kwargs: Any
    ) -> None:
        """`default` is the part and class the case's type names, chosen when nothing is saved yet."""
        self.state = state
        self.part = gpdo.part_get(state.part) or gpdo.PART_1
        super().__init__(*args, **kwargs)
        if len(gpdo.parts()) > 1:
            self.fields["part"] = forms.ChoiceField(
                label="Part of Schedule 2 to the GPDO",
                choices=[(p.number, f"Part {p.number}: {p.title}") for p in gpdo.parts().values()],
                initial=self.part.number,
                help_text="Classes of one part are assessed on a case.",
            )
        self.fields["classes"] = forms.MultipleChoiceField(
            label=f"Which classes of Part {self.part.number} does the proposal fall under?",
            help_text="Choose each class, then mark any of its paragraphs the proposal does not meet.",
            choices=[
                *((c.code, f"Class {c.code}: {c.title}") for c in self.part.classes),
                (OTHER, "A class of another part of the Order"),
            ],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self._initial_choices(state, default)
        self.paragraph_fields: dict[str, tuple[str, str]] = {}
        for gpdo_class in self.part.classes:
            for paragraph in gpdo_class.paragraphs:
                check = state.checks.get(paragraph.id) if not is_other(state) else None
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
                self.initial.setdefault(outcome, check.outcome if check else Outcome.COMPLIES)
                self.initial.setdefault(comment, check.comment if check else "")
                self.paragraph_fields[paragraph.id] = (outcome, comment)

    def _initial_choices(self, state: LegislationState, default: tuple[str, str] | None) -> None:
        if state.is_development is not None:
            self.initial.setdefault("is_development", "yes" if state.is_development else "no")
        elif default is not None:
            # A prior approval is asked for development that the GPDO permits: it is development by definition.
            self.initial.setdefault("is_development", "yes")
        if is_other(state):
            code = state.classes[0]
            check = state.checks[code]
            chosen: list[str] = [OTHER]
            other = {"other_part": state.part, "other_class": code, "other_outcome": check.outcome}
            other["other_comment"] = check.comment
        elif state.classes or state.is_development is False:
            chosen, other = list(state.classes), {}
        elif default is not None and gpdo.class_get(*default) is not None and default[0] == self.part.number:
            chosen, other = [default[1]], {}
        elif default is not None and gpdo.class_get(*default) is None:
            chosen, other = [OTHER], {"other_part": default[0], "other_class": default[1]}
        else:
            chosen, other = [], {}
        self.initial.setdefault("classes", chosen)
        for name, value in other.items():
            self.initial.setdefault(name, value)

    def class_paragraphs(self) -> list[tuple[gpdo.GpdoClass, list[tuple[gpdo.Group, list[tuple[str, str]]]]]]:
        """Each class of the part with its paragraphs' field names by group, for the page."""
        return [
            (c, [(group, [self.paragraph_fields[p.id] for p in paragraphs]) for group, paragraphs in c.grouped()])
            for c in self.part.classes
        ]

    @property
    def other_chosen(self) -> bool:
        return OTHER in (self.cleaned_data.get("classes") or [])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        chosen = cleaned.get("classes") or []
        if cleaned.get("is_development") == "yes":
            if not chosen:
                self.add_error("classes", "Choose the classes the proposal falls under.")
            elif OTHER in chosen and len(chosen) > 1:
                self.add_error(
                    "classes", f"Assess either classes of Part {self.part.number} or a class of another part."
                )
        return cleaned

    def listed_classes(self) -> list[str]:
        return [code for code in self.cleaned_data.get("classes") or [] if code != OTHER]

    def results(self) -> dict[str, tuple[str, str]]:
        """The posted outcome and comment of every paragraph, by paragraph id (the service keeps the chosen ones)."""
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
