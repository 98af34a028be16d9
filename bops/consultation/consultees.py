"""Consultees: the council's directory, the consultees of each case, their emails, links, responses and reminders.

Writes lock the case (or check the administrator's role for the directory), follow the rules and are audited;
every email goes through the Notifier and is recorded in the case's history with its full text. A consultee's
response through the portal is taken only after its link is read again here, signature and age checked
(consultee_links.py), so no view can accept a response on a link it did not verify.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.applications.lifecycle import CLOSED
from bops.applications.models import ApplicationConstraint, PlanningApplication, Status
from bops.consultation import rules
from bops.consultation.consultee_links import LinkError, consultee_link_read, consultee_token
from bops.consultation.models import (
    CaseConsultee,
    Consultee,
    ConsulteeResponse,
    ConsulteeStance,
    MessageTemplate,
    PublicityEvent,
)
from bops.consultation.services import (
    OFFICER_ROLES,
    consultation_ensure,
    consultation_open_for_work,
    lock_application,
    publicity_event_add,
)
from bops.consultation.templates import DEFAULTS, template_render
from bops.core import dates
from bops.core.audit import audit_record
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.councils.models import Council
from bops.councils.selectors import council_url
from bops.documents.models import Document
from bops.documents.services import Upload, document_add, upload_check
from bops.notifications.models import OutboxMessage
from bops.notifications.notifier import get_notifier
from bops.validation.constraints import CONSTRAINTS

MAX_RESPONSE = 20_000
NEW_LINK_SECONDS = 60
RESPONSE_TAGS = ["internal.consulteeResponse"]

# --- The directory (administrators) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsulteeDetails:
    name: str
    organisation: str
    email: str
    role: str = ""
    internal: bool = False
    constraint_codes: tuple[str, ...] = ()


def _details_check(details: ConsulteeDetails) -> None:
    if not details.name.strip():
        raise DomainError("Enter the consultee's name.", field="name")
    if not details.organisation.strip():
        raise DomainError("Enter the consultee's organisation.", field="organisation")
    if "@" not in details.email:
        raise DomainError("Enter an email address, like name@example.org.", field="email")
    unknown = sorted(set(details.constraint_codes) - set(CONSTRAINTS))
    if unknown:
        raise DomainError(f"Unknown constraint {', '.join(unknown)}.", field="constraint_codes")


def _directory_get(*, council: Council, consultee_id: int) -> Consultee:
    consultee = Consultee.objects.select_for_update().filter(council=council, pk=consultee_id).first()
    if consultee is None:
        raise DomainError("There is no such consultee in your council's directory.")
    return consultee


def _details_data(consultee: Consultee) -> dict:
    return {
        "name": consultee.name,
        "role": consultee.role,
        "organisation": consultee.organisation,
        "email": consultee.email,
        "internal": consultee.internal,
        "constraint_codes": consultee.constraint_codes,
    }


def _apply(consultee: Consultee, details: ConsulteeDetails) -> None:
    consultee.name = details.name.strip()
    consultee.role = details.role.strip()
    consultee.organisation = details.organisation.strip()
    consultee.email = details.email.strip().lower()
    consultee.internal = details.internal
    consultee.constraint_codes = sorted(set(details.constraint_codes))


@transaction.atomic
def consultee_create(*, council: Council, user: User, details: ConsulteeDetails) -> Consultee:
    check_role(user, Role.ADMINISTRATOR)
    _details_check(details)
    consultee = Consultee(council=council)
    _apply(consultee, details)
    consultee.save()
    audit_record(
        council=council,
        user=user,
        event="consultee_created",
        data={"consultee": consultee.pk, **_details_data(consultee)},
    )
    return consultee


@transaction.atomic
def consultee_update(*, council: Council, user: User, consultee_id: int, details: ConsulteeDetails) -> Consultee:
    check_role(user, Role.ADMINISTRATOR)
    _details_check(details)
    consultee = _directory_get(council=council, consultee_id=consultee_id)
    before = _details_data(consultee)
    _apply(consultee, details)
    consultee.save()
    audit_record(
        council=council,
        user=user,
        event="consultee_updated",
        data={"consultee": consultee.pk, "before": before, "after": _details_data(consultee)},
    )
    return consultee


@transaction.atomic
def consultee_set_active(*, council: Council, user: User, consultee_id: int, active: bool) -> Consultee:
    """Deactivating keeps the consultee on the cases they were consulted on; they are no longer offered."""
    check_role(user, Role.ADMINISTRATOR)
    consultee = _directory_get(council=council, consultee_id=consultee_id)
    consultee.is_active = active
    consultee.save(update_fields=["is_active", "updated_at"])
    audit_record(
        council=council,
        user=user,
        event="consultee_reactivated" if active else "consultee_deactivated",
        data={"consultee": consultee.pk, "name": consultee.name},
    )
    return consultee


def consultees_of(*, council: Council, active_only: bool = False) -> QuerySet[Consultee]:
    consultees = Consultee.objects.filter(council=council)
    return consultees.filter(is_active=True) if active_only else consultees


# --- A case's consultees (reads) ------------------------------------------------------------------------------


def case_consultee_for_link(*, council: Council, application_id: int, case_consultee_id: int) -> CaseConsultee | None:
    """What a consultee's link opens: that consultee on that case in this council, or nothing."""
    return (
        CaseConsultee.objects.select_related(
            "consultee", "consultation__application__council", "consultation__application__application_type"
        )
        .filter(council=council, consultation__application_id=application_id, pk=case_consultee_id)
        .first()
    )


