from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def render_page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """Render a page; when a form on it has errors, the title starts with "Error: " (GOV.UK pattern)."""
    forms_with_errors = [
        value for value in context.values() if getattr(value, "is_bound", False) and getattr(value, "errors", None)
    ]
    context.setdefault("page_has_errors", bool(forms_with_errors))
    return render(request, template, context, status=status)
