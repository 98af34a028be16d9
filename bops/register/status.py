"""Where a case stands, in the public's words: the ODP stage and status, and the status label a register shows.

One derivation for the ODP API, the BOPS-shaped API, the register's pages and its filters. It follows the ODP
PostSubmissionApplication enums (ProcessStage, ApplicationStatus) and the labels the Digital Planning Register
derives from them (register-api.md §2.4): a case is "Consultation in progress" while today is inside its
consultation dates, whatever its back-office status.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bops.applications.models import Status


class Stage(StrEnum):
    """ODP ProcessStage."""

    SUBMISSION = "submission"
    VALIDATION = "validation"
    CONSULTATION = "consultation"
    ASSESSMENT = "assessment"
    APPEAL = "appeal"


class OdpStatus(StrEnum):
    """ODP ApplicationStatus."""

    RETURNED = "returned"
    WITHDRAWN = "withdrawn"
    DETERMINED = "determined"
    UNDETERMINED = "undetermined"


class Label(StrEnum):
    """The status labels of the Digital Planning Register (also the values of its `applicationStatus` filter)."""

    SUBMITTED = "Application submitted"
    RETURNED = "Application returned"
    CONSULTATION = "Consultation in progress"
    ASSESSMENT = "Assessment in progress"
    DETERMINED = "Determined"
    WITHDRAWN = "Withdrawn"
    APPEAL_LODGED = "Appeal lodged"
    APPEAL_VALIDATED = "Appeal validated"
    APPEAL_IN_PROGRESS = "Appeal in progress"
    APPEAL_DECIDED = "Appeal decided"


# Plain words under each label, for the register's pages.
EXPLANATIONS = {
    Label.SUBMITTED: "The council has received the application and is checking it has everything it needs.",
    Label.RETURNED: "The application was not valid and has been returned to the applicant.",
    Label.CONSULTATION: "Neighbours, the public and consultees can comment on the application.",
    Label.ASSESSMENT: "A planning officer is assessing the application. You can still comment until it is decided.",
    Label.DETERMINED: "The council has made its decision.",
    Label.WITHDRAWN: "The application was withdrawn and will not be decided.",
    Label.APPEAL_LODGED: "The applicant has appealed against the decision to the Planning Inspectorate.",
    Label.APPEAL_VALIDATED: "The Planning Inspectorate has confirmed the appeal is valid.",
    Label.APPEAL_IN_PROGRESS: "The Planning Inspectorate is considering the appeal.",
    Label.APPEAL_DECIDED: "The Planning Inspectorate has decided the appeal.",
}

NOT_VALIDATED = (Status.NOT_STARTED, Status.INVALIDATED)
UNDER_ASSESSMENT = (Status.IN_ASSESSMENT, Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE, Status.TO_BE_REVIEWED)


@dataclass(frozen=True)
class AppealState:
    lodged_on: date
    validated_on: date | None = None
    started_on: date | None = None
    determined_on: date | None = None
    decision: str = ""


@dataclass(frozen=True)
class PublicState:
    stage: Stage
    status: OdpStatus
    label: Label

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.label]


def consultation_is_open(start: date | None, end: date | None, *, today: date) -> bool:
    """Today is inside the consultation dates, both days included (the register judges this day by day)."""
    return start is not None and end is not None and start <= today <= end


def public_state(
    *,
    status: str,
    valid_from: date | None,
    withdrawn_at: datetime | None,
    consultation_start: date | None,
    consultation_end: date | None,
    appeal: AppealState | None,
    today: date,
) -> PublicState:
    """The case's ODP stage and status and its register label.

    Not validated: submission (not started) or validation (invalid). Returned: validation, returned. Being decided:
    consultation while today is inside the consultation dates, else assessment. Decided: assessment, determined;
    appeal, determined once an appeal is lodged. Withdrawn or closed: withdrawn, at the stage it had reached.
    """
    if status in (Status.WITHDRAWN, Status.CLOSED) or withdrawn_at is not None:
        stage = Stage.ASSESSMENT if valid_from else Stage.VALIDATION
        return PublicState(stage, OdpStatus.WITHDRAWN, Label.WITHDRAWN)
    if status == Status.RETURNED:
        return PublicState(Stage.VALIDATION, OdpStatus.RETURNED, Label.RETURNED)
    if status == Status.NOT_STARTED or status == Status.PENDING:
        return PublicState(Stage.SUBMISSION, OdpStatus.UNDETERMINED, Label.SUBMITTED)
    if status == Status.INVALIDATED:
        return PublicState(Stage.VALIDATION, OdpStatus.UNDETERMINED, Label.SUBMITTED)
    if status == Status.DETERMINED:
        if appeal is None:
            return PublicState(Stage.ASSESSMENT, OdpStatus.DETERMINED, Label.DETERMINED)
        return PublicState(Stage.APPEAL, OdpStatus.DETERMINED, _appeal_label(appeal))
    if consultation_is_open(consultation_start, consultation_end, today=today):
        return PublicState(Stage.CONSULTATION, OdpStatus.UNDETERMINED, Label.CONSULTATION)
    return PublicState(Stage.ASSESSMENT, OdpStatus.UNDETERMINED, Label.ASSESSMENT)


def _appeal_label(appeal: AppealState) -> Label:
    if appeal.decision or appeal.determined_on:
        return Label.APPEAL_DECIDED
    if appeal.started_on:
        return Label.APPEAL_IN_PROGRESS
    if appeal.validated_on:
        return Label.APPEAL_VALIDATED
    return Label.APPEAL_LODGED


# The register's decision labels (and the `councilDecision` filter's values), from the decision recorded.
class DecisionLabel(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"
    PRIOR_APPROVAL_APPROVED = "Prior approval required and approved"
    PRIOR_APPROVAL_NOT_REQUIRED = "Prior approval not required"
    PRIOR_APPROVAL_REFUSED = "Prior approval required and refused"


def decision_label(decision: str, *, prior_approval: bool) -> DecisionLabel | None:
    """`decision` is bops.assessment.models.Decision's value (granted, refused, not_required, approved)."""
    if not decision:
        return None
    if prior_approval:
        return {
            "approved": DecisionLabel.PRIOR_APPROVAL_APPROVED,
            "granted": DecisionLabel.PRIOR_APPROVAL_APPROVED,
            "not_required": DecisionLabel.PRIOR_APPROVAL_NOT_REQUIRED,
            "refused": DecisionLabel.PRIOR_APPROVAL_REFUSED,
        }.get(decision)
    return DecisionLabel.REFUSED if decision == "refused" else DecisionLabel.GRANTED


def odp_decision(decision: str) -> tuple[str, bool | None]:
    """ODP's AssessmentDecision (granted or refused) and, for prior approvals, priorApprovalRequired."""
    if decision == "not_required":
        return "granted", False
    if decision == "approved":
        return "granted", True
    return ("refused" if decision == "refused" else "granted"), (True if decision == "refused" else None)
