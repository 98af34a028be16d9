"""Low-level readers for ODP submissions: pull a value out of nested JSON and record what is wrong with it.

Every reader takes the parent object, the JSON Pointer of that parent and a key. Problems are collected as
`PointerError`s on the `Reader` rather than raised, so a sender hears about every mistake at once. A parent
of `None` means "absent or already reported": readers then return their empty value without a second error,
so a missing `data.applicant` is one error, not one per applicant field.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PENNY = Decimal("0.01")
MAX_FEE = Decimal(1_000_000)


@dataclass(frozen=True)
class PointerError:
    """One problem with a submitted body: where (RFC 6901 JSON Pointer into the body) and what, in plain English."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer or '(body)'}: {self.message}"


class OdpError(Exception):
    """The submission cannot be used; `errors` lists every problem found, in the order they were found."""

    def __init__(self, errors: list[PointerError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


def escape(key: object) -> str:
    """One JSON Pointer reference token (RFC 6901: "~" becomes "~0", "/" becomes "~1")."""
    return str(key).replace("~", "~0").replace("/", "~1")


def pointer(*keys: object) -> str:
    """The JSON Pointer for a path of keys and list indexes; `pointer()` is the whole body ("")."""
    return "".join("/" + escape(key) for key in keys)


def is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class Reader:
    """Typed reads from JSON objects that record a `PointerError` for each problem instead of raising."""

    def __init__(self) -> None:
        self.errors: list[PointerError] = []

    def error(self, at: str, message: str) -> None:
        self.errors.append(PointerError(at, message))

    def _get(self, parent: dict[str, Any] | None, base: str, key: str, required: bool) -> tuple[Any, str]:
        at = f"{base}/{escape(key)}"
        if parent is None:
            return None, at
        value = parent.get(key)
        if required and (value is None or (isinstance(value, str) and not value.strip())):
            self.error(at, "is required")
            return None, at
        return value, at

    def obj(self, parent: dict[str, Any] | None, base: str, key: str, *, required: bool = False) -> dict | None:
        value, at = self._get(parent, base, key, required)
        if value is None or isinstance(value, dict):
            return value
        self.error(at, "must be an object")
        return None

    def array(self, parent: dict[str, Any] | None, base: str, key: str, *, required: bool = False) -> list:
        value, at = self._get(parent, base, key, required)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.error(at, "must be a list")
        return []

    def text(self, parent: dict[str, Any] | None, base: str, key: str, *, required: bool = False) -> str:
        value, at = self._get(parent, base, key, required)
        if value is None:
            return ""
        if isinstance(value, str):
            return value.strip()
        self.error(at, "must be text")
        return ""

    def code(self, parent: dict[str, Any] | None, base: str, key: str) -> str:
        """A reference such as a UPRN: text, or a whole number some senders use instead."""
        value = parent.get(key) if parent is not None else None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(parent, base, key)

    def nested_text(self, parent: dict[str, Any] | None, base: str, key: str, inner: str) -> str:
        """Text given either directly (`"phone": "0123"`) or wrapped (`"phone": {"primary": "0123"}`)."""
        value = parent.get(key) if parent is not None else None
        if isinstance(value, str):
            return value.strip()
        return self.text(self.obj(parent, base, key), f"{base}/{escape(key)}", inner)

    def email(self, parent: dict[str, Any] | None, base: str, key: str = "email") -> str:
        value = self.text(parent, base, key)
        if value and not EMAIL_RE.match(value):
            self.error(f"{base}/{escape(key)}", "must be an email address")
        return value

    def number(
        self, parent: dict[str, Any] | None, base: str, key: str, *, low: float | None = None, high: float | None = None
    ) -> float | None:
        value, at = self._get(parent, base, key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.error(at, "must be a number")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.error(at, f"must be between {low:g} and {high:g}")
            return None
        return float(value)

    def money(self, parent: dict[str, Any] | None, base: str, key: str) -> Decimal | None:
        """An amount in pounds, as a Decimal to the penny. Numeric strings are accepted; bools are not."""
        value, at = self._get(parent, base, key, False)
        if value is None:
            return None
        amount = None
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            try:
                amount = Decimal(str(value).strip())
            except InvalidOperation:
                amount = None
        if amount is None or not amount.is_finite():
            self.error(at, "must be a number")
            return None
        if amount < 0 or amount > MAX_FEE:
            self.error(at, "must be between 0 and 1,000,000")
            return None
        return amount.quantize(PENNY, rounding=ROUND_HALF_UP)

    def flag(self, parent: dict[str, Any] | None, base: str, key: str) -> bool | None:
        value, at = self._get(parent, base, key, False)
        if value is None or isinstance(value, bool):
            return value
        self.error(at, "must be true or false")
        return None

    def objects(self, parent: dict[str, Any] | None, base: str, key: str) -> list[tuple[str, dict]]:
        """The objects in a list with their pointers; an entry that is not an object is reported and skipped."""
        at = f"{base}/{escape(key)}"
        found = []
        for index, item in enumerate(self.array(parent, base, key)):
            if isinstance(item, dict):
                found.append((f"{at}/{index}", item))
            else:
                self.error(f"{at}/{index}", "must be an object")
        return found
