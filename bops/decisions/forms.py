"""Forms of the decision stage: they only parse input; the rules are in services.py."""

from django import forms

from bops.assessment.models import Decision
from bops.decisions.models import Appeal

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"]


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text="For example, 27/3/2026.",
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": "Enter the date as a real date, like 27/3/2026",
        },
    )


VERDICTS = [("accept", "Accept"), ("edit", "Edit and accept"), ("return", "Return to the officer")]


class ReviewForm(forms.Form):
    """The reviewer's one form: a verdict on each section waiting for review (fields "<slug>-verdict", "<slug>-text",
    "<slug>-comment"; each starts as accepted, so the reviewer marks only the ones to edit or return), the answer on
    the recommendation, and the decision date for determining in the same submit."""

    agree = forms.ChoiceField(
        label="Do you agree with the recommendation?",
        choices=[("yes", "Yes, I agree"), ("no", "No, return the case to the officer")],
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label="What the officer should change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The officer reads this with the case.",
    )
    determined_on = forms.DateField(
        label="Decision date",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="Today or in the past. For example, 27/3/2026.",
        error_messages={"invalid": "Enter the decision date as a real date, like 27/3/2026"},
    )

    def __init__(self, *args, sections: list, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.slugs = [item.section.slug for item in sections if item.waiting]
        for item in sections:
            if not item.waiting:
                continue
            slug = item.section.slug
            self.fields[f"{slug}-verdict"] = forms.ChoiceField(
                label=f"Your review of \u201c{item.title}\u201d",
                choices=VERDICTS,
                widget=forms.RadioSelect,
                initial="accept",
                error_messages={"required": f"Choose whether you accept \u201c{item.title}\u201d"},
            )
            self.fields[f"{slug}-text"] = forms.CharField(
                label="The text as you would have it",
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=item.latest.text,
            )
            self.fields[f"{slug}-comment"] = forms.CharField(
                label="What the officer should change", required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def verdicts(self) -> dict[str, tuple[str, str, str]]:
        data = self.cleaned_data
        return {s: (data[f"{s}-verdict"], data[f"{s}-text"], data[f"{s}-comment"]) for s in self.slugs}

    def answer(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("agree") or "")


class CommitteeReferForm(forms.Form):
    reasons = forms.CharField(
        label="Why the case goes to committee",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One reason a line.",
        error_messages={"required": "Enter why the case goes to committee"},
    )


class CommitteeDecisionForm(forms.Form):
    meeting_on = _date("Meeting date")
    decision = forms.ChoiceField(label="The committee's decision", widget=forms.RadioSelect)
    minutes = forms.CharField(label="The committee's reasons", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, decisions: tuple[Decision, ...], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(d.value, d.label) for d in decisions]


class DetermineForm(forms.Form):
    determined_on = _date("Determination date")


class AppealLodgeForm(forms.Form):
    lodged_on = _date("Date lodged")
    reason = forms.CharField(label="Grounds of appeal", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AppealUpdateForm(forms.Form):
    validated_on = _date("Date validated", required=False)
    started_on = _date("Date started", required=False)
    determined_on = _date("Date decided", required=False)
    decision = forms.ChoiceField(
        label="Decision", required=False, choices=[("", "Not decided yet"), *Appeal.Decision.choices]
    )
