"""The objects of BOPS's own API (bops-api.md §2.6), for registers and councils' websites written against BOPS.

The shapes follow BOPS's templates, where they are the truth (§6.1): camelCase in the public objects, timestamps in
London time with their offset, dates as YYYY-MM-DD. Where BOPS publishes what it should not, this does not:
`applicant.agent` carries only the agent's address (BOPS passes the agent's email and phone through), the
applicant's address is given only when it is the site's, and `determinationDate` is null until the case is
decided (BOPS answers today's date).
"""

from datetime import UTC, date, datetime
from typing import Any

from django.utils import timezone

from bops.applications.models import PlanningApplication
from bops.consultation.models import ConsulteeResponse, ConsulteeStance, PublicComment, Stance
from bops.decisions.models import Appeal
from bops.documents.models import Document
from bops.register.search import Row

SUMMARY_TAGS = {Stance.SUPPORT: "supportive", Stance.NEUTRAL: "neutral", Stance.OBJECTION: "objection"}
SPECIALIST_SENTIMENT = {
    ConsulteeStance.NO_OBJECTION: "approved",
    ConsulteeStance.AMENDMENTS_NEEDED: "amendmentsNeeded",
    ConsulteeStance.OBJECTION: "objected",
}
APPEAL_STATUS = {"allowed": "Appeal allowed", "dismissed": "Appeal dismissed", "split": "Appeal split decision"}


def moment(value: datetime | None) -> str | None:
    """BOPS's timestamps: London time with its offset and milliseconds, e.g. 2024-06-12T15:56:29.830+01:00."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="milliseconds")


def utc(value: datetime | None) -> str | None:
    """The public comment endpoints' timestamps: UTC with a Z, to the second."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def midnight(value: date | None) -> str | None:
    """A date as BOPS sends its `validAt`: midnight London time on that day."""
    if value is None:
        return None
    return moment(timezone.make_aware(datetime.combine(value, datetime.min.time())))


def appeal_status(appeal: Appeal) -> str:
    if appeal.decision:
        return APPEAL_STATUS.get(appeal.decision, "Appeal determined")
    if appeal.determined_on:
        return "Appeal determined"
    if appeal.started_on:
        return "Appeal started"
    if appeal.validated_on:
        return "Appeal valid"
    return "Appeal lodged"


def overview(row: Row, *, register_url: str, appeal: Appeal | None) -> dict[str, Any]:
    """§2.6.1: the application overview."""
    application = row.application
    determination = getattr(application, "determination", None)
    consultation = getattr(application, "consultation", None)
    return {
        "type": {"value": application.application_type.code, "description": application.application_type.family.value},
        "reference": application.reference,
        "fullReference": application.reference_in_full,
        "targetDate": day(application.target_date),
        "expiryDate": day(application.due_date),
        "receivedAt": moment(application.received_at),
        "validAt": midnight(application.valid_from),
        "publishedAt": moment(application.received_at),
        "determinedAt": moment(application.determined_at),
        "determinationDate": day(determination.determined_on) if determination else None,
        "decision": determination.decision if determination else None,
        "status": appeal_status(appeal) if appeal else application.status,
        "consultation": {
            "startDate": day(consultation.start_date) if consultation else None,
            "endDate": day(consultation.end_date) if consultation else None,
            "publicUrl": register_url,
        },
    }


def _applicant(application: PlanningApplication) -> dict[str, Any]:
    same_as_site = not application.applicant_address.strip() or (
        application.postcode
        and application.postcode.replace(" ", "").upper() in application.applicant_address.replace(" ", "").upper()
        and application.address_line_1.lower() in application.applicant_address.lower()
    )
    return {
        "type": None,
        "address": {"sameAsSiteAddress": True} if same_as_site else None,
        "ownership": None,
        "agent": {"address": None},
    }


