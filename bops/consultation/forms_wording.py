"""The form of the wording page. It reads what was sent; the placeholders are checked by the service
(wording.py), whose errors name these same fields."""

from django import forms

from bops.consultation.wording import MAX_BODY, MAX_SUBJECT


class WordingForm(forms.Form):
    subject = forms.CharField(
        label="Subject",
        max_length=MAX_SUBJECT,
        error_messages={
            "required": "Enter the subject",
            "max_length": f"The subject must be {MAX_SUBJECT} characters or fewer",
        },
    )
    body = forms.CharField(
        label="Wording",
        help_text="Leave a blank line between paragraphs. Use the placeholders below, in curly brackets.",
        max_length=MAX_BODY,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the wording",
            "max_length": f"The wording must be {MAX_BODY:,} characters or fewer",
        },
    )

    def __init__(self, *args, has_subject: bool = True, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if not has_subject:  # a paragraph printed on a notice has no subject line
            del self.fields["subject"]
