"""Writes of the validation stage: checks, requests to the applicant, answers, and the validation decision.

Every write is one transaction that locks the case (then the request), checks the role and the rules, and is
audited. The rules of each request kind are the table in rules.py; the task lists are checks.py.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.applications import services as applications
from bops.applications.boundary import parse_boundary
from bops.applications.lifecycle import CLOSED, Event
from bops.applications.models import ApplicationConstraint, PlanningApplication, Status
from bops.applications.services import planning_application_lock
from bops.core import dates
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.core.tasklist import TaskStatus
from bops.councils.models import Council
from bops.documents.models import Document
from bops.documents.services import Upload, document_add, upload_check
from bops.validation import checks, messages, selectors
from bops.validation.models import RequestKind, RequestState, ValidationCheck, ValidationRequest
from bops.validation.reporting import development_types_for
from bops.validation.rules import AFTER_VALIDATION, BEFORE_VALIDATION, RULES, Answer

logger = logging.getLogger(__name__)

OFFICER_ROLES = (Role.ASSESSOR, Role.REVIEWER)


def _lock(*, council: Council, application_id: int) -> PlanningApplication:
    application = planning_application_lock(council=council, application_id=application_id)
    return application


def _lock_request(*, application: PlanningApplication, request_id: int) -> ValidationRequest:
    request = (
        ValidationRequest.objects.select_for_update(of=("self",))
        .select_related("document")
        .filter(council=application.council, application=application, pk=request_id)
        .first()
    )
    if request is None:
        raise DomainError("There is no such request on this case.")
    return request


def _refuse_if_closed(application: PlanningApplication) -> None:
    if application.status in CLOSED:
        raise DomainError(
            f"This case is {Status(application.status).label.lower()}: nothing more can be asked or changed."
        )
    if application.status == Status.PENDING:
        raise DomainError("This case has not been accepted yet.")


# --- Checks -------------------------------------------------------------------------------------------------


def _check_set(
    application: PlanningApplication, slug: str, status: TaskStatus, *, user: User | None, comment: str = ""
) -> ValidationCheck:
    check, _ = ValidationCheck.objects.select_for_update().get_or_create(
        council=application.council, application=application, slug=slug
    )
    check.status = status
    check.comment = comment or check.comment
    if status == TaskStatus.COMPLETED:
        check.completed_by = user if user is not None and user.is_authenticated else None
        check.completed_at = timezone.now()
    check.save()
    return check


def _check_done(application: PlanningApplication, slug: str, *, user: User, comment: str = "") -> ValidationCheck:
    check = _check_set(application, slug, TaskStatus.COMPLETED, user=user, comment=comment)
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="validation_check_completed",
        data={"task": slug},
    )
    return check


def _officer_lock(*, council: Council, application_id: int, user: User, slug: str) -> PlanningApplication:
    check_role(user, *OFFICER_ROLES)
    application = _lock(council=council, application_id=application_id)
    _refuse_if_closed(application)
    if slug not in checks.task_slugs(application.application_type.family) or slug in checks.DERIVED:
        raise DomainError("This case has no such validation task.")
    return application


@transaction.atomic
def validation_check_complete(
    *, council: Council, application_id: int, user: User, slug: str, comment: str = ""
) -> ValidationCheck:
    """The officer marks a task done that needs no more than that (for example "Other validation requests")."""
    application = _officer_lock(council=council, application_id=application_id, user=user, slug=slug)
    return _check_done(application, slug, user=user, comment=comment)


@transaction.atomic
def validation_checks_confirm(*, council: Council, application_id: int, user: User, slugs: Iterable[str]) -> list[str]:
    """Confirm together the tasks that need no change (checks.CONFIRMABLE says what confirming each one means)."""
    check_role(user, *OFFICER_ROLES)
    application = _lock(council=council, application_id=application_id)
    _refuse_if_closed(application)
    family_slugs = checks.task_slugs(application.application_type.family)
    chosen = [slug for slug in family_slugs if slug in set(slugs)]
    if not chosen:
        raise DomainError("Choose the checks that need no change.", field="checks")
    for slug in chosen:
        if slug not in checks.CONFIRMABLE:
            raise DomainError("That check needs more than a confirmation: open it.", field="checks")
    spec = application.application_type.spec
    if "boundary" in chosen and not application.boundary:
        raise DomainError("There is no red line boundary to confirm: draw one first.", field="checks")
    if "check-documents" in chosen:
        requests = list(application.validation_requests.all())
        missing = [
            r.description for r in selectors.required_documents(application=application, requests=requests) if r.missing
        ]
        if missing:
            raise DomainError(
                f"{missing[0]} is required and is not here: open Check and request documents to ask for it.",
                field="checks",
            )
    if "reporting" in chosen:
        allowed = development_types_for(code=spec.code, family=spec.family, is_major=spec.is_major)
        if len(allowed) != 1:
            raise DomainError(
                "Choose the development type for the statistics: open Add reporting details.", field="checks"
            )
        application.development_type = allowed[0]
    if "cil" in chosen:
        application.cil_liable = False
    if "eia" in chosen:
        applications.planning_application_apply_changes(application, eia_required=False)
    application.save()
    for slug in chosen:
        _check_set(application, slug, TaskStatus.COMPLETED, user=user)
    audit_record(
        council=council, user=user, application=application, event="validation_checks_confirmed", data={"tasks": chosen}
    )
    return chosen


@dataclass(frozen=True)
class DocumentReview:
    document_id: int
    valid: bool
    reason: str = ""
    tags: list[str] = field(default_factory=list)
    drawing_numbers: list[str] = field(default_factory=list)
    publishable: bool = False
    on_decision_notice: bool = False
    for_consultees: bool = False


@transaction.atomic
def documents_review(
    *, council: Council, application_id: int, user: User, reviews: list[DocumentReview]
) -> list[ValidationRequest]:
    """Review documents: valid or invalid (an invalid one gets a replacement request), tags, drawing numbers,
    publishing and the decision notice. Returns the replacement requests made."""
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="review-documents")
    current = {
        d.pk: d for d in Document.objects.select_for_update().filter(application=application, archived_at__isnull=True)
    }
    made = []
    for review in reviews:
        document = current.get(review.document_id)
        if document is None:
            raise DomainError("That document is not one of this case's current documents.", field="documents")
        if not review.valid and not review.reason.strip():
            raise DomainError(f"Say why {document.name} is invalid.", field=f"document-{document.pk}-reason")
        drawing_numbers = [n.strip() for n in review.drawing_numbers if n.strip()]
        if review.on_decision_notice and not drawing_numbers:
            raise DomainError(
                f"Give the drawing numbers of {document.name}: it is listed on the decision notice.",
                field=f"document-{document.pk}-drawing_numbers",
            )
        was_invalid = document.validity == Document.Validity.INVALID
        document.validity = Document.Validity.VALID if review.valid else Document.Validity.INVALID
        document.invalid_reason = "" if review.valid else review.reason.strip()
        document.tags = [t.strip() for t in review.tags if t.strip()]
        document.drawing_numbers = drawing_numbers
        document.publishable = review.publishable
        document.on_decision_notice = review.on_decision_notice
        document.for_consultees = review.for_consultees
        document.reviewed_at = timezone.now()
        document.save()
        live = ValidationRequest.objects.filter(
            document=document,
            kind=RequestKind.REPLACEMENT_DOCUMENT,
            state__in=(RequestState.PENDING, RequestState.OPEN),
        )
        if not review.valid and not live.exists():
            made.append(
                _request_make(
                    application,
                    user=user,
                    new=NewRequest(
                        kind=RequestKind.REPLACEMENT_DOCUMENT, reason=review.reason, document_id=document.pk
                    ),
                )
            )
        elif review.valid and was_invalid:
            for request in live:
                _request_cancel(application, request, user=user, reason=f"{document.name} is valid after all.")
    unreviewed = [d for d in current.values() if d.validity == Document.Validity.UNCHECKED]
    _check_set(
        application,
        "review-documents",
        TaskStatus.IN_PROGRESS if unreviewed else TaskStatus.COMPLETED,
        user=user,
    )
    audit_record(
        council=council,
        user=user,
        application=application,
        event="documents_reviewed",
        data={
            "documents": [
                {"name": current[r.document_id].name, "valid": r.valid, "reason": r.reason.strip()} for r in reviews
            ]
        },
    )
    return made


@transaction.atomic
def documents_request(
    *, council: Council, application_id: int, user: User, wanted: list[str], reason: str
) -> list[ValidationRequest]:
    """Check and request documents: ask for each missing document, or (nothing wanted) confirm none is missing."""
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="check-documents")
    wanted = [w.strip() for w in wanted if w.strip()]
    made = [
        _request_make(
            application,
            user=user,
            new=NewRequest(
                kind=RequestKind.ADDITIONAL_DOCUMENT,
                reason=reason or "Your application needs this document and it was not sent.",
                document_type=name,
            ),
        )
        for name in wanted
    ]
    _check_set(application, "check-documents", TaskStatus.COMPLETED, user=user)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="documents_checked",
        data={"requested": wanted},
    )
    return made


@transaction.atomic
def boundary_check(
    *,
    council: Council,
    application_id: int,
    user: User,
    valid: bool,
    proposed: str | dict[str, Any] | None = None,
    reason: str = "",
) -> ValidationRequest | None:
    """Confirm the red line boundary; draw one where none was submitted; or ask the applicant to agree a new one."""
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="boundary")
    if not application.boundary:
        if not proposed:
            raise DomainError("Draw the red line boundary on the map.", field="boundary")
        parsed = parse_boundary(proposed)
        applications.planning_application_apply_changes(application, boundary=parsed.feature)
        application.save()
        _check_set(application, "boundary", TaskStatus.COMPLETED, user=user)
        audit_record(
            council=council,
            user=user,
            application=application,
            event="boundary_drawn",
            data={"area_m2": parsed.area_m2},
        )
        return None
    if valid:
        _check_done(application, "boundary", user=user)
        return None
    request = _request_make(
        application,
        user=user,
        new=NewRequest(kind=RequestKind.BOUNDARY_CHANGE, reason=reason, proposed=proposed),
    )
    _check_set(application, "boundary", TaskStatus.IN_PROGRESS, user=user)
    return request


@transaction.atomic
def description_check(
    *,
    council: Council,
    application_id: int,
    user: User,
    valid: bool,
    proposed: str = "",
    reason: str = "",
    needs_approval: bool = True,
) -> ValidationRequest | None:
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="description")
    if valid:
        _check_done(application, "description", user=user)
        return None
    request = _request_make(
        application,
        user=user,
        new=NewRequest(
            kind=RequestKind.DESCRIPTION_CHANGE, reason=reason, proposed=proposed, needs_approval=needs_approval
        ),
    )
    done = request.state == RequestState.CLOSED
    _check_set(application, "description", TaskStatus.COMPLETED if done else TaskStatus.IN_PROGRESS, user=user)
    return request


@transaction.atomic
def simple_check(
    *, council: Council, application_id: int, user: User, slug: str, valid: bool, reason: str = "", suggestion: str = ""
) -> ValidationRequest | None:
    """Fee and ownership: correct, or a request to the applicant with the reason (and a suggestion)."""
    kinds = {"fee": RequestKind.FEE_CHANGE, "ownership": RequestKind.OWNERSHIP_CERTIFICATE}
    if slug not in kinds:
        raise DomainError("This case has no such validation task.")
    application = _officer_lock(council=council, application_id=application_id, user=user, slug=slug)
    if valid:
        _check_done(application, slug, user=user)
        return None
    request = _request_make(
        application, user=user, new=NewRequest(kind=kinds[slug], reason=reason, suggestion=suggestion)
    )
    _check_set(application, slug, TaskStatus.IN_PROGRESS, user=user)
    return request


@transaction.atomic
def reporting_set(*, council: Council, application_id: int, user: User, development_type: str) -> None:
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="reporting")
    spec = application.application_type.spec
    if development_type not in development_types_for(code=spec.code, family=spec.family, is_major=spec.is_major):
        raise DomainError("Choose one of the development types for this kind of application.", field="development_type")
    application.development_type = development_type
    application.save(update_fields=["development_type", "updated_at"])
    _check_set(application, "reporting", TaskStatus.COMPLETED, user=user)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="reporting_set",
        data={"development_type": development_type},
    )


@transaction.atomic
def cil_set(*, council: Council, application_id: int, user: User, liable: bool) -> None:
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="cil")
    application.cil_liable = liable
    application.save(update_fields=["cil_liable", "updated_at"])
    _check_set(application, "cil", TaskStatus.COMPLETED, user=user)
    audit_record(council=council, user=user, application=application, event="cil_set", data={"liable": liable})


@transaction.atomic
def eia_set(*, council: Council, application_id: int, user: User, required: bool) -> PlanningApplication:
    """EIA development has a 16-week period (DMPO 2015 art. 34(2)) and a 30-day consultation (EIA Regulations
    2017); the key dates follow at once."""
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="eia")
    before = application.statutory_date
    try:
        applications.planning_application_apply_changes(application, eia_required=required)
    except ValueError as error:
        # The agreed extension would end before the longer statutory period: it would no longer extend anything.
        raise DomainError(
            f"The decision date was extended to {dates.format_date(application.extended_to or before)}, before the end "
            "of the 16 weeks for EIA development: agree a later date with the applicant first.",
            field="required",
        ) from error
    application.save()
    _check_set(application, "eia", TaskStatus.COMPLETED, user=user)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="eia_set",
        data={
            "required": required,
            "statutory_date_before": before.isoformat(),
            "statutory_date": application.statutory_date.isoformat(),
        },
    )
    return application


@transaction.atomic
def constraint_add(
    *, council: Council, application_id: int, user: User, code: str, description: str, reason: str
) -> ApplicationConstraint:
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="constraints")
    code, description, reason = code.strip(), description.strip(), reason.strip()
    if not code:
        raise DomainError("Choose the constraint to add.", field="code")
    if not reason:
        raise DomainError("Say why you are adding this constraint.", field="reason")
    if application.constraints.filter(code=code, removed_at__isnull=True).exists():
        raise DomainError("The site already has this constraint.", field="code")
    constraint = ApplicationConstraint.objects.create(
        council=council,
        application=application,
        code=code,
        description=description or code,
        source=ApplicationConstraint.Source.OFFICER,
        reason=reason,
    )
    _check_set(application, "constraints", TaskStatus.IN_PROGRESS, user=user)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="constraint_added",
        comment=reason,
        data={"constraint": constraint.description},
    )
    return constraint


@transaction.atomic
def constraint_remove(*, council: Council, application_id: int, user: User, constraint_id: int, reason: str) -> None:
    application = _officer_lock(council=council, application_id=application_id, user=user, slug="constraints")
    constraint = application.constraints.select_for_update().filter(pk=constraint_id, removed_at__isnull=True).first()
    if constraint is None:
        raise DomainError("That constraint is not on this case.")
    if not reason.strip():
        raise DomainError("Say why you are removing this constraint.", field="reason")
    constraint.removed_at = timezone.now()
    constraint.removed_reason = reason.strip()
    constraint.save(update_fields=["removed_at", "removed_reason", "updated_at"])
    _check_set(application, "constraints", TaskStatus.IN_PROGRESS, user=user)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="constraint_removed",
        comment=reason.strip(),
        data={"constraint": constraint.description},
    )


# --- Requests -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewRequest:
    kind: RequestKind
    reason: str
    suggestion: str = ""
    document_id: int | None = None
    document_type: str = ""
    proposed: Any = None  # description or condition text, boundary GeoJSON, or an ISO date
    needs_approval: bool = True


def _prepared(application: PlanningApplication, new: NewRequest) -> dict[str, Any]:
    """The request's fields, checked against its kind's rules; DomainError on the first problem."""
    rule = RULES[new.kind]
    label = new.kind.label.lower()
    if application.status not in rule.when:
        when = (
            "before the application is validated"
            if rule.when == BEFORE_VALIDATION
            else "after the application is validated"
        )
        raise DomainError(f"A {label} request can only be made {when}.", field="kind")
    if not new.reason.strip():
        raise DomainError("Say why you are asking, in words the applicant will understand.", field="reason")
    if (
        rule.one_at_a_time
        and application.validation_requests.filter(
            kind=new.kind, state__in=(RequestState.PENDING, RequestState.OPEN)
        ).exists()
    ):
        raise DomainError(f"There is already a {label} request waiting for an answer: cancel it first.", field="kind")
    fields: dict[str, Any] = {"reason": new.reason.strip(), "suggestion": new.suggestion.strip()}
    if new.kind == RequestKind.ADDITIONAL_DOCUMENT:
        if not new.document_type.strip():
            raise DomainError("Say which document you need.", field="document_type")
        fields["document_type"] = new.document_type.strip()[:100]
    elif new.kind == RequestKind.REPLACEMENT_DOCUMENT:
        document = (
            application.documents.filter(pk=new.document_id, archived_at__isnull=True).first()
            if new.document_id is not None
            else None
        )
        if document is None:
            raise DomainError("Choose one of this case's current documents.", field="document")
        if document.validation_requests.filter(
            kind=RequestKind.REPLACEMENT_DOCUMENT, state__in=(RequestState.PENDING, RequestState.OPEN)
        ).exists():
            raise DomainError(f"There is already a request to replace {document.name}.", field="document")
        fields["document"] = document
    elif new.kind == RequestKind.DESCRIPTION_CHANGE:
        proposed = (new.proposed or "").strip()
        if not proposed:
            raise DomainError("Enter the description you propose.", field="proposed")
        if proposed == application.description:
            raise DomainError("The proposed description is the same as the current one.", field="proposed")
        fields.update(proposed=proposed, original=application.description, needs_approval=new.needs_approval)
    elif new.kind == RequestKind.BOUNDARY_CHANGE:
        if not new.proposed:
            raise DomainError("Draw the red line boundary you propose.", field="proposed")
        fields.update(proposed=parse_boundary(new.proposed).feature, original=application.boundary)
    elif new.kind in (RequestKind.PRE_COMMENCEMENT_CONDITION, RequestKind.HEADS_OF_TERMS):
        proposed = (new.proposed or "").strip()
        if not proposed:
            raise DomainError("Enter the wording you propose.", field="proposed")
        fields["proposed"] = proposed
    elif new.kind == RequestKind.TIME_EXTENSION:
        proposed_date = new.proposed if isinstance(new.proposed, date) else None
        if isinstance(new.proposed, str):
            try:
                proposed_date = date.fromisoformat(new.proposed)
            except ValueError:
                proposed_date = None
        if proposed_date is None:
            raise DomainError("Enter the new decision date.", field="proposed")
        if proposed_date <= application.due_date:
            raise DomainError(
                "The new date must be later than the current decision date, "
                f"{dates.format_date(application.due_date)}.",
                field="proposed",
            )
        fields.update(proposed=proposed_date.isoformat(), original=application.due_date.isoformat())
    return fields


def _request_make(application: PlanningApplication, *, user: User | None, new: NewRequest) -> ValidationRequest:
    fields = _prepared(application, new)
    sequence = (application.validation_requests.aggregate(top=Max("sequence"))["top"] or 0) + 1
    request = ValidationRequest.objects.create(
        council=application.council,
        application=application,
        kind=new.kind,
        sequence=sequence,
        post_validation=application.status in AFTER_VALIDATION,
        created_by=user if user is not None and user.is_authenticated else None,
        **fields,
    )
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="validation_request_created",
        comment=request.reason,
        data={"sequence": sequence, "kind": request.kind},
    )
    if request.kind == RequestKind.DESCRIPTION_CHANGE and not request.needs_approval:
        # The officer changes the description without asking: it applies now and the applicant is told.
        _apply_answer(application, request, approved=True)
        request.state, request.approved, request.closed_at = RequestState.CLOSED, True, timezone.now()
        request.answered_through = "officer"
        request.save()
        messages.description_changed_notice(application=application, request=request, user=user)
        return request
    if application.status != Status.NOT_STARTED:
        # On an invalid or validated case a request goes at once; before that, they wait for the invalidation.
        _send(application, [request], user=user)
        messages.request_notice(application=application, request=request, user=user)
    return request


def _send(application: PlanningApplication, requests: list[ValidationRequest], *, user: User | None) -> None:
    now = timezone.now()
    today = timezone.localdate()
    for request in requests:
        request.state = RequestState.OPEN
        request.sent_at = now
        request.response_due = dates.add_working_days(today, RULES[RequestKind(request.kind)].response_days)
        request.save(update_fields=["state", "sent_at", "response_due", "updated_at"])
        audit_record(
            council=application.council,
            user=user,
            application=application,
            event="validation_request_sent",
            data={"sequence": request.sequence, "kind": request.kind, "response_due": request.response_due.isoformat()},
        )


@transaction.atomic
def validation_request_create(
    *, council: Council, application_id: int, user: User, new: NewRequest
) -> ValidationRequest:
    check_role(user, *OFFICER_ROLES)
    application = _lock(council=council, application_id=application_id)
    _refuse_if_closed(application)
    return _request_make(application, user=user, new=new)


def _request_cancel(application: PlanningApplication, request: ValidationRequest, *, user: User, reason: str) -> None:
    was_sent = request.state == RequestState.OPEN
    request.state = RequestState.CANCELLED
    request.cancelled_at = timezone.now()
    request.cancel_reason = reason
    request.save(update_fields=["state", "cancelled_at", "cancel_reason", "updated_at"])
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="validation_request_cancelled",
        comment=reason,
        data={"sequence": request.sequence, "kind": request.kind},
    )
    if was_sent:
        messages.cancellation_notice(application=application, request=request, user=user)


@transaction.atomic
def validation_request_cancel(
    *, council: Council, application_id: int, request_id: int, user: User, reason: str
) -> ValidationRequest:
    """Cancel a request that has not been answered; the applicant is told if it had been sent."""
    check_role(user, *OFFICER_ROLES)
    application = _lock(council=council, application_id=application_id)
    _refuse_if_closed(application)
    request = _lock_request(application=application, request_id=request_id)
    if not request.is_live:
        raise DomainError(
            f"Request {request.sequence} is {request.get_state_display().lower()}: it cannot be cancelled."
        )
    if not reason.strip():
        raise DomainError("Say why you are cancelling the request.", field="reason")
    _request_cancel(application, request, user=user, reason=reason.strip())
    return request


@transaction.atomic
def validation_requests_seen(*, council: Council, application_id: int, user: User) -> int:
    """The officer has seen the applicant's answers: they no longer show as updated."""
    check_role(user, *OFFICER_ROLES)
    return ValidationRequest.objects.filter(council=council, application_id=application_id, officer_seen=False).update(
        officer_seen=True
    )