def case_consultees(*, application: PlanningApplication) -> list[CaseConsultee]:
    responses = Prefetch("responses", queryset=ConsulteeResponse.objects.select_related("recorded_by"))
    return list(
        CaseConsultee.objects.filter(council=application.council, consultation__application=application)
        .select_related("consultee")
        .prefetch_related(responses, "responses__documents")
        .order_by("consultee__organisation", "consultee__name", "id")
    )


def consultee_suggestions(*, application: PlanningApplication) -> list[tuple[Consultee, list[str]]]:
    """Active consultees whose constraints are among the case's current ones and who are not on the case yet,
    each with the names of the constraints that suggest them."""
    codes = set(
        ApplicationConstraint.objects.filter(application=application, removed_at__isnull=True).values_list(
            "code", flat=True
        )
    )
    if not codes:
        return []
    on_case = set(
        CaseConsultee.objects.filter(consultation__application=application).values_list("consultee_id", flat=True)
    )
    suggested = []
    for consultee in consultees_of(council=application.council, active_only=True):
        matched = sorted(codes & set(consultee.constraint_codes or []))
        if matched and consultee.pk not in on_case:
            suggested.append((consultee, [CONSTRAINTS.get(code, code) for code in matched]))
    return suggested


# --- A case's consultees (writes) -----------------------------------------------------------------------------


def _case_consultee_get(*, application: PlanningApplication, case_consultee_id: int) -> CaseConsultee:
    found = (
        CaseConsultee.objects.select_for_update(of=("self",))
        .select_related("consultee")
        .filter(council=application.council, consultation__application=application, pk=case_consultee_id)
        .first()
    )
    if found is None:
        raise DomainError("There is no such consultee on this case.")
    return found


@transaction.atomic
def case_consultee_add(*, council: Council, application_id: int, user: User, consultee_id: int) -> CaseConsultee:
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    consultee = Consultee.objects.filter(council=council, pk=consultee_id, is_active=True).first()
    if consultee is None:
        raise DomainError("Choose a consultee from your council's directory.", field="consultee")
    consultation = consultation_ensure(application)
    if CaseConsultee.objects.filter(consultation=consultation, consultee=consultee).exists():
        raise DomainError(f"{consultee} is already a consultee on this case.", field="consultee")
    case_consultee = CaseConsultee.objects.create(council=council, consultation=consultation, consultee=consultee)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="consultee_added",
        data={"consultee": consultee.pk, "name": str(consultee)},
    )
    return case_consultee


