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


class SectionReviewForm(forms.Form):
    text = forms.CharField(label="Edited text", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    comment = forms.CharField(
        label="Comment to the officer",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you return the section.",
    )


class RecommendationReviewForm(forms.Form):
    agree = forms.ChoiceField(
        label="Do you agree with the recommendation?",
        choices=[("yes", "Yes, agree"), ("no", "No, challenge it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree with the recommendation"},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you challenge the recommendation: the officer reads it.",
    )


class CommitteeReferForm(forms.Form):
    reasons = forms.CharField(
        label="Why the case goes to committee",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One reason a line.",
        error_messages={"required": "Enter why the case goes to committee"},
    )


class CommitteeDecisionForm(forms.Form):
    meeting_on = _date("Meeting date")
    decision = forms.ChoiceField(label="The committee's decision", choices=Decision.choices, widget=forms.RadioSelect)
    minutes = forms.CharField(label="The committee's reasons", widget=forms.Textarea(attrs={"rows": 4}))


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
