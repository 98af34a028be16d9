"""Forms of the consultees pages: the directory, a case's consultees, and the consultee's response.

The forms read what was sent; the rules (a reason to email again, a file that is what its name says, a
date not in the future) are the services' (consultees.py), whose errors name these same fields.
"""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from bops.applications.forms import MultipleFileField
from bops.consultation.consultees import MAX_RESPONSE, ConsulteeDetails, Response
from bops.consultation.models import ConsulteeStance
from bops.documents.services import Upload, size_in_words
from bops.validation.applicant_forms import accepted_types
from bops.validation.constraints import CONSTRAINTS


class ConsulteeForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the consultee's name"})
    role = forms.CharField(label="Role (optional)", max_length=200, required=False)
    organisation = forms.CharField(
        label="Organisation", max_length=200, error_messages={"required": "Enter the consultee's organisation"}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={"required": "Enter the email address", "invalid": "Enter an email address, like a@b.org"},
    )
    internal = forms.TypedChoiceField(
        label="Inside or outside the council?",
        choices=[("internal", "Internal: a team of the council"), ("external", "External: another body")],
        coerce=lambda value: value == "internal",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose internal or external"},
    )
    constraint_codes = forms.MultipleChoiceField(
        label="Constraints that suggest consulting them (optional)",
        choices=[(code, CONSTRAINTS[code]) for code in sorted(CONSTRAINTS, key=CONSTRAINTS.__getitem__)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def initial_from(cls, consultee) -> dict:  # type: ignore[no-untyped-def]
        return {
            "name": consultee.name,
            "role": consultee.role,
            "organisation": consultee.organisation,
            "email": consultee.email,
            "internal": "internal" if consultee.internal else "external",
            "constraint_codes": consultee.constraint_codes,
        }

    def details(self) -> ConsulteeDetails:
        data = self.cleaned_data
        return ConsulteeDetails(
            name=data["name"],
            role=data.get("role") or "",
            organisation=data["organisation"],
            email=data["email"],
            internal=data["internal"],
            constraint_codes=tuple(data.get("constraint_codes") or ()),
        )


class AddConsulteeForm(forms.Form):
    consultee = forms.TypedChoiceField(
        label="Add a consultee from the directory",
        coerce=int,
        error_messages={"required": "Choose a consultee", "invalid_choice": "Choose a consultee from the list"},
    )

    def __init__(self, *args, consultees=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        choices = [(c.pk, f"{c.organisation}: {c.name}" + (f" ({c.role})" if c.role else "")) for c in consultees]
        self.fields["consultee"].choices = [("", "Choose a consultee"), *choices]  # type: ignore[attr-defined]


class SendForm(forms.Form):
    consultees = forms.TypedMultipleChoiceField(
        label="Email these consultees",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the consultees to email", "invalid_choice": "Choose from the list"},
    )
    reason = forms.CharField(
        label="Why are you emailing them again? (needed to resend or reconsult)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, case_consultees=(), **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["consultees"].choices = [  # type: ignore[attr-defined]
            (c.pk, f"{c.consultee} ({c.get_status_display().lower()})") for c in case_consultees
        ]


def _files_hint(bound: bool) -> str:
    hint = (
        f"Optional. You can choose more than one file. Each file must be one of these types: {accepted_types()}, "
        f"and no larger than {size_in_words(settings.DOCUMENT_MAX_BYTES)}."
    )
    return hint + (" If you chose files before, choose them again." if bound else "")


class ResponseForm(forms.Form):
    stance = forms.ChoiceField(
        label="Your advice",
        choices=ConsulteeStance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose no objection, amendments needed or objection"},
    )
    text = forms.CharField(
        label="Your response",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_RESPONSE,
        error_messages={
            "required": "Enter your response",
            "max_length": f"Your response must be {MAX_RESPONSE:,} characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # Added here, not declared on the class: a form's `files` attribute is the request's uploaded files.
        self.fields["files"] = MultipleFileField(
            label="Attach files", required=False, allow_empty_file=True, help_text=_files_hint(self.is_bound)
        )

    def response(self) -> Response:
        """Each file is read up to one byte past the size limit: enough for the service to refuse it."""
        uploads: list[UploadedFile] = self.cleaned_data.get("files") or []
        limit = settings.DOCUMENT_MAX_BYTES + 1
        return Response(
            stance=self.cleaned_data["stance"],
            text=self.cleaned_data["text"],
            uploads=[Upload(name=f.name or "", content=f.read(limit), declared_type=f.content_type) for f in uploads],
        )


class OfficerResponseForm(ResponseForm):
    received_on = forms.DateField(
        label="Date received",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        help_text="For example, 27/3/2025",
        error_messages={
            "required": "Enter the date the response was received",
            "invalid": "Enter the date received as a real date, like 27/3/2025",
        },
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["stance"].label = "Their advice"
        self.fields["text"].label = "Their response"
        self.fields["text"].error_messages["required"] = "Enter the response"


class NewLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your work email address",
        help_text="It must be at the organisation we consulted.",
        max_length=254,
        error_messages={"required": "Enter your email address", "invalid": "Enter an email address, like a@b.org"},
    )