# --- The validation decision --------------------------------------------------------------------------------


@transaction.atomic
def application_invalidate(*, council: Council, application_id: int, user: User) -> PlanningApplication:
    """Invalidate: every pending request goes to the applicant and agent in one invalidation notice."""
    check_role(user, *OFFICER_ROLES)
    application = applications.planning_application_transition(
        council=council, application_id=application_id, user=user, event=Event.INVALIDATE
    )
    application = _lock(council=council, application_id=application_id)
    pending = list(application.validation_requests.filter(state=RequestState.PENDING).select_related("document"))
    _send(application, pending, user=user)
    messages.invalidation_notice(application=application, requests=pending, user=user)
    return application


def suggested_valid_from(application: PlanningApplication) -> date:
    """The day the last required item arrived: the day the application was received, or, if later, the day the
    last answer to a request for a required item counts as received (DMPO 2015 art. 34(6)(c) with art. 12;
    landscape.md §3.1). Description changes, and anything asked after validation, are not required items.

    An answer is received by the same rule as the application itself (`dates.receipt_date`): one sent at 23:59,
    at a weekend or on a bank holiday counts from the next working day. So this is never later than
    `dates.receipt_date(now)`, the latest valid-from date there can be now, and an officer validating in the
    evening can always accept it."""
    received = timezone.localtime(application.received_at).date()
    kinds = [kind for kind, rule in RULES.items() if rule.moves_valid_from]
    last = application.validation_requests.filter(
        state=RequestState.CLOSED, post_validation=False, kind__in=kinds, closed_at__isnull=False
    ).aggregate(last=Max("closed_at"))["last"]
    return max(received, dates.receipt_date(last)) if last else received


