"""Cases as ODP PostSubmissionPublishedApplication objects, for the ODP @next public API that DPR reads.

`published_applications` builds a page of them with a fixed number of queries whatever the page's size (each kind
of record is loaded once for every case on the page); `published_application` builds one with its comments. The
parts live beside this module: `odp_submission` (the PrototypeApplication `submission`, and what is redacted from
it and why) and `odp_comments` (published documents, public and specialist comments, and who is named in them).

What is public follows the register (register/selectors.py): published documents only, redacted comments only.
The case officer is named (DPR requires a name), never by email; a case with no officer says so. A withdrawal's
reason is the officer's own free text, never redacted, so it is published only as a neutral sentence.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from bops.applications.catalogue import Family
from bops.applications.models import ApplicationConstraint, PlanningApplication, Status
from bops.assessment.models import Recommendation
from bops.consultation.models import CaseConsultee, Consultation, ConsulteeResponse, PublicComment
from bops.councils.models import Council
from bops.decisions.models import Appeal, CommitteeReferral, Determination
from bops.documents.models import Document
from bops.register import odp_comments, odp_submission
from bops.register.odp_comments import day, utc
from bops.register.status import NOT_VALIDATED, AppealState, PublicState, odp_decision, public_state
from bops.submissions.models import SubmittedDetails

PUBLISHED_SCHEMA = (
    "https://theopensystemslab.github.io/digital-planning-data-schemas/@next/schemas/"
    "postSubmissionPublishedApplication.json"
)
NO_OFFICER = "Not yet assigned"
WITHDRAWN_REASONS = {
    Status.WITHDRAWN: "The application was withdrawn.",
    Status.CLOSED: "The council closed the application.",
}
# ODP AppealDecision, from Appeal.Decision.
APPEAL_DECISIONS = {"allowed": "allowed", "dismissed": "dismissed", "split": "splitDecision", "withdrawn": "withdrawn"}


@dataclass
class CaseRecords:
    """Everything the builders read about one case, loaded in bulk for a page of cases."""

    consultation: Consultation | None = None
    determination: Determination | None = None
    committee: CommitteeReferral | None = None
    recommendations: list[Recommendation] = field(default_factory=list)  # newest first
    appeal: Appeal | None = None  # the latest
    constraints: list[ApplicationConstraint] = field(default_factory=list)
    details: SubmittedDetails | None = None
    documents: list[Document] = field(default_factory=list)  # published ones
    comments: list[PublicComment] = field(default_factory=list)  # published ones
    case_consultees: list[CaseConsultee] = field(default_factory=list)
    responses: list[ConsulteeResponse] = field(default_factory=list)


def _by_application(rows: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.application_id, []).append(row)
    return grouped


def records_load(*, council: Council, ids: list[int], with_comments: bool) -> dict[int, CaseRecords]:
    """One query per kind of record (nine, and four more with comments), for all the cases at once."""
    records = {pk: CaseRecords() for pk in ids}
    scope = {"council": council, "application_id__in": ids}
    for consultation in Consultation.objects.filter(**scope).select_related("site_notice"):
        records[consultation.application_id].consultation = consultation
    for determination in Determination.objects.filter(**scope).select_related("notice"):
        records[determination.application_id].determination = determination
    for referral in CommitteeReferral.objects.filter(**scope):
        records[referral.application_id].committee = referral
    recommendations = Recommendation.objects.filter(**scope).order_by("-created_at", "-id")
    for pk, rows in _by_application(recommendations).items():
        records[pk].recommendations = rows
    for pk, rows in _by_application(Appeal.objects.filter(**scope).order_by("-lodged_on", "-id")).items():
        records[pk].appeal = rows[0]
    constraints = ApplicationConstraint.objects.filter(**scope, removed_at__isnull=True).order_by("description", "id")
    for pk, rows in _by_application(constraints).items():
        records[pk].constraints = rows
    # The question-and-answer transcript is never published (odp_submission), so it is not read.
    for details in SubmittedDetails.objects.filter(application_id__in=ids).defer("responses"):
        records[details.application_id].details = details
    documents = Document.objects.filter(**scope, publishable=True, archived_at__isnull=True).order_by(
        "received_at", "id"
    )
    for pk, rows in _by_application(documents).items():
        records[pk].documents = rows
    if with_comments:
        _comments_load(council=council, ids=ids, records=records)
    return records


def _comments_load(*, council: Council, ids: list[int], records: dict[int, CaseRecords]) -> None:
    comments = PublicComment.objects.filter(council=council, application_id__in=ids, redacted_at__isnull=False)
    for pk, rows in _by_application(comments.order_by("-received_at", "-id")).items():
        records[pk].comments = rows
    published = ConsulteeResponse.objects.filter(redacted_at__isnull=False).prefetch_related("documents")
    case_consultees = (
        CaseConsultee.objects.filter(council=council, consultation__application_id__in=ids)
        .select_related("consultee", "consultation")
        .prefetch_related(Prefetch("responses", queryset=published))
        .order_by("consultee__organisation", "consultee__name", "id")
    )
    for case_consultee in case_consultees:
        record = records[case_consultee.consultation.application_id]
        record.case_consultees.append(case_consultee)
        record.responses.extend(case_consultee.responses.all())


# --- data ------------------------------------------------------------------------------------------------------


def state_of(application: PlanningApplication, records: CaseRecords, *, today: date) -> PublicState:
    consultation, appeal = records.consultation, records.appeal
    return public_state(
        status=application.status,
        valid_from=application.valid_from,
        withdrawn_at=application.withdrawn_at or application.closed_at,
        consultation_start=consultation.start_date if consultation else None,
        consultation_end=consultation.end_date if consultation else None,
        appeal=AppealState(
            lodged_on=appeal.lodged_on,
            validated_on=appeal.validated_on,
            started_on=appeal.started_on,
            determined_on=appeal.determined_on,
            decision=appeal.decision,
        )
        if appeal
        else None,
        today=today,
    )


def application_block(application: PlanningApplication, state: PublicState) -> dict[str, Any]:
    block: dict[str, Any] = {
        "reference": application.reference_in_full,
        "stage": state.stage.value,
        "status": state.status.value,
        # On the register from its receipt (DMPO 2015 art. 40), so published when received; the search's
        # publishedAt filters and sorts by the same moment.
        "publishedAt": utc(application.received_at),
    }
    if application.status in WITHDRAWN_REASONS:
        withdrawn_at = application.withdrawn_at or application.closed_at
        if withdrawn_at is not None:
            block["withdrawnAt"] = utc(withdrawn_at)
        block["withdrawnReason"] = WITHDRAWN_REASONS[Status(application.status)]
    return block


def validation_block(application: PlanningApplication) -> dict[str, Any]:
    """Received always; checked (validatedAt) with its outcome once an officer has validated or invalidated it."""
    block: dict[str, Any] = {"receivedAt": utc(application.received_at)}
    if application.in_assessment_at is not None:
        block.update(validatedAt=utc(application.in_assessment_at), isValid=True)
    elif application.invalidated_at or application.returned_at:
        checked = application.invalidated_at or application.returned_at
        assert checked is not None
        block.update(validatedAt=utc(checked), isValid=False)
    return block


def consultation_block(consultation: Consultation | None) -> dict[str, Any] | None:
    if consultation is None or consultation.start_date is None or consultation.end_date is None:
        return None
    notice = getattr(consultation, "site_notice", None)
    return {
        "startDate": day(consultation.start_date),
        "endDate": day(consultation.end_date),
        "siteNotice": bool(notice and notice.required),
    }


def _officer_recommendation(records: CaseRecords) -> Recommendation | None:
    """The officer's recommendation that went to committee: the latest made before the referral (a committee
    that overturns it records its own, later)."""
    referral = records.committee
    for recommendation in records.recommendations:
        if referral is None or recommendation.created_at <= referral.created_at:
            return recommendation
    return None


def assessment_block(application: PlanningApplication, records: CaseRecords, *, base_url: str) -> dict[str, Any] | None:
    """From validation on: the expiry date, then the decision (the officer's, or the committee's on the officer's
    recommendation), whether prior approval was required, and the published decision notice."""
    if application.valid_from is None or application.status in (*NOT_VALIDATED, Status.RETURNED):
        return None
    block: dict[str, Any] = {"expiryDate": day(application.due_date)}
    referral, determination = records.committee, records.determination
    if referral is not None:
        recommendation = _officer_recommendation(records)
        if recommendation is not None:
            block["planningOfficerRecommendation"] = odp_decision(recommendation.decision)[0]
        sent = application.in_committee_at or referral.created_at
        block["committeeSentDate"] = day(timezone.localtime(sent).date())
        if referral.decision and referral.meeting_on:
            block["committeeDecision"] = odp_decision(referral.decision)[0]
            block["committeeDecisionDate"] = day(referral.meeting_on)
    elif determination is not None:
        block["planningOfficerDecision"] = odp_decision(determination.decision)[0]
        block["planningOfficerDecisionDate"] = day(determination.determined_on)
    if determination is not None:
        required = odp_decision(determination.decision)[1]
        if application.application_type.family == Family.PRIOR_APPROVAL and required is not None:
            block["priorApprovalRequired"] = required
        notice = determination.notice
        if notice is not None and odp_comments.is_public_document(notice):
            url = odp_comments.document_url(application=application, document=notice, base_url=base_url)
            block["decisionNotice"] = {"url": url}
    return block


def appeal_block(appeal: Appeal | None) -> dict[str, Any] | None:
    if appeal is None:
        return None
    block: dict[str, Any] = {"reason": appeal.reason, "lodgedDate": day(appeal.lodged_on)}
    for key, value in (
        ("validatedDate", appeal.validated_on),
        ("startedDate", appeal.started_on),
        ("decisionDate", appeal.determined_on),
    ):
        if value is not None:
            block[key] = day(value)
    if appeal.decision in APPEAL_DECISIONS:
        block["decision"] = APPEAL_DECISIONS[appeal.decision]
    return block


def case_officer_name(application: PlanningApplication) -> str:
    officer = application.assigned_officer
    return officer.name.strip() if officer is not None and officer.name.strip() else NO_OFFICER


def data_block(application: PlanningApplication, records: CaseRecords, *, today: date, base_url: str) -> dict[str, Any]:
    state = state_of(application, records, today=today)
    data: dict[str, Any] = {
        "application": application_block(application, state),
        "localPlanningAuthority": {"publicCommentsAcceptedUntilDecision": True},
        "submission": {"submittedAt": utc(application.submitted_at)},
        "validation": validation_block(application),
        "caseOfficer": {"name": case_officer_name(application)},
    }
    optional = {
        "consultation": consultation_block(records.consultation),
        "assessment": assessment_block(application, records, base_url=base_url),
        "appeal": appeal_block(records.appeal),
    }
    data.update({key: value for key, value in optional.items() if value is not None})
    return data


# --- The whole object ------------------------------------------------------------------------------------------


def _published(
    application: PlanningApplication, records: CaseRecords, *, today: date, base_url: str, with_comments: bool
) -> dict[str, Any]:
    council_code = application.council.code
    item: dict[str, Any] = {
        "applicationType": application.application_type.code,
        "data": data_block(application, records, today=today, base_url=base_url),
        "submission": odp_submission.prototype_application(
            application,
            council_code=council_code,
            details=records.details,
            constraints=records.constraints,
            documents=records.documents,
            base_url=base_url,
        ),
        "metadata": {
            "organisation": council_code[:4],
            "id": odp_submission.case_id(application, council_code=council_code),
            "submittedAt": utc(application.submitted_at),
            "generatedAt": utc(timezone.now()),
            "schema": PUBLISHED_SCHEMA,
        },
        "files": odp_comments.published_files(application=application, documents=records.documents, base_url=base_url),
    }
    if with_comments:
        item["comments"] = {
            "public": odp_comments.public_comments_block(published=records.comments, page=records.comments),
            "specialist": odp_comments.specialist_comments_block(
                application=application,
                case_consultees=records.case_consultees,
                responses=records.responses,
                constraints=records.constraints,
                base_url=base_url,
            ),
        }
    return item


def published_applications(
    *,
    council: Council,
    applications: Iterable[PlanningApplication],
    today: date,
    base_url: str,
    with_comments: bool = False,
) -> list[dict[str, Any]]:
    """One PostSubmissionPublishedApplication per case of `council`, in the order given, in a fixed number of
    queries. Comments are left out unless asked for (a search page does not show them)."""
    # The caller's cases are used as they are (the register's search loads them with their type and officer); only
    # another council's are left out.
    cases = {a.pk: a for a in applications if a.council_id == council.pk}
    ids = list(cases)
    for application in cases.values():
        application.council = council
    records = records_load(council=council, ids=ids, with_comments=with_comments)
    return [
        _published(cases[pk], records[pk], today=today, base_url=base_url, with_comments=with_comments)
        for pk in ids
        if pk in cases
    ]


def published_application(*, application: PlanningApplication, today: date, base_url: str) -> dict[str, Any]:
    """One case as a PostSubmissionPublishedApplication, with its published comments (read afresh, with its type
    and officer, so an object the caller changed since is never published stale)."""
    fresh = PlanningApplication.objects.select_related("application_type", "assigned_officer").get(
        council=application.council_id, pk=application.pk
    )
    return published_applications(
        council=application.council, applications=[fresh], today=today, base_url=base_url, with_comments=True
    )[0]
