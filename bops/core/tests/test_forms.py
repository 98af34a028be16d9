"""A service's refusal shows on any form, even one with nothing typed in it (an action button)."""

from django import forms

from bops.core.errors import DomainError
from bops.core.forms import add_domain_error
from bops.core.govuk import error_summary


class Action(forms.Form):
    note = forms.CharField(required=False)


def test_a_refusal_on_an_unbound_form_is_shown_not_a_crash():
    form = Action()
    add_domain_error(form, DomainError("The case is closed."))
    assert error_summary(form) == {"titleText": "There is a problem", "errorList": [{"text": "The case is closed."}]}


def test_a_refusal_on_a_field_of_a_bound_form_links_to_it():
    form = Action({"note": "x"})
    assert form.is_valid()
    add_domain_error(form, DomainError("Too short.", field="note"))
    assert error_summary(form)["errorList"] == [{"text": "Too short.", "href": "#id_note"}]