def latest_valid_from() -> date:
    """The latest valid-from date there can be now: the day an item arriving now would count as received
    (`dates.receipt_date`; the next working day in the evening, at a weekend or on a bank holiday)."""
    return dates.receipt_date(timezone.now())


@transaction.atomic
def application_validate(*, council: Council, application_id: int, user: User, valid_from: date) -> PlanningApplication:
    """Validate: confirm the valid-from date, move to assessment, send the notice. (The case has been on the
    register since it was received: DMPO 2015 art. 40; ADR 0005.)"""
    check_role(user, *OFFICER_ROLES)
    application = _lock(council=council, application_id=application_id)
    earliest = suggested_valid_from(application)
    if valid_from < earliest:
        raise DomainError(
            f"The application cannot be valid before {dates.format_date(earliest)}, "
            "the day the last required item arrived.",
            field="valid_from",
        )
    applications.planning_application_set_valid_from(
        council=council, application_id=application_id, user=user, valid_from=valid_from
    )
    application = applications.planning_application_transition(
        council=council, application_id=application_id, user=user, event=Event.VALIDATE
    )
    _check_set(application, "decision", TaskStatus.COMPLETED, user=user)
    messages.validation_notice(application=application, user=user)
    return application


# --- Answers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    """What the applicant sent: agree or not (with a reason), a written answer, files."""

    agree: bool | None = None
    reason: str = ""
    text: str = ""
    uploads: list[Upload] = field(default_factory=list)


