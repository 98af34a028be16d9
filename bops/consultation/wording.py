"""The council's own wording for neighbour letters and consultee emails: what is in use, a preview with example
values, saving (administrators only, placeholders checked first) and going back to the default. Every change is
audited with the wording before and after.

Sending reads the saved wording itself (neighbours.letter_wording, consultees.consultee_email_words); this module
only manages it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.consultation import rules, templates
from bops.consultation.models import MessageTemplate
from bops.core.audit import audit_record
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.councils.models import Council
from bops.councils.selectors import council_url

MAX_SUBJECT = 300  # the column's length
MAX_BODY = 10_000

KINDS: dict[str, str] = dict(MessageTemplate.Kind.choices)
EXAMPLE_REFERENCE = "25-00123-HAPP"


@dataclass(frozen=True)
class Wording:
    kind: str
    label: str
    subject: str
    body: str
    is_default: bool


def wording_kind_check(kind: str) -> None:
    if kind not in KINDS or kind not in templates.PLACEHOLDERS:
        raise DomainError("There is no such letter or email.", code="not_found")


def _wording(kind: str, own: MessageTemplate | None) -> Wording:
    """The wording in use: the council's own, or the default (an empty own subject means the default's)."""
    default_subject, default_body = templates.DEFAULTS[kind]
    if own is None:
        return Wording(kind=kind, label=KINDS[kind], subject=default_subject, body=default_body, is_default=True)
    return Wording(
        kind=kind, label=KINDS[kind], subject=own.subject or default_subject, body=own.body, is_default=False
    )


def wording_get(*, council: Council, kind: str) -> Wording:
    """The wording the council sends for `kind`."""
    wording_kind_check(kind)
    return _wording(kind, MessageTemplate.objects.filter(council=council, kind=kind).first())


def wordings_of(*, council: Council) -> list[Wording]:
    """The wording of every kind of message, in one query."""
    own = {t.kind: t for t in MessageTemplate.objects.filter(council=council)}
    return [_wording(kind, own.get(kind)) for kind in KINDS]


def example_values(*, council: Council, kind: str) -> dict[str, str]:
    """Made-up values for every placeholder of `kind`, to show what a message will look like."""
    wording_kind_check(kind)
    values = {
        "name": "Harriet Hughes",
        "reference": EXAMPLE_REFERENCE,
        "address": "12 Example Road, London, SE1 1AA",
        "description": "Erection of a single storey rear extension",
        "closing_date": format_date(
            rules.period_end(start=timezone.localdate(), period_days=rules.NEIGHBOUR_DAYS, skip_holidays=True)
        ),
        "officer": "Sam Taylor",
        "council": council.name,
        "applicant": "Jo Bloggs",
        "email": council.email,
        "phone": council.phone,
        "link": council_url(council, f"/planning-applications/{EXAMPLE_REFERENCE}")
        if kind == MessageTemplate.Kind.NEIGHBOUR_LETTER
        else council_url(council, "/consultee/example-link"),
    }
    return {name: values[name] for name in templates.PLACEHOLDERS[kind]}


def wording_preview(*, council: Council, kind: str, subject: str, body: str) -> tuple[str, str]:
    """The subject and body filled with example values; a DomainError when the wording cannot be used."""
    subject, body = _clean(subject, body)
    _check(kind, subject=subject, body=body)
    values = example_values(council=council, kind=kind)
    return templates.template_render(subject, values), templates.template_render(body, values)


def _clean(subject: str, body: str) -> tuple[str, str]:
    """One line for the subject; the body with the browser's line endings made plain and its ends trimmed."""
    return " ".join(subject.split()), body.replace("\r\n", "\n").replace("\r", "\n").strip()


def _check(kind: str, *, subject: str, body: str) -> None:
    wording_kind_check(kind)
    if not subject and templates.DEFAULTS[kind][0]:
        raise DomainError("Enter the subject.", field="subject")
    if len(subject) > MAX_SUBJECT:
        raise DomainError(f"The subject must be {MAX_SUBJECT} characters or fewer.", field="subject")
    if len(body) > MAX_BODY:
        raise DomainError(f"The wording must be {MAX_BODY:,} characters or fewer.", field="body")
    templates.template_check(kind, subject=subject, body=body)


def _as_data(wording: Wording) -> dict:
    return {"subject": wording.subject, "body": wording.body, "default": wording.is_default}


def _audit(*, council: Council, user: User, before: Wording, after: Wording) -> None:
    audit_record(
        council=council,
        user=user,
        event="message_template_updated",
        data={"kind": after.kind, "before": _as_data(before), "after": _as_data(after)},
    )


@transaction.atomic
def message_template_save(*, council: Council, user: User, kind: str, subject: str, body: str) -> MessageTemplate:
    """Save the council's wording for `kind`. Refused, with nothing saved, if a placeholder is unknown or a brace
    is not part of one (the message names it)."""
    check_role(user, Role.ADMINISTRATOR)
    subject, body = _clean(subject, body)
    _check(kind, subject=subject, body=body)
    template = MessageTemplate.objects.select_for_update().filter(council=council, kind=kind).first()
    before = _wording(kind, template)
    if template is None:
        template = MessageTemplate(council=council, kind=kind)
    template.subject = subject
    template.body = body
    template.save()
    _audit(council=council, user=user, before=before, after=_wording(kind, template))
    return template


@transaction.atomic
def message_template_reset(*, council: Council, user: User, kind: str) -> bool:
    """Go back to the default wording for `kind`; False when the council already used it (nothing changes)."""
    check_role(user, Role.ADMINISTRATOR)
    wording_kind_check(kind)
    template = MessageTemplate.objects.select_for_update().filter(council=council, kind=kind).first()
    if template is None:
        return False
    before = _wording(kind, template)
    template.delete()
    _audit(council=council, user=user, before=before, after=_wording(kind, None))
    return True
