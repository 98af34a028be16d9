"""Every message of the validation stage: its words, who gets it, and its record in the case's history.

Messages go through the Notifier (GOV.UK Notify in production, the outbox in development), and each one is
written to the audit timeline with its full text, so the case shows exactly what the applicant was told.
"""

from collections.abc import Iterable
from datetime import date

from django.conf import settings

from bops.accounts.models import User
from bops.applications.models import PlanningApplication
from bops.core.audit import audit_record
from bops.core.dates import format_date
from bops.councils.selectors import council_url
from bops.notifications.notifier import get_notifier
from bops.validation.links import link_token
from bops.validation.models import RequestKind, ValidationRequest
from bops.validation.rules import RULES


def applicant_link(application: PlanningApplication) -> str:
    token = link_token(council_id=application.council_id, application_id=application.pk)
    return council_url(application.council, f"/respond/{token}")


def applicant_recipients(application: PlanningApplication) -> list[str]:
    """The applicant and the agent (BOPS writes to the first of them; both should know what is asked)."""
    return sorted({email for email in (application.agent_email, application.applicant_email) if email})


def send_to_applicant(
    *, application: PlanningApplication, kind: str, subject: str, body: str, user: User | None = None
) -> None:
    recipients = applicant_recipients(application)
    for to in recipients:
        get_notifier().send_email(
            council=application.council, application=application, to=to, subject=subject, body=body
        )
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="message_sent",
        data={"message": kind, "to": recipients, "subject": subject, "body": body},
    )


def send_to_officer(*, application: PlanningApplication, kind: str, subject: str, body: str) -> None:
    officer = application.assigned_officer
    if officer is None or not officer.is_active:
        return
    get_notifier().send_email(
        council=application.council, application=application, to=officer.email, subject=subject, body=body
    )
    audit_record(
        council=application.council,
        application=application,
        event="message_sent",
        data={"message": kind, "to": [officer.email], "subject": subject, "body": body},
    )


def _signature(application: PlanningApplication) -> str:
    council = application.council
    contact = ", ".join(part for part in (council.email, council.phone) if part)
    return f"\n\n{council.name} planning service" + (f"\nContact us: {contact}" if contact else "")


def _heading(application: PlanningApplication) -> str:
    return (
        f"Application: {application.reference_in_full}\nSite: {application.address}\n"
        f"Proposal: {application.description}\n\n"
    )


def describe_request(request: ValidationRequest) -> str:
    """One request in plain words, as the applicant reads it in a message."""
    rule = RULES[RequestKind(request.kind)]
    lines = [f"{request.sequence}. {rule.title}", f"Why: {request.reason}"]
    if request.kind == RequestKind.ADDITIONAL_DOCUMENT:
        lines.append(f"Document needed: {request.document_type}")
    elif request.kind == RequestKind.REPLACEMENT_DOCUMENT and request.document is not None:
        lines.append(f"Document to replace: {request.document.name}")
    elif request.kind == RequestKind.DESCRIPTION_CHANGE:
        lines.append(f"Proposed description: {request.proposed}")
    elif request.kind == RequestKind.TIME_EXTENSION:
        lines.append(f"Proposed new decision date: {format_date(date.fromisoformat(str(request.proposed)))}")
    elif request.kind in (RequestKind.PRE_COMMENCEMENT_CONDITION, RequestKind.HEADS_OF_TERMS):
        lines.append(f"Proposed wording: {request.proposed}")
    elif request.kind == RequestKind.BOUNDARY_CHANGE:
        lines.append("We propose a new red line boundary: you can see it on a map through the link below.")
    if request.suggestion:
        lines.append(f"What we suggest: {request.suggestion}")
    if request.response_due:
        due = format_date(request.response_due)
        if rule.auto_accept:
            lines.append(f"Answer by {due}. If you do not answer by then, we will take it that you agree.")
        else:
            lines.append(f"Answer by {due}.")
    return "\n".join(lines)


def _in_words(day: date | None) -> str:
    """A date the message relies on, in words (the callers send only once it is set)."""
    return format_date(day) if day is not None else "the date we gave you"


def _link_lines(application: PlanningApplication) -> str:
    return (
        f"\n\nSee the requests and answer them online:\n{applicant_link(application)}\n"
        f"The link works for {settings.APPLICANT_LINK_DAYS} days. "
        "If it has stopped working, open it and ask for a new one."
    )