def _apply_answer(application: PlanningApplication, request: ValidationRequest, *, approved: bool) -> None:
    """What an accepted change does to the case (a disagreement changes nothing)."""
    if not approved:
        return
    if request.kind == RequestKind.DESCRIPTION_CHANGE:
        applications.planning_application_apply_changes(application, description=request.proposed)
        application.save()
    elif request.kind == RequestKind.BOUNDARY_CHANGE:
        applications.planning_application_apply_changes(application, boundary=request.proposed)
        application.save()
    elif request.kind == RequestKind.TIME_EXTENSION:
        # Only an agreed extension changes the date (BOPS's API v1 applied a refused one too: bops-domain.md §3.2),
        # and only if it is still later than the decision date (an EIA decision may have moved that meanwhile).
        extended_to = date.fromisoformat(str(request.proposed))
        if extended_to > application.due_date:
            applications.planning_application_apply_changes(application, extended_to=extended_to)
            application.save()


def _after_answer(application: PlanningApplication, request: ValidationRequest) -> None:
    """Send the task the request belongs to back to the officer where the answer needs a look."""
    rule = RULES[RequestKind(request.kind)]
    if request.post_validation or not rule.check:
        return
    if rule.answer == Answer.FILES:
        _check_set(application, "review-documents", TaskStatus.ACTION_REQUIRED, user=None)
    elif rule.answer == Answer.AGREE and request.approved:
        _check_set(application, rule.check, TaskStatus.COMPLETED, user=None)
    elif rule.check in checks.task_slugs(application.application_type.family):
        _check_set(application, rule.check, TaskStatus.ACTION_REQUIRED, user=None)