@transaction.atomic
def case_consultee_add_and_email(
    *, council: Council, application_id: int, user: User, consultee_id: int
) -> CaseConsultee:
    """Add a consultee from the directory and email them their link at once: one step where the officer would
    otherwise add, then tick and send. Both or neither happen."""
    added = case_consultee_add(council=council, application_id=application_id, user=user, consultee_id=consultee_id)
    (sent,) = consultee_emails_send(
        council=council, application_id=application_id, user=user, case_consultee_ids=[added.pk]
    )
    return sent


@transaction.atomic
def case_consultee_remove(*, council: Council, application_id: int, user: User, case_consultee_id: int) -> None:
    """Only a consultee not yet consulted can be taken off a case: one who was emailed stays in the record."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    case_consultee = _case_consultee_get(application=application, case_consultee_id=case_consultee_id)
    if case_consultee.status != CaseConsultee.Status.NOT_CONSULTED or case_consultee.responses.exists():
        raise DomainError(f"{case_consultee.consultee} has been consulted, so stays on the case.")
    name = str(case_consultee.consultee)
    case_consultee.delete()
    audit_record(council=council, user=user, application=application, event="consultee_removed", data={"name": name})


# --- Emails ---------------------------------------------------------------------------------------------------


def consultee_link(case_consultee: CaseConsultee, application: PlanningApplication) -> str:
    token = consultee_token(
        council_id=application.council_id, application_id=application.pk, case_consultee_id=case_consultee.pk
    )
    return council_url(application.council, f"/consultee/{token}")


def _email(
    *, application: PlanningApplication, to: str, kind: str, subject: str, body: str, user: User | None
) -> OutboxMessage | None:
    """Send one email and record it, with its full text, in the case's history. The message as the Notifier
    recorded it (with its status) is returned."""
    get_notifier().send_email(council=application.council, application=application, to=to, subject=subject, body=body)
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="message_sent",
        data={"message": kind, "to": [to], "subject": subject, "body": body},
    )
    return (
        OutboxMessage.objects.filter(council=application.council, application=application, to=to)
        .order_by("-id")
        .first()
    )


def _officer_name(application: PlanningApplication, user: User | None) -> str:
    officer = application.assigned_officer or user
    return officer.name if officer is not None else f"{application.council.name} planning service"


def consultee_email_words(
    *, application: PlanningApplication, case_consultee: CaseConsultee, closing: date, user: User | None
) -> tuple[str, str]:
    """The subject and body of a consultee's email: the council's own wording, or the default."""
    template = MessageTemplate.objects.filter(
        council=application.council, kind=MessageTemplate.Kind.CONSULTEE_EMAIL
    ).first()
    subject, body = (template.subject, template.body) if template else DEFAULTS["consultee_email"]
    if template and not subject:
        subject = DEFAULTS["consultee_email"][0]
    values = {
        "name": case_consultee.consultee.name,
        "reference": application.reference_in_full,
        "address": application.address,
        "description": application.description,
        "closing_date": format_date(closing),
        "officer": _officer_name(application, user),
        "council": application.council.name,
        "link": consultee_link(case_consultee, application),
    }
    return template_render(subject, values), template_render(body, values)


def _reason_for(case_consultee: CaseConsultee) -> str:
    if case_consultee.status == CaseConsultee.Status.NOT_CONSULTED:
        return "send"
    if case_consultee.status == CaseConsultee.Status.RESPONDED:
        return "reconsult"
    return "resend"


@transaction.atomic
def consultee_emails_send(
    *, council: Council, application_id: int, user: User, case_consultee_ids: list[int], reason: str = ""
) -> list[CaseConsultee]:
    """Email the chosen consultees their link, with 21 days to respond (DMPO 2015 art. 22). Those already
    emailed are sent again (resent, or reconsulted once they have responded) only with a reason."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    if not case_consultee_ids:
        raise DomainError("Choose the consultees to email.", field="consultees")
    chosen = [_case_consultee_get(application=application, case_consultee_id=pk) for pk in set(case_consultee_ids)]
    reasons = {c.pk: _reason_for(c) for c in chosen}
    if any(r != "send" for r in reasons.values()) and not reason.strip():
        raise DomainError("Say why you are emailing consultees who have been emailed before.", field="reason")
    # Sent after hours, the email counts from the next working day (DMPO 2015 art. 22 gives 21 days from receipt).
    today = dates.receipt_date(timezone.now())
    # The same rule as the consultation's own period, so the consultee's date and the end date agree: 21 days
    # beginning with the day they are sent, public holidays not counted.
    closing = rules.period_end(start=today, period_days=rules.CONSULTEE_DAYS, skip_holidays=True)
    for case_consultee in chosen:
        case_consultee.status = CaseConsultee.Status.SENDING
        case_consultee.save(update_fields=["status", "updated_at"])
        subject, body = consultee_email_words(
            application=application, case_consultee=case_consultee, closing=closing, user=user
        )
        message = _email(
            application=application,
            to=case_consultee.consultee.email,
            kind=f"consultee_email_{reasons[case_consultee.pk]}",
            subject=subject,
            body=body,
            user=user,
        )
        failed = message is not None and message.status == "failed"
        case_consultee.status = CaseConsultee.Status.FAILED if failed else CaseConsultee.Status.AWAITING_RESPONSE
        case_consultee.emailed_at = timezone.now()
        case_consultee.response_due = closing
        case_consultee.reminded_at = None
        case_consultee.save(update_fields=["status", "emailed_at", "response_due", "reminded_at", "updated_at"])
    counts = {kind: sum(1 for r in reasons.values() if r == kind) for kind in ("send", "resend", "reconsult")}
    audit_record(
        council=council,
        user=user,
        application=application,
        event="consultee_emails_sent",
        comment=reason.strip(),
        data={"consultees": sorted(str(c.consultee) for c in chosen), "response_due": closing.isoformat(), **counts},
    )
    publicity_event_add(
        application,
        kind=PublicityEvent.Kind.CONSULTEES,
        on=today,
        user=user,
        reason=reason.strip() or f"{len(chosen)} consultee{'s' if len(chosen) != 1 else ''} emailed",
    )
    return chosen


