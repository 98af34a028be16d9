"""The applicant's answer to one validation request, shaped by the kind's answer style (rules.Answer).

The form only reads what was sent; whether it is enough (a reason when disagreeing, a file when one is asked
for, a file that is what its name says) is decided by services.validation_request_answer, whose errors name
these same fields: agree, reason, text, files.
"""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from bops.applications.forms import MultipleFileField
from bops.documents.services import Upload, size_in_words
from bops.documents.sniffing import EXTENSIONS
from bops.validation.rules import Answer, KindRule
from bops.validation.services import Answered

MAX_TEXT = 5000


def accepted_types() -> str:
    """The kinds of file accepted, by their usual extensions: "PDF, PNG, JPG, ..."."""
    return ", ".join(extensions[0].upper() for extensions in EXTENSIONS.values())


def accept_attribute() -> str:
    """The file picker's filter: every accepted extension."""
    return ",".join(f".{extension}" for extensions in EXTENSIONS.values() for extension in extensions)


class AnswerForm(forms.Form):
    agree = forms.TypedChoiceField(
        label="Do you agree?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose yes or no"},
    )
    reason = forms.CharField(
        label="If you do not agree, tell us why",
        help_text="You must tell us why if you answer no.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=MAX_TEXT,
        error_messages={"max_length": f"Your reason must be {MAX_TEXT:,} characters or fewer"},
    )
    text = forms.CharField(
        label="Your answer",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=MAX_TEXT,
        error_messages={"max_length": f"Your answer must be {MAX_TEXT:,} characters or fewer"},
    )

    def __init__(self, *args, rule: KindRule, files_label: str = "", **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.rule = rule
        keep = {Answer.AGREE: {"agree", "reason"}, Answer.TEXT: {"text"}, Answer.FILES: {"text"}}[rule.answer]
        for name in set(self.fields) - keep:
            del self.fields[name]
        if rule.answer == Answer.FILES or rule.files_allowed:
            # Added here, not declared on the class: a form's `files` attribute is the request's uploaded files.
            self.fields["files"] = MultipleFileField(required=False, allow_empty_file=True)
            self._describe_files(files_label)
        if rule.answer == Answer.FILES:
            self.fields["text"].label = "Anything you want to tell us about the files (optional)"

    def _describe_files(self, label: str) -> None:
        files = self.fields["files"]
        files.label = (label or "Upload files") if self.rule.answer == Answer.FILES else "Upload files (optional)"
        hint = (
            f"You can choose more than one file. Each file must be one of these types: {accepted_types()}, "
            f"and no larger than {size_in_words(settings.DOCUMENT_MAX_BYTES)}."
        )
        if self.is_bound:
            # A browser never keeps chosen files when a page is shown again.
            hint += " If you chose files before, choose them again."
        files.help_text = hint

    def answered(self) -> Answered:
        """The answer for the service, from a valid form. Each file is read up to one byte past the size limit:
        enough for the service to refuse it as too big, without holding a huge upload in memory."""
        data = self.cleaned_data
        uploads: list[UploadedFile] = data.get("files") or []
        limit = settings.DOCUMENT_MAX_BYTES + 1
        return Answered(
            agree=data.get("agree"),
            reason=data.get("reason") or "",
            text=data.get("text") or "",
            uploads=[Upload(name=f.name or "", content=f.read(limit), declared_type=f.content_type) for f in uploads],
        )
