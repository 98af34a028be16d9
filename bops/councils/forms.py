from django import forms

from bops.councils.models import Scope
from bops.councils.services import os_maps_key_problem


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


class OsMapsKeyForm(forms.Form):
    # Not stripped: a key pasted with spaces is refused rather than quietly changed.
    key = forms.CharField(
        label="Ordnance Survey API key",
        strip=False,
        help_text="The project API key from the OS Data Hub, with the OS Maps API added to the project",
        error_messages={"required": "Enter the Ordnance Survey API key"},
    )

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        problem = os_maps_key_problem(key)
        if problem:
            raise forms.ValidationError(problem)
        return key