@transaction.atomic
def validation_request_answer(
    *, council: Council, application_id: int, request_id: int, answer: Answered, through: str
) -> ValidationRequest:
    """The applicant (through a signed link or the API) answers an open request. A second answer, an answer to
    a cancelled request, or one on a closed case changes nothing and says why."""
    application = _lock(council=council, application_id=application_id)
    if application.status in CLOSED:
        raise DomainError(f"This application is {Status(application.status).label.lower()}: it takes no more answers.")
    request = _lock_request(application=application, request_id=request_id)
    if request.state == RequestState.CANCELLED:
        raise DomainError("The council cancelled this request: you do not need to answer it.")
    if request.state == RequestState.CLOSED:
        raise DomainError("This request has already been answered.")
    if request.state != RequestState.OPEN:
        raise DomainError("There is no such request on this case.")
    rule = RULES[RequestKind(request.kind)]
    uploads = [u for u in answer.uploads if u.name or u.content]
    if rule.answer == Answer.FILES and not uploads:
        raise DomainError("Choose a file to upload.", field="files")
    if uploads and rule.answer != Answer.FILES and not rule.files_allowed:
        raise DomainError("This request does not take files.", field="files")
    if any(not u.name.strip() for u in uploads):
        raise DomainError("Each file needs its name, such as site-plan.pdf.", field="files")
    checked = [(upload, upload_check(upload, field="files")) for upload in uploads]
    if rule.answer == Answer.AGREE:
        if answer.agree is None:
            raise DomainError("Say whether you agree.", field="agree")
        if not answer.agree and not answer.reason.strip():
            raise DomainError("Say why you disagree.", field="reason")
        request.approved = answer.agree
        request.rejection_reason = "" if answer.agree else answer.reason.strip()
        request.response = answer.text.strip()
    elif rule.answer == Answer.TEXT:
        if not answer.text.strip():
            raise DomainError("Enter your answer.", field="text")
        request.response = answer.text.strip()
    else:
        request.response = answer.text.strip()
    received: list[Document] = []
    for upload, content_type in checked:
        old = request.document if request.kind == RequestKind.REPLACEMENT_DOCUMENT else None
        document = document_add(
            application=application,
            user=None,
            name=upload.name,
            content=upload.content,
            content_type=content_type,
            tags=list(old.tags) if old else ([request.document_type] if request.document_type else []),
            drawing_numbers=list(old.drawing_numbers) if old else None,
            replaces=old if old is not None and not received else None,
        )
        received.append(document)
    if request.kind == RequestKind.REPLACEMENT_DOCUMENT and request.document is not None:
        request.document.archived_at = timezone.now()
        request.document.archive_reason = f"Replaced by the applicant (request {request.sequence})."
        request.document.save(update_fields=["archived_at", "archive_reason", "updated_at"])
    _apply_answer(application, request, approved=bool(request.approved))
    request.state = RequestState.CLOSED
    request.closed_at = timezone.now()
    request.answered_through = through
    request.officer_seen = False
    request.save()
    if received:
        request.received_documents.add(*received)
    _after_answer(application, request)
    audit_record(
        council=council,
        application=application,
        event="validation_request_answered",
        comment=request.rejection_reason or request.response,
        data={
            "sequence": request.sequence,
            "kind": request.kind,
            "approved": request.approved,
            "files": [d.name for d in received],
            "through": through,
        },
    )
    messages.answer_received(application=application, request=request)
    return request