# --- Responses ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    stance: str
    text: str
    uploads: list[Upload]


def _response_check(response: Response) -> list[str]:
    if response.stance not in ConsulteeStance.values:
        raise DomainError("Choose no objection, amendments needed or objection.", field="stance")
    if not response.text.strip():
        raise DomainError("Enter the response.", field="text")
    if len(response.text) > MAX_RESPONSE:
        raise DomainError(f"The response must be {MAX_RESPONSE:,} characters or fewer.", field="text")
    return [upload_check(upload, field="files") for upload in response.uploads]


def _response_store(
    *,
    application: PlanningApplication,
    case_consultee: CaseConsultee,
    response: Response,
    content_types: list[str],
    received_at: datetime,
    user: User | None,
) -> ConsulteeResponse:
    stored = ConsulteeResponse.objects.create(
        council=application.council,
        case_consultee=case_consultee,
        stance=response.stance,
        text=response.text.strip(),
        received_at=received_at,
        recorded_by=user,
    )
    for upload, content_type in zip(response.uploads, content_types, strict=True):
        document = document_add(
            application=application,
            user=user,
            name=upload.name,
            content=upload.content,
            content_type=content_type,
            tags=RESPONSE_TAGS,
            received_at=received_at,
        )
        stored.documents.add(document)
    case_consultee.status = CaseConsultee.Status.RESPONDED
    case_consultee.save(update_fields=["status", "updated_at"])
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="consultee_response_received",
        comment=stored.text,
        data={
            "consultee": str(case_consultee.consultee),
            "stance": stored.stance,
            "through": "officer" if user is not None else "link",
            "received_at": received_at.isoformat(),
            "documents": [upload.name for upload in response.uploads],
        },
    )
    return stored