def invalidation_notice(
    *, application: PlanningApplication, requests: Iterable[ValidationRequest], user: User | None
) -> None:
    requests = list(requests)
    latest = max(r.response_due for r in requests if r.response_due)
    body = (
        _heading(application)
        + "We have checked your application and it is not valid yet. We need the following from you before we "
        "can start to decide it:\n\n"
        + "\n\n".join(describe_request(r) for r in requests)
        + _link_lines(application)
        + f"\n\nIf we have not heard from you by {format_date(latest)}, we may return your application."
        + _signature(application)
    )
    send_to_applicant(
        application=application,
        kind="invalidation_notice",
        subject=f"Your application {application.reference_in_full} is not valid yet: changes needed",
        body=body,
        user=user,
    )


def request_notice(*, application: PlanningApplication, request: ValidationRequest, user: User | None) -> None:
    body = (
        _heading(application)
        + "We need something from you about your application:\n\n"
        + describe_request(request)
        + _link_lines(application)
        + _signature(application)
    )
    send_to_applicant(
        application=application,
        kind="validation_request",
        subject=f"{application.reference_in_full}: we need something from you",
        body=body,
        user=user,
    )


def validation_notice(*, application: PlanningApplication, user: User | None) -> None:
    due = format_date(application.statutory_date)
    if application.application_type.is_prior_approval:
        consequence = (
            f"We must tell you our decision by {due}. The permitted development right sets out what happens "
            "if we do not."
        )
    else:
        consequence = (
            f"We must decide your application by {due}, unless you agree to a longer period. If we have not decided "
            "it by then, you can appeal to the Planning Inspectorate against non-determination."
        )
    body = (
        _heading(application)
        + f"Your application is valid from {_in_words(application.valid_from)}. {consequence}"
        + _signature(application)
    )
    send_to_applicant(
        application=application,
        kind="validation_notice",
        subject=f"Your application {application.reference_in_full} is valid",
        body=body,
        user=user,
    )


def cancellation_notice(*, application: PlanningApplication, request: ValidationRequest, user: User | None) -> None:
    body = (
        _heading(application)
        + f"We have cancelled request {request.sequence} ({RULES[RequestKind(request.kind)].title.lower()}). "
        f"You do not need to answer it.\nWhy: {request.cancel_reason}" + _signature(application)
    )
    send_to_applicant(
        application=application,
        kind="request_cancelled",
        subject=f"{application.reference_in_full}: a request has been cancelled",
        body=body,
        user=user,
    )


def reminder(*, application: PlanningApplication, request: ValidationRequest) -> None:
    body = (
        _heading(application)
        + "This is a reminder that we are waiting for your answer:\n\n"
        + describe_request(request)
        + _link_lines(application)
        + _signature(application)
    )
    send_to_applicant(
        application=application,
        kind="reminder",
        subject=f"{application.reference_in_full}: reminder, please answer by {_in_words(request.response_due)}",
        body=body,
    )


def auto_acceptance_notice(*, application: PlanningApplication, request: ValidationRequest) -> None:
    body = (
        _heading(application) + f"We did not receive an answer to request {request.sequence} "
        f"({RULES[RequestKind(request.kind)].title.lower()}) by {_in_words(request.response_due)}, "
        "so we have taken it that you agree, and made the change." + _signature(application)
    )
    send_to_applicant(
        application=application,
        kind="automatic_acceptance",
        subject=f"{application.reference_in_full}: we have made the change we proposed",
        body=body,
    )


def description_changed_notice(
    *, application: PlanningApplication, request: ValidationRequest, user: User | None
) -> None:
    body = (
        _heading(application) + f"We have changed the description of your application to:\n{request.proposed}\n\n"
        f"The description was:\n{request.original}\n\nWhy: {request.reason}" + _signature(application)
    )
    send_to_applicant(
        application=application,
        kind="description_changed",
        subject=f"{application.reference_in_full}: we have changed the description",
        body=body,
        user=user,
    )


def new_link(*, application: PlanningApplication) -> None:
    body = (
        _heading(application)
        + "Here is a new link to see and answer the council's requests about your application:\n"
        + applicant_link(application)
        + f"\nIt works for {settings.APPLICANT_LINK_DAYS} days."
        + _signature(application)
    )
    send_to_applicant(
        application=application, kind="new_link", subject=f"{application.reference_in_full}: your new link", body=body
    )


def answer_received(*, application: PlanningApplication, request: ValidationRequest) -> None:
    rule = RULES[RequestKind(request.kind)]
    verdicts = {None: "answered", True: "agreed to", False: "disagreed with"}
    verdict = verdicts[request.approved]
    body = (
        f"The applicant has {verdict} request {request.sequence} ({rule.title.lower()}) on "
        f"{application.reference_in_full}, {application.address}.\n\n"
        f"Open the case: {council_url(application.council, f'/applications/{application.reference}/validation')}"
    )
    send_to_officer(
        application=application,
        kind="answer_received",
        subject=f"{application.reference_in_full} has an update: request {request.sequence} answered",
        body=body,
    )