# --- Daily jobs ---------------------------------------------------------------------------------------------


def _each_open_request(
    due: QuerySet[ValidationRequest], act: Callable[[PlanningApplication, ValidationRequest], bool]
) -> int:
    """Run `act` on each request, each in its own transaction with the case and the request locked and checked
    again (answered, cancelled or closed meanwhile: left alone). One request that fails is logged and skipped;
    the others still go. Returns how many `act` did."""
    done = 0
    for council_id, application_id, request_id in list(
        due.exclude(application__status__in=CLOSED).values_list("council_id", "application_id", "pk")
    ):
        try:
            with transaction.atomic():
                application = _lock(council=Council.objects.get(pk=council_id), application_id=application_id)
                request = _lock_request(application=application, request_id=request_id)
                if (
                    request.state == RequestState.OPEN
                    and application.status not in CLOSED
                    and act(application, request)
                ):
                    done += 1
        except Exception:
            logger.exception("Daily validation job: request %s of case %s failed", request_id, application_id)
    return done


def validation_requests_auto_accept(*, today: date | None = None) -> int:
    """Accept open description, boundary and pre-commencement condition requests whose response date has passed
    (BOPS's daily 09:00 jobs)."""
    today = today or timezone.localdate()
    kinds = [kind for kind, rule in RULES.items() if rule.auto_accept]

    def accept(application: PlanningApplication, request: ValidationRequest) -> bool:
        _apply_answer(application, request, approved=True)
        request.state, request.approved, request.auto_closed = RequestState.CLOSED, True, True
        request.closed_at, request.answered_through, request.officer_seen = timezone.now(), "automatic", False
        request.save()
        _after_answer(application, request)
        audit_record(
            council=application.council,
            application=application,
            event="validation_request_auto_accepted",
            data={"sequence": request.sequence, "kind": request.kind, "response_due": str(request.response_due)},
        )
        messages.auto_acceptance_notice(application=application, request=request)
        return True

    due = ValidationRequest.objects.filter(state=RequestState.OPEN, kind__in=kinds, response_due__lt=today)
    return _each_open_request(due, accept)