def _officer_told(application: PlanningApplication, case_consultee: CaseConsultee, stance: str) -> None:
    officer = application.assigned_officer
    if officer is None or not officer.is_active:
        return
    page = council_url(application.council, f"/applications/{application.reference}/consultation/consultees")
    _email(
        application=application,
        to=officer.email,
        kind="consultee_response_received",
        subject=f"{application.reference_in_full}: {case_consultee.consultee.organisation} has responded",
        body=(
            f"{case_consultee.consultee} has responded to the consultation on {application.reference_in_full}, "
            f"{application.address}: {ConsulteeStance(stance).label.lower()}.\n\nRead the response: {page}"
        ),
        user=None,
    )


@transaction.atomic
def consultee_response_submit(*, council: Council, token: str, response: Response) -> ConsulteeResponse:
    """A consultee's response through their link. The link is read again here: a forged, altered or foreign
    link, one for another case's consultee, or one that has expired since the page was opened, stores nothing."""
    try:
        link = consultee_link_read(token, council_id=council.pk)
    except LinkError as error:
        raise DomainError("This link is not valid.", code="not_valid") from error
    if link.expired:
        raise DomainError("This link has expired: ask for a new one.", code="expired")
    application = lock_application(council=council, application_id=link.application_id)
    case_consultee = (
        CaseConsultee.objects.select_for_update(of=("self",))
        .select_related("consultee")
        .filter(council=council, consultation__application=application, pk=link.case_consultee_id)
        .first()
    )
    if case_consultee is None:
        raise DomainError("This link is not valid.", code="not_valid")
    if application.status in CLOSED:
        raise DomainError(
            f"This application is {Status(application.status).label.lower()}: it takes no more responses.",
            code="closed",
        )
    content_types = _response_check(response)
    stored = _response_store(
        application=application,
        case_consultee=case_consultee,
        response=response,
        content_types=content_types,
        received_at=timezone.now(),
        user=None,
    )
    _officer_told(application, case_consultee, response.stance)
    return stored


