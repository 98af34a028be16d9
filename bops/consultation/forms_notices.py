"""Forms of the site and press notice pages. They check shape only; the rules are in notices.py."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from bops.consultation.models import PressNotice, SiteNotice
from bops.documents.services import Upload

YES_NO = [("yes", "Yes"), ("no", "No")]
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"]


def _required(label: str, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, error_messages={"required": message}
    )


def _date(label: str, what: str, *, required: bool = True, hint: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=f"{hint}For example, 27/3/2025.",
        error_messages={
            "required": f"Enter the date {what}",
            "invalid": f"Enter the date {what} as a real date, like 27/3/2025",
        },
    )


def upload_from(file: UploadedFile | None) -> Upload | None:
    if not file:
        return None
    return Upload(name=file.name or "upload", content=file.read(), declared_type=file.content_type)


class SiteNoticeForm(forms.Form):
    required = _required("Does the case need a site notice?", "Say whether the case needs a site notice")
    delivery = forms.ChoiceField(
        label="Who will put it up?",
        choices=SiteNotice.Delivery.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    quantity = forms.IntegerField(
        label="How many copies?",
        required=False,
        min_value=1,
        max_value=100,
        error_messages={
            "invalid": "Enter the number of copies as a whole number",
            "min_value": "Print at least 1 copy",
            "max_value": "Print 100 copies or fewer",
        },
    )
    location_instructions = forms.CharField(
        label="Where should it go?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, on the lamp post outside the front gate, facing the street.",
    )

    displayed_on = _date(
        "Date the notice went up (if it is up)",
        "the notice went up",
        required=False,
        hint="Leave it blank until the notice is up: the consultation's days begin on that day. ",
    )
    photo = forms.FileField(
        label="Photo of the notice in place (optional)",
        required=False,
        allow_empty_file=True,
        help_text="A JPEG, PNG or other image.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("required") == "no" and data.get("displayed_on"):
            self.add_error("displayed_on", "A notice that is not needed has no date: leave the date blank")
        if data.get("photo") and not data.get("displayed_on") and "displayed_on" not in self.errors:
            self.add_error("displayed_on", "Enter the date the notice went up with its photo")
        if data.get("required") == "yes":
            if not data.get("delivery"):
                self.add_error("delivery", "Choose who will put the notice up")
            if data.get("quantity") is None and "quantity" not in self.errors:
                self.add_error("quantity", "Enter the number of copies")
            if not (data.get("location_instructions") or "").strip():
                self.add_error("location_instructions", "Say where the notice should go")
        return data


class PressNoticeForm(forms.Form):
    required = _required("Does the case need a press notice?", "Say whether the case needs a press notice")
    reasons = forms.MultipleChoiceField(
        label="Why is it needed?",
        choices=PressNotice.Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
        error_messages={"invalid_choice": "Choose the reasons from the list"},
    )
    other_reason = forms.CharField(
        label="The other reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only when you chose another reason.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("required") == "yes":
            reasons = data.get("reasons") or []
            if not reasons and "reasons" not in self.errors:
                self.add_error("reasons", "Choose why a press notice is needed")
            if PressNotice.Reason.OTHER in reasons and not (data.get("other_reason") or "").strip():
                self.add_error("other_reason", "Say what the other reason is")
        return data


class PressNoticePublishedForm(forms.Form):
    published_on = _date("Date of publication", "the notice was published")
    evidence = forms.FileField(
        label="A copy of the published notice (optional)",
        required=False,
        allow_empty_file=True,
        help_text="A PDF or a photo of the page.",
    )
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example, the newspaper's name.",
    )
