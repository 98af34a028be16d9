"""Writes to planning applications. Every change is one transaction that locks the case and is audited."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.applications.boundary import parse_boundary
from bops.applications.catalogue import BY_CODE, SUBMITTABLE_CODES
from bops.applications.lifecycle import CLOSED, TRANSITIONS, Event, refusal
from bops.applications.models import ApplicationConstraint, ApplicationType, PlanningApplication
from bops.core import dates
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.councils.models import Council
from bops.documents.services import Upload, document_add, upload_check
from bops.notifications.notifier import get_notifier

DEFAULT_ACTIVE_CODES = (
    "ldc.existing",
    "ldc.proposed",
    "pa.part1.classA",
    "pp.full.householder",
    "pp.full.householder.retro",
    "pp.full.minor",
)


def postcode_key(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode).upper()


# --- Application types -----------------------------------------------------------------------------


def council_application_types_ensure(*, council: Council) -> None:
    """Give the council a row for every submittable type in the catalogue (the usual ones active)."""
    existing = set(ApplicationType.objects.filter(council=council).values_list("code", flat=True))
    ApplicationType.objects.bulk_create(
        [
            ApplicationType(council=council, code=code, is_active=code in DEFAULT_ACTIVE_CODES)
            for code in sorted(SUBMITTABLE_CODES - existing)
        ]
    )


@transaction.atomic
def application_type_configure(
    *,
    council: Council,
    user: User,
    code: str,
    is_active: bool,
    period_days_override: int | None,
    required_documents: list[str] | None = None,
) -> ApplicationType:
    """An administrator switches a type on or off, or overrides its period (cases keep their dates until refreshed)."""
    check_role(user, Role.ADMINISTRATOR)
    application_type = ApplicationType.objects.select_for_update().filter(council=council, code=code).first()
    if application_type is None:
        raise DomainError("There is no such application type.")
    if period_days_override is not None and not 1 <= period_days_override <= 365:
        raise DomainError("The period must be between 1 and 365 days.", field="period_days_override")
    before = {
        "is_active": application_type.is_active,
        "period_days_override": application_type.period_days_override,
        "required_documents": [d["description"] for d in application_type.required_documents],
    }
    application_type.is_active = is_active
    application_type.period_days_override = period_days_override
    if required_documents is not None:
        # The council's own list: each document is known by its words (a received document carries them as a tag).
        application_type.required_documents = [{"value": d, "description": d} for d in required_documents]
    application_type.save(update_fields=["is_active", "period_days_override", "required_documents", "updated_at"])
    after = {
        "is_active": is_active,
        "period_days_override": period_days_override,
        "required_documents": [d["description"] for d in application_type.required_documents],
    }
    if before != after:
        audit_record(
            council=council,
            user=user,
            event="application_type_updated",
            data={"code": code, "before": before, "after": after},
        )
    return application_type


# --- Creating a case -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    address_line_1: str
    postcode: str
    address_line_2: str = ""
    town: str = ""
    uprn: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class Person:
    name: str
    email: str = ""
    phone: str = ""
    address: str = ""
    company: str = ""


def _reference(*, number: int, year: int, suffix: str) -> str:
    """BOPS's scheme (bops-domain.md §1.5): two-digit year the case was made, five-digit number, type suffix."""
    return f"{year % 100:02d}-{number:05d}-{suffix}"


def _search_text(application: PlanningApplication, council: Council) -> str:
    parts = [
        application.reference,
        f"{council.code}-{application.reference}",
        *application.previous_references,
        application.address,
        application.postcode_key,
        application.description,
    ]
    return " ".join(parts).lower()


def planning_application_refresh_dates(application: PlanningApplication) -> None:
    """Work the key dates out again after something they depend on changed (the caller saves)."""
    _apply_key_dates(application)


def _apply_key_dates(application: PlanningApplication) -> None:
    """Every key date comes from bops.core.dates; this only stores what it works out."""
    application.received_at = dates.received_moment(application.submitted_at)
    start = application.valid_from or timezone.localtime(application.received_at).date()
    application.statutory_date = dates.statutory_determination_date(
        valid_from=start, period_days=application.period_days
    )
    application.due_date = dates.effective_determination_date(
        statutory=application.statutory_date, extended_to=application.extended_to
    )
    application.target_date = dates.target_date(
        determination_date=application.due_date, days_before=application.council.target_days_before_due
    )