@transaction.atomic
def consultee_response_record(
    *,
    council: Council,
    application_id: int,
    user: User,
    case_consultee_id: int,
    response: Response,
    received_on: date,
) -> ConsulteeResponse:
    """A response the council received another way (email, post), typed in by an officer."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    case_consultee = _case_consultee_get(application=application, case_consultee_id=case_consultee_id)
    if received_on > timezone.localdate():
        raise DomainError("The date received cannot be in the future.", field="received_on")
    content_types = _response_check(response)
    received_at = timezone.make_aware(datetime.combine(received_on, datetime.min.time()).replace(hour=12))
    return _response_store(
        application=application,
        case_consultee=case_consultee,
        response=response,
        content_types=content_types,
        received_at=received_at,
        user=user,
    )


# --- New links and reminders ----------------------------------------------------------------------------------


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def _link_lines(case_consultee: CaseConsultee, application: PlanningApplication) -> str:
    return (
        f"See the documents and respond at {consultee_link(case_consultee, application)}\n"
        f"The link works for {settings.CONSULTEE_LINK_DAYS} days. If it has stopped working, open it and ask for "
        "a new one."
    )


@transaction.atomic
def consultee_new_link_send(*, council: Council, token: str, email: str) -> CaseConsultee:
    """Email a fresh link to the address the visitor typed, only if it is in the consultee's organisation (the
    same email domain), and at most once a minute for a consultee. The old link may have expired; it must still
    be correctly signed and of this council."""
    try:
        link = consultee_link_read(token, council_id=council.pk)
    except LinkError as error:
        raise DomainError("This link is not valid.", code="not_valid") from error
    application = lock_application(council=council, application_id=link.application_id)
    case_consultee = (
        CaseConsultee.objects.select_for_update(of=("self",))
        .select_related("consultee")
        .filter(council=council, consultation__application=application, pk=link.case_consultee_id)
        .first()
    )
    if case_consultee is None:
        raise DomainError("This link is not valid.", code="not_valid")
    if application.status in CLOSED:
        raise DomainError(
            f"This application is {Status(application.status).label.lower()}: it takes no more responses.",
            code="closed",
        )
    email = email.strip().lower()
    if "@" not in email or _domain(email) != _domain(case_consultee.consultee.email):
        raise DomainError(
            "Enter an email address at the organisation we consulted: we can only send a new link there.",
            field="email",
        )
    now = timezone.now()
    if case_consultee.link_sent_at and now - case_consultee.link_sent_at < timedelta(seconds=NEW_LINK_SECONDS):
        raise DomainError(
            "We sent a new link less than a minute ago: check your email, or try again soon.", field="email"
        )
    _email(
        application=application,
        to=email,
        kind="consultee_new_link",
        subject=f"{application.reference_in_full}: your new link",
        body=(
            f"Here is a new link to the consultation on {application.reference_in_full}, {application.address}.\n\n"
            + _link_lines(case_consultee, application)
            + f"\n\n{council.name} planning service"
        ),
        user=None,
    )
    case_consultee.link_sent_at = now
    case_consultee.save(update_fields=["link_sent_at", "updated_at"])
    return case_consultee


def consultee_reminders_send(*, today: date) -> str:
    """Remind, once, every consultee whose response is overdue, with a fresh link. Idempotent: a consultee
    reminded is never reminded again until emailed afresh. Each case is handled in its own transaction."""
    due = (
        CaseConsultee.objects.filter(
            status=CaseConsultee.Status.AWAITING_RESPONSE, response_due__lt=today, reminded_at__isnull=True
        )
        .exclude(consultation__application__status__in=CLOSED)
        .values_list("council_id", "consultation__application_id", "pk")
    )
    reminded = 0
    for council_id, application_id, pk in list(due):
        with transaction.atomic():
            application = lock_application(council=Council.objects.get(pk=council_id), application_id=application_id)
            case_consultee = (
                CaseConsultee.objects.select_for_update(of=("self",))
                .select_related("consultee")
                .filter(pk=pk, status=CaseConsultee.Status.AWAITING_RESPONSE, reminded_at__isnull=True)
                .first()
            )
            if case_consultee is None:
                continue
            _email(
                application=application,
                to=case_consultee.consultee.email,
                kind="consultee_reminder",
                subject=f"Reminder: consultation on {application.reference_in_full}, {application.address}",
                body=(
                    f"Dear {case_consultee.consultee.name},\n\n"
                    f"We asked for your advice on {application.reference_in_full}, {application.address}, by "
                    f"{format_date(case_consultee.response_due or today)}, and have not had it yet.\n\n"
                    + _link_lines(case_consultee, application)
                    + f"\n\n{_officer_name(application, None)}\n{application.council.name}"
                ),
                user=None,
            )
            case_consultee.reminded_at = timezone.now()
            case_consultee.save(update_fields=["reminded_at", "updated_at"])
            reminded += 1
    return f"{reminded} consultees reminded"


def document_for_consultee(*, application: PlanningApplication, document_id: int) -> Document | None:
    """A document of the case that is shared with consultees (and is not archived)."""
    return Document.objects.filter(
        council=application.council,
        application=application,
        pk=document_id,
        for_consultees=True,
        archived_at__isnull=True,
    ).first()


def documents_for_consultees(*, application: PlanningApplication) -> list[Document]:
    return list(
        Document.objects.filter(
            council=application.council, application=application, for_consultees=True, archived_at__isnull=True
        )
    )