def public_application(row: Row, *, register_url: str, appeal: Appeal | None, appeal_files: list[dict]) -> dict:
    """§2.6.2: the public application object, with `data.appeal` as the public search and show add it."""
    application = row.application
    officer = application.assigned_officer
    body: dict[str, Any] = {
        "application": overview(row, register_url=register_url, appeal=appeal),
        "property": {
            "address": {
                "latitude": application.latitude,
                "longitude": application.longitude,
                "title": application.address_line_1,
                "singleLine": application.address,
                "uprn": application.uprn or None,
                "town": application.town or None,
                "postcode": application.postcode or None,
            },
            "boundary": {"site": application.boundary},
        },
        "proposal": {
            "description": application.description,
            "reportingType": {"code": application.development_type, "description": application.development_type}
            if application.development_type
            else None,
            "ownerIsPlanningAuthority": False,
        },
        "applicant": _applicant(application),
        "officer": {"name": officer.name} if officer else None,
        "data": {},
    }
    if appeal is not None:
        body["data"]["appeal"] = {
            "reason": appeal.reason,
            "lodgedDate": day(appeal.lodged_on),
            "validatedDate": day(appeal.validated_on),
            "startedDate": day(appeal.started_on),
            "decisionDate": day(appeal.determined_on),
            "decision": appeal.decision or None,
            "files": appeal_files,
        }
    return body


def document(doc: Document, *, url: str) -> dict[str, Any]:
    """§2.6.3."""
    return {
        "name": doc.name,
        "referencesInDocument": list(doc.drawing_numbers),
        "url": url,
        "type": [{"value": tag, "description": tag} for tag in doc.tags],
        "createdAt": moment(doc.received_at),
        "applicantDescription": None,
        "metadata": {"byteSize": doc.size, "contentType": doc.content_type},
    }


def public_comment(comment: PublicComment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "sentiment": SUMMARY_TAGS.get(Stance(comment.stance), comment.stance),
        "comment": comment.redacted_text,
        "receivedAt": utc(comment.received_at),
    }


def specialist_comment(response: ConsulteeResponse) -> dict[str, Any]:
    return {
        "id": response.pk,
        "sentiment": SPECIALIST_SENTIMENT.get(ConsulteeStance(response.stance), response.stance),
        "commentRedacted": response.redacted_text,
        "metadata": {
            "submittedAt": utc(response.received_at),
            "publishedAt": utc(response.redacted_at),
        },
    }


def flat_application(application: PlanningApplication) -> dict[str, Any]:
    """§2.6.4, the keyed `GET /api/v2/planning_applications/{reference}`: BOPS's flat record, without the
    applicant's and agent's contact details (a register needs only the `id` to post a comment)."""
    determination = getattr(application, "determination", None)
    return {
        "id": application.pk,
        "reference": application.reference,
        "reference_in_full": application.reference_in_full,
        "application_type": application.application_type.family.value,
        "application_type_code": application.application_type.code,
        "description": application.description,
        "status": application.status,
        "received_date": moment(application.received_at),
        "validAt": midnight(application.valid_from),
        "publishedAt": moment(application.received_at),
        "determined_at": moment(application.determined_at),
        "determination_date": day(application.due_date),
        "target_date": day(application.target_date),
        "decision": determination.decision if determination else None,
        "withdrawn_at": moment(application.withdrawn_at),
        "returned_at": moment(application.returned_at),
        "invalidated_at": moment(application.invalidated_at),
        "in_assessment_at": moment(application.in_assessment_at),
        "awaiting_determination_at": moment(application.awaiting_determination_at),
        "to_be_reviewed_at": moment(application.to_be_reviewed_at),
        "assigned_user_name": application.assigned_officer.name if application.assigned_officer else None,
        "site": {
            "address_1": application.address_line_1,
            "address_2": application.address_line_2,
            "town": application.town,
            "postcode": application.postcode,
            "uprn": application.uprn,
            "latitude": application.latitude,
            "longitude": application.longitude,
        },
        "boundary_geojson": application.boundary,
    }