@transaction.atomic
def planning_application_create(
    *,
    council: Council,
    user: User | None,
    application_type: ApplicationType,
    site: Site,
    description: str,
    applicant: Person,
    agent: Person | None = None,
    boundary: str | dict[str, Any] | None = None,
    submitted_at: datetime | None = None,
) -> PlanningApplication:
    """Make a case in `pending`, with its reference and key dates. Intake and officers both come through here."""
    if application_type.council_id != council.id:
        raise DomainError("Choose an application type of this council.", field="application_type")
    if not application_type.is_active:
        raise DomainError(
            f"{application_type.description} applications are not accepted by this council.", field="application_type"
        )
    if not description.strip():
        raise DomainError("Enter a description of the proposal.", field="description")
    if not applicant.email and not (agent and agent.email):
        raise DomainError("Enter an email address for the applicant or the agent.", field="applicant_email")
    parsed = parse_boundary(boundary) if boundary else None

    locked_council = Council.objects.select_for_update().get(pk=council.pk)
    locked_council.last_application_number += 1
    locked_council.save(update_fields=["last_application_number"])
    number = locked_council.last_application_number

    submitted_at = submitted_at or timezone.now()
    agent = agent or Person(name="")
    application = PlanningApplication(
        council=council,
        application_type=application_type,
        number=number,
        address_line_1=site.address_line_1.strip(),
        address_line_2=site.address_line_2.strip(),
        town=site.town.strip(),
        postcode=site.postcode.strip().upper(),
        postcode_key=postcode_key(site.postcode),
        uprn=site.uprn.strip(),
        latitude=parsed.centroid_lat if parsed and site.latitude is None else site.latitude,
        longitude=parsed.centroid_lon if parsed and site.longitude is None else site.longitude,
        description=description.strip(),
        applicant_name=applicant.name,
        applicant_email=applicant.email.lower(),
        applicant_phone=applicant.phone,
        applicant_address=applicant.address,
        agent_name=agent.name,
        agent_company=agent.company,
        agent_email=agent.email.lower(),
        agent_phone=agent.phone,
        submitted_at=submitted_at,
    )
    if parsed:
        application.boundary = parsed.feature
        application.boundary_area_m2 = parsed.area_m2
        application.bbox_min_lon, application.bbox_min_lat, application.bbox_max_lon, application.bbox_max_lat = (
            parsed.bbox
        )
    _apply_key_dates(application)
    application.reference = _reference(number=number, year=timezone.localdate().year, suffix=application_type.suffix)
    application.search_text = _search_text(application, council)
    application.save()
    audit_record(
        council=council,
        user=user,
        application=application,
        event="created",
        data={"reference": application.reference, "type": application_type.code},
    )
    return application


def planning_application_constraints_record(*, application: PlanningApplication, found: list[tuple[str, str]]) -> None:
    """The constraints the submission found on the site, as (code, description), kept for the officer to check."""
    seen: set[str] = set()
    rows = []
    for code, description in found:
        if code not in seen:
            seen.add(code)
            rows.append(
                ApplicationConstraint(
                    council=application.council,
                    application=application,
                    code=code,
                    description=description[:300],
                    source=ApplicationConstraint.Source.SUBMISSION,
                )
            )
    ApplicationConstraint.objects.bulk_create(rows)


# --- Changing a case -------------------------------------------------------------------------------


def planning_application_lock(*, council: Council, application_id: int) -> PlanningApplication:
    """The council's case, locked for the rest of the transaction: every write to a case starts here (only this
    council's cases are found; anything else reads as "no such case")."""
    application = (
        PlanningApplication.objects.select_for_update(of=("self",))
        .select_related("application_type", "council", "assigned_officer")
        .filter(council=council, pk=application_id)
        .first()
    )
    if application is None:
        raise DomainError("There is no such case in your council.")
    return application


_lock = planning_application_lock


