"""The Jinja2 environment for every page: GOV.UK Frontend macros, URLs, static files, dates."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from bops.core import govuk
from bops.core.audit import event_label
from bops.core.dates import format_date


def _template_dirs() -> list[Path]:
    root = Path(settings.BASE_DIR) / "bops"
    return [root / "templates", *sorted(root.glob("*/templates"))]


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def format_datetime(value: Any) -> str:
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    return f"{format_date(local.date())} at {local:%H:%M}"


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [
            FileSystemLoader([str(path) for path in _template_dirs()]),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
        ]
    )
    options.setdefault("autoescape", True)
    env = Environment(**options)  # noqa: S701 - autoescape is on
    env.globals.update(
        url=url,
        static=static,
        get_messages=get_messages,
        field=govuk.field,
        error_summary=govuk.error_summary,
        source_code_url=lambda: settings.SOURCE_CODE_URL,
    )
    env.filters.update(
        date=lambda value: format_date(value) if value else "", datetime=format_datetime, event_label=event_label
    )
    return env
