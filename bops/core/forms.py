from django import forms
from django.forms.utils import ErrorDict

from bops.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form, against its field when the form has that field.

    The form may be unbound (an action button with no fields of its own, like "Mark as complete"): it then
    carries the refusal alone, and the error summary shows it."""
    if not form.is_bound:
        form._errors = ErrorDict()
        form.cleaned_data = {}
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