@transaction.atomic
def planning_application_transition(
    *, council: Council, application_id: int, user: User | None, event: Event, reason: str = ""
) -> PlanningApplication:
    """Fire one event of the lifecycle table. `user` None means the system itself (e.g. intake accepting a case)."""
    transition = TRANSITIONS[event]
    application = _lock(council=council, application_id=application_id)
    role = user.role if user is not None else Role.ASSESSOR
    if user is not None and not user.is_authenticated:
        raise DomainError("Sign in first.")
    refused = refusal(transition, application, role)
    if refused:
        raise DomainError(refused)
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise DomainError(f"Enter the reason to {transition.verb} this case.", field="reason")
    now = timezone.now()
    before = application.status
    application.status = transition.target
    setattr(application, f"{transition.target}_at", now)
    fields = ["status", f"{transition.target}_at", "updated_at"]
    if transition.target in CLOSED and transition.needs_reason:
        application.closure_reason = reason
        fields.append("closure_reason")
    application.save(update_fields=fields)
    audit_record(
        council=council,
        user=user,
        application=application,
        event=event.value,
        comment=reason,
        data={"from": before, "to": transition.target},
    )
    return application


@transaction.atomic
def planning_application_assign(
    *, council: Council, application_id: int, user: User, officer_id: int | None
) -> PlanningApplication:
    check_role(user, Role.ASSESSOR, Role.REVIEWER)
    application = _lock(council=council, application_id=application_id)
    officer = None
    if officer_id is not None:
        officer = User.objects.filter(
            council=council, pk=officer_id, is_active=True, role__in=[Role.ASSESSOR, Role.REVIEWER]
        ).first()
        if officer is None:
            raise DomainError("Choose an officer of your council.", field="officer")
    if application.assigned_officer_id == (officer.pk if officer else None):
        return application
    before = application.assigned_officer.name if application.assigned_officer else None
    application.assigned_officer = officer
    application.save(update_fields=["assigned_officer", "updated_at"])
    audit_record(
        council=council,
        user=user,
        application=application,
        event="assigned" if officer else "unassigned",
        data={"from": before, "to": officer.name if officer else None},
    )
    if officer is not None and officer.pk != user.pk:
        get_notifier().send_email(
            council=council,
            application=application,
            to=officer.email,
            subject=f"{application.reference_in_full} has been assigned to you",
            body=(
                f"{user.name} assigned you the case {application.reference_in_full}: "
                f"{application.description}\nSite: {application.address}\n"
                f"Determination date: {dates.format_date(application.due_date)}"
            ),
        )
    return application


@transaction.atomic
def planning_application_change_type(
    *, council: Council, application_id: int, user: User, code: str
) -> PlanningApplication:
    """A new type gives a new reference (the old one is kept, and still found by search) and new key dates."""
    check_role(user, Role.ASSESSOR, Role.REVIEWER)
    application = _lock(council=council, application_id=application_id)
    if application.status in CLOSED:
        raise DomainError("The type of a closed case cannot be changed.")
    new_type = ApplicationType.objects.filter(council=council, code=code, is_active=True).first()
    if new_type is None or code not in BY_CODE:
        raise DomainError("Choose an application type this council accepts.", field="code")
    if new_type.pk == application.application_type_id:
        raise DomainError("The case already has this type.", field="code")
    old_reference, old_code = application.reference, application.application_type.code
    application.previous_references = [*application.previous_references, old_reference]
    application.application_type = new_type
    # The year and the number stay: only the suffix follows the new type.
    year = 2000 + int(old_reference.split("-", 1)[0])
    application.reference = _reference(number=application.number, year=year, suffix=new_type.suffix)
    _apply_key_dates(application)
    application.search_text = _search_text(application, council)
    application.save()
    audit_record(
        council=council,
        user=user,
        application=application,
        event="type_changed",
        data={"from": old_code, "to": code, "old_reference": old_reference, "new_reference": application.reference},
    )
    return application


