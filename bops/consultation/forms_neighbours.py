"""Forms of the neighbours page: write to the addresses around the site, find more, draw an area."""

from django import forms

from bops.consultation.addresses import FoundAddress


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search for an address",
        help_text="A street, a house number and street, or a postcode",
        max_length=200,
        error_messages={"required": "Enter an address or postcode to search for"},
    )


class AddFromSearchForm(forms.Form):
    q = forms.CharField(widget=forms.HiddenInput, max_length=200)
    uprns = forms.MultipleChoiceField(
        label="Addresses found",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one address", "invalid_choice": "Choose from the list"},
    )

    def __init__(self, *args, found: list[FoundAddress], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["uprns"].choices = [(a.uprn, a.address) for a in found]  # type: ignore[attr-defined]


class AreaForm(forms.Form):
    polygon = forms.CharField(
        label="Area to write to (GeoJSON)",
        help_text="Drawn on the map above, or a GeoJSON polygon pasted here. Every address inside is added.",
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        max_length=200_000,
        error_messages={"required": "Draw an area on the map, or paste its GeoJSON"},
    )


class SendForm(forms.Form):
    """One submit: the chosen addresses around the site are added, and every neighbour not yet written to gets a
    letter (and the chosen ones again, with the reason)."""

    chosen = forms.MultipleChoiceField(
        label="Addresses around the site",
        help_text="Adjoining properties are ticked: check each against the map and the plans.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the addresses offered"},
    )
    resend = forms.MultipleChoiceField(
        label="Write again to",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the neighbours already written to"},
    )
    resend_reason = forms.CharField(
        label="Why are you writing again?",
        help_text='Printed at the top of the letter as "Application updated: …"',
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(  # type: ignore[no-untyped-def]
        self, *args, written_to: list[tuple[int, str]], suggestions: list[tuple[str, str]], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resend"].choices = [(str(pk), address) for pk, address in written_to]  # type: ignore[attr-defined]
        self.fields["chosen"].choices = suggestions  # type: ignore[attr-defined]
