from django import forms

from bops.core.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form, against its field when the form has that field."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
