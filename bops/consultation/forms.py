from django import forms


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label="Extend by how many days, from today?",
        min_value=1,
        max_value=99,
        error_messages={
            "required": "Enter the number of days",
            "invalid": "Enter a whole number of days",
            "min_value": "Extend by at least 1 day",
            "max_value": "Extend by 99 days or fewer",
        },
    )
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the consultation is extended"},
    )
