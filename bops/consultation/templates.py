"""Council-editable wording for letters and emails, with {placeholders}.

Only the placeholders listed here may be used; a template with any other is refused when it is saved, with the
unknown names in the message, so a letter never goes out with a hole in it.
"""

import re
import string

from bops.core.errors import DomainError

PLACEHOLDERS: dict[str, dict[str, str]] = {
    "neighbour_letter": {
        "reference": "the application's reference",
        "address": "the site's address",
        "description": "the proposal",
        "closing_date": "the last day for comments",
        "officer": "the case officer's name",
        "council": "the council's name",
        "applicant": "the applicant's name",
        "link": "the case's page on the public register",
    },
    "decision_notice": {
        "reference": "the application's reference",
        "address": "the site's address",
        "officer": "the case officer's name",
        "council": "the council's name",
        "email": "the council's planning email address",
        "phone": "the council's planning phone number",
    },
    "consultee_email": {
        "name": "the consultee's name",
        "reference": "the application's reference",
        "address": "the site's address",
        "description": "the proposal",
        "closing_date": "the date a response is due",
        "officer": "the case officer's name",
        "council": "the council's name",
        "link": "the consultee's link to the documents and the response form",
    },
}

DEFAULTS: dict[str, tuple[str, str]] = {
    "decision_notice": (
        "",
        "If you have a question about this decision, contact {council} at {email} or on {phone}, quoting {reference}.",
    ),
    "neighbour_letter": (
        "Planning application {reference}",
        "Dear occupier,\n\n"
        "We have received a planning application for a site near you:\n\n"
        "Site: {address}\nProposal: {description}\nReference: {reference}\n\n"
        "You can see the plans and comment online at {link} (or scan the QR code). "
        "Please tell us what you think by {closing_date}.\n\n"
        "{officer}\n{council}",
    ),
    "consultee_email": (
        "Consultation on {reference}: {address}",
        "Dear {name},\n\n"
        "{council} would like your advice on this planning application:\n\n"
        "Site: {address}\nProposal: {description}\nReference: {reference}\n\n"
        "See the documents and respond at {link} by {closing_date}.\n\n"
        "{officer}\n{council}",
    ),
}


def placeholders_in(text: str, *, field: str = "body") -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        where = "subject" if field == "subject" else "wording"
        raise DomainError(
            f"The {where} has a brace that is not part of a placeholder: {error}.", field=field
        ) from error


def template_check(kind: str, *, subject: str, body: str) -> None:
    allowed = PLACEHOLDERS[kind]
    for field, text in (("subject", subject), ("body", body)):
        names = placeholders_in(text, field=field)
        unknown = sorted({n for n in names if n not in allowed})
        if unknown:
            listed = ", ".join("{" + n + "}" for n in unknown)
            raise DomainError(
                f"Unknown placeholder {listed}: use only {', '.join('{' + n + '}' for n in allowed)}.", field=field
            )
    if not body.strip():
        raise DomainError("Enter the wording.", field="body")


def template_render(text: str, values: dict[str, str]) -> str:
    """The text with each placeholder filled in (every allowed one has a value)."""
    return text.format_map({k: str(v) for k, v in values.items()})


_SAFE = re.compile(r"[{}]")


def literal(value: str) -> str:
    """A value with its braces doubled, so text typed by an officer can sit in a template."""
    return _SAFE.sub(lambda m: m.group(0) * 2, value)
