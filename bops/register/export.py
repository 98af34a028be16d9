"""The register's search as a CSV file: the same parameters as the page, every matching row up to a cap.

Every cell that a spreadsheet would read as a formula (starting with = + - @, or a tab or carriage return) is
prefixed with an apostrophe, so opening the file never runs anything someone typed into an application.
"""

import csv
import io
from collections.abc import Callable
from datetime import date

from django.utils import timezone

from bops.councils.models import Council
from bops.register.pages import CSV_LIMIT
from bops.register.search import (
    RegisterQuery,
    register_applications,
    register_filter,
    register_ordered,
    register_rows,
)

COLUMNS = [
    "Reference",
    "Address",
    "Postcode",
    "Application type",
    "Description",
    "Status",
    "Decision",
    "Received",
    "Valid from",
    "Consultation end",
    "Decided",
    "Link",
]
CHUNK = 1_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def register_csv(
    *, council: Council, query: RegisterQuery, today: date, link: Callable[[str], str], limit: int = CSV_LIMIT
) -> tuple[str, int]:
    """The CSV text and the number of rows in it (at most `limit`), reading CHUNK cases per query."""
    matching = register_filter(register_applications(council=council), query, today=today)
    ordered = register_ordered(matching, query).select_related("application_type", "consultation", "determination")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    count = 0
    for start in range(0, limit, CHUNK):
        applications = list(ordered[start : min(start + CHUNK, limit)])
        for row in register_rows(applications, today=today):
            a = row.application
            a.council = council
            determination = getattr(a, "determination", None)
            decided = determination.determined_on if determination else None
            if decided is None and a.determined_at:
                decided = timezone.localtime(a.determined_at).date()
            address = ", ".join(part for part in (a.address_line_1, a.address_line_2, a.town) if part)
            writer.writerow(
                [
                    safe_cell(cell)
                    for cell in (
                        a.reference_in_full,
                        address,
                        a.postcode,
                        a.application_type.description,
                        a.description,
                        row.state.label.value,
                        row.decision.value if row.decision else "",
                        _iso(timezone.localtime(a.received_at).date()),
                        _iso(a.valid_from),
                        _iso(row.consultation_end),
                        _iso(decided),
                        link(a.reference),
                    )
                ]
            )
            count += 1
        if len(applications) < CHUNK:
            break
    return buffer.getvalue(), count
