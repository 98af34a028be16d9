from django import forms

from bops.councils.models import Scope


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="Who will use it, for example PlanX",
        error_messages={"required": "Enter a name for the key"},
    )
    scopes = forms.MultipleChoiceField(
        label="What may the key do?",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what the key may do", "invalid_choice": "Choose from the list"},
    )
