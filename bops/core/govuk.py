"""Turns Django forms into the parameters of the GOV.UK Frontend macros.

Templates call `field(form["name"])` and pass the result to the macro of the same component, so every
form control is rendered by the Design System's own markup, with its label, hint and error message.
"""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS


def _choice_items(bound: forms.BoundField, *, multiple: bool) -> list[dict[str, Any]]:
    value = bound.value()
    selected = {str(v) for v in value} if multiple and value else {str(value) if value is not None else ""}
    return [
        {
            "value": str(choice_value),
            "text": str(label),
            "checked": str(choice_value) in selected,
            "selected": str(choice_value) in selected,
        }
        for choice_value, label in bound.field.choices  # type: ignore[attr-defined]
    ]


def field(bound: forms.BoundField, **extra: Any) -> dict[str, Any]:
    """Macro parameters for one bound field. `extra` is merged in (e.g. classes, label overrides)."""
    widget = bound.field.widget
    params: dict[str, Any] = {
        "id": bound.id_for_label or bound.html_name,
        "name": bound.html_name,
        "label": {"text": str(bound.label)},
    }
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        params = {
            "idPrefix": bound.html_name,
            "name": bound.html_name,
            "fieldset": {"legend": {"text": str(bound.label), "classes": "govuk-fieldset__legend--s"}},
            "items": _choice_items(bound, multiple=isinstance(widget, forms.CheckboxSelectMultiple)),
        }
    elif isinstance(widget, forms.Select):
        params["items"] = _choice_items(bound, multiple=False)
    else:
        value = bound.value()
        params["value"] = "" if value is None else str(value)
    if isinstance(widget, forms.PasswordInput):
        params["value"] = ""
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    if bound.errors:
        params["errorMessage"] = {"text": str(bound.errors[0])}
    return _merged(params, extra)


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`extra` over `base`, nested dicts merged at every depth: `fieldset={"legend": {"classes": ...}}` keeps the
    legend's text (a shallow merge dropped it, leaving the fieldset with no accessible name)."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def error_summary(form: forms.Form) -> dict[str, Any] | None:
    """Parameters for govukErrorSummary, linking each error to its field; None when the form is valid."""
    errors = form.errors if form.is_bound else form._errors  # an unbound form carries only a service's refusal
    if not errors:
        return None
    items: list[dict[str, Any]] = []
    for name, field_errors in errors.items():
        if name == NON_FIELD_ERRORS:
            items.extend({"text": str(error)} for error in field_errors)
            continue
        bound = form[name]
        widget = bound.field.widget
        target = (
            f"{bound.html_name}"
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))
            else (bound.id_for_label or bound.html_name)
        )
        items.extend({"text": str(error), "href": f"#{target}"} for error in field_errors)
    return {"titleText": "There is a problem", "errorList": items}