def planning_application_set_valid_from(
    *, council: Council, application_id: int, user: User | None, valid_from: date
) -> PlanningApplication:
    """Record the day the last required item arrived (the validation issue builds its screen on this).

    The valid-from date is a legal date, the day the last required item counts as received (DMPO 2015
    art. 34(6)(c) with art. 12), not the day of the officer's action. So the latest it can be is the day an item
    arriving now would count as received (`dates.receipt_date(now)`): in the evening, at a weekend or on a bank
    holiday that is the next working day, which is after today's date and still lawful."""
    with transaction.atomic():
        application = _lock(council=council, application_id=application_id)
        if valid_from < timezone.localtime(application.received_at).date():
            raise DomainError("The valid-from date cannot be before the application was received.", field="valid_from")
        latest = dates.receipt_date(timezone.now())
        if valid_from > latest:
            raise DomainError(
                f"The valid-from date cannot be in the future: the latest it can be now is "
                f"{dates.format_date(latest)}, the day anything arriving now counts as received.",
                field="valid_from",
            )
        application.valid_from = valid_from
        _apply_key_dates(application)
        application.save()
        audit_record(
            council=council,
            user=user,
            application=application,
            event="valid_from_set",
            data={"valid_from": valid_from.isoformat()},
        )
        return application


def planning_application_apply_changes(
    application: PlanningApplication,
    *,
    description: str | None = None,
    boundary: dict[str, Any] | None = None,
    extended_to: date | None = None,
    eia_required: bool | None = None,
) -> None:
    """Change what validation may change on a locked case, keeping what follows from it (search text, geometry,
    key dates) true. The caller holds the lock, audits and saves."""
    if description is not None:
        application.description = description.strip()
    if boundary is not None:
        parsed = parse_boundary(boundary)
        application.boundary = parsed.feature
        application.boundary_area_m2 = parsed.area_m2
        application.bbox_min_lon, application.bbox_min_lat, application.bbox_max_lon, application.bbox_max_lat = (
            parsed.bbox
        )
        application.latitude, application.longitude = parsed.centroid_lat, parsed.centroid_lon
    if extended_to is not None:
        application.extended_to = extended_to
    if eia_required is not None:
        application.eia_required = eia_required
    application.search_text = _search_text(application, application.council)
    _apply_key_dates(application)


def planning_application_send_receipt(*, application: PlanningApplication) -> None:
    """Tell the applicant and the agent the application has arrived (BOPS's receipt notice), and record it."""
    council = application.council
    recipients = sorted({e for e in (application.applicant_email, application.agent_email) if e})
    body = (
        f"{council.name} has received your application.\n\n"
        f"Reference: {application.reference_in_full}\nSite: {application.address}\n"
        f"Proposal: {application.description}\n"
        f"Received: {dates.format_date(timezone.localtime(application.received_at).date())}\n\n"
        "We will check that the application is valid and tell you what happens next. "
        f"Questions: {council.email}, {council.phone}."
    )
    for to in recipients:
        get_notifier().send_email(
            council=council,
            application=application,
            to=to,
            subject=f"Application received: {application.reference_in_full}",
            body=body,
        )
    audit_record(council=council, application=application, event="receipt_sent", data={"to": recipients})


@transaction.atomic
def planning_application_create_by_hand(
    *,
    council: Council,
    user: User,
    code: str,
    site: Site,
    description: str,
    applicant: Person,
    agent: Person | None,
    boundary: str | dict[str, Any] | None,
    received_on: date | None,
    uploads: list[Upload],
) -> PlanningApplication:
    """A paper or emailed application: made, its documents checked and added, and accepted, all at once."""
    check_role(user, Role.ASSESSOR, Role.REVIEWER)
    application_type = ApplicationType.objects.filter(council=council, code=code, is_active=True).first()
    if application_type is None:
        raise DomainError("Choose an application type this council accepts.", field="application_type")
    checked = [(upload, upload_check(upload, field="documents")) for upload in uploads]
    today = timezone.localdate()
    if received_on is not None and received_on > today:
        raise DomainError("The date received cannot be in the future.", field="received_on")
    submitted_at = (
        datetime.combine(received_on, time(12, 0), tzinfo=dates.LONDON)
        if received_on and received_on < today
        else timezone.now()
    )
    application = planning_application_create(
        council=council,
        user=user,
        application_type=application_type,
        site=site,
        description=description,
        applicant=applicant,
        agent=agent,
        boundary=boundary or None,
        submitted_at=submitted_at,
    )
    for upload, content_type in checked:
        document_add(
            application=application,
            user=user,
            name=upload.name,
            content=upload.content,
            content_type=content_type,
            tags=[],
            received_at=application.received_at,
        )
    application = planning_application_transition(
        council=council, application_id=application.pk, user=user, event=Event.ACCEPT
    )
    transaction.on_commit(lambda: planning_application_send_receipt(application=application))
    return application
