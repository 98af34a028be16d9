"""The macro parameters of a form field: what a caller overrides must not drop what it did not mention."""

from django import forms

from bops.core.govuk import field


class _Form(forms.Form):
    answer = forms.ChoiceField(
        label="Is the proposal development?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )


def test_a_legend_given_only_its_classes_keeps_its_text():
    """A fieldset with no legend text has no accessible name: a screen reader hears "Yes, No" with no question."""
    params = field(_Form()["answer"], fieldset={"legend": {"classes": "govuk-fieldset__legend--m"}})
    assert params["fieldset"]["legend"] == {
        "text": "Is the proposal development?",
        "classes": "govuk-fieldset__legend--m",
    }


def test_a_value_that_is_not_a_dict_replaces_the_default():
    params = field(_Form()["answer"], classes="govuk-radios--inline")
    assert params["classes"] == "govuk-radios--inline"
    assert params["fieldset"]["legend"]["text"] == "Is the proposal development?"