REMINDER_WORKING_DAYS = 2


def validation_reminders_send(*, today: date | None = None) -> int:
    """Remind the applicant once, two working days before an open request's response date."""
    today = today or timezone.localdate()
    horizon = dates.add_working_days(today, REMINDER_WORKING_DAYS)

    def remind(application: PlanningApplication, request: ValidationRequest) -> bool:
        if request.reminded_at:
            return False
        request.reminded_at = timezone.now()
        request.save(update_fields=["reminded_at", "updated_at"])
        messages.reminder(application=application, request=request)
        return True

    due = ValidationRequest.objects.filter(
        state=RequestState.OPEN, reminded_at__isnull=True, response_due__gte=today, response_due__lte=horizon
    )
    return _each_open_request(due, remind)


NEW_LINK_MINUTES = 10


@transaction.atomic
def applicant_link_resend(*, council: Council, application_id: int) -> bool:
    """Send a fresh link to the addresses on the case (never to one the visitor types). At most one every
    NEW_LINK_MINUTES, so the page cannot be used to flood the applicant; False when one was sent just now."""
    application = _lock(council=council, application_id=application_id)
    if application.status in CLOSED:
        raise DomainError(f"This application is {Status(application.status).label.lower()}: it takes no more answers.")
    recent = application.audit_entries.filter(
        event="message_sent",
        data__message="new_link",
        created_at__gte=timezone.now() - timedelta(minutes=NEW_LINK_MINUTES),
    )
    if recent.exists() or not messages.applicant_recipients(application):
        return False
    messages.new_link(application=application)
    return True


def pre_validation(application: PlanningApplication) -> bool:
    return application.status in BEFORE_VALIDATION
