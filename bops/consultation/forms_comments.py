"""Forms for comments: the one the public fills in on the register (and officers for paper comments), and the
redaction form."""

from django import forms

from bops.consultation.comments import MAX_TEXT, NewComment
from bops.consultation.models import TOPICS, Stance

_TOO_LONG = f"Your comment must be {MAX_TEXT:,} characters or fewer (it has %(show_value)s)"


class CommentForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=200, error_messages={"required": "Enter your name"})
    address = forms.CharField(
        label="Your address",
        max_length=400,
        help_text="We use it to check that you live near the site. It is not published.",
        error_messages={"required": "Enter your address"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        help_text="Only if you want us to be able to reply. It is not published.",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    stance = forms.ChoiceField(
        label="What do you think of the application?",
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you support, object or are neutral"},
    )
    topics = forms.MultipleChoiceField(
        label="What is your comment about? (optional)",
        choices=list(TOPICS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose topics from the list"},
    )
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        help_text=f"Up to {MAX_TEXT:,} characters. We publish it once we have removed personal details.",
        error_messages={"required": "Enter your comment", "max_length": _TOO_LONG},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # No maxlength attribute: a browser would cut a pasted comment short without saying so.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def comment(self) -> NewComment:
        data = self.cleaned_data
        return NewComment(
            name=data["name"],
            address=data["address"],
            email=data["email"],
            stance=data["stance"],
            topics=list(data["topics"]),
            text=data["text"],
        )


class PaperCommentForm(CommentForm):
    received_on = forms.DateField(
        label="Date received",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y"],
        help_text="For example, 27/3/2025. Leave empty for today.",
        error_messages={"invalid": "Enter the date received as a real date, like 27/3/2025"},
    )
    field_order = ["received_on", "name", "address", "email", "stance", "topics", "text"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name"
        self.fields["address"].label = "Address"
        self.fields["address"].help_text = ""
        self.fields["email"].label = "Email address (optional)"
        self.fields["email"].help_text = ""
        self.fields["stance"].label = "What do they think of the application?"
        self.fields["topics"].label = "What is the comment about? (optional)"
        self.fields["text"].label = "The comment, as received"
        self.fields["text"].help_text = ""
        for name in ("name", "address", "text"):
            self.fields[name].error_messages["required"] = {
                "name": "Enter the name of the person who commented",
                "address": "Enter their address",
                "text": "Enter the comment",
            }[name]
        self.fields["stance"].error_messages["required"] = "Say whether they support, object or are neutral"
        self.fields["text"].error_messages["max_length"] = (
            f"The comment must be {MAX_TEXT:,} characters or fewer (it has %(show_value)s)"
        )


class RedactForm(forms.Form):
    redacted_text = forms.CharField(
        label="Text to publish",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Remove names, addresses, phone numbers, email addresses and anything else that identifies "
        "someone, and anything offensive. The original is kept and never published.",
        error_messages={"required": "Enter the text to publish"},
    )
