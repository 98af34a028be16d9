"""Which validation tasks each application family has: the one place this is declared (ARCHITECTURE.md).

BOPS's "Check and validate" workflows (bops-domain.md §3.4) are the model. The status of each task on a case is
stored in ValidationCheck; a few tasks' statuses follow from other data (see selectors.validation_task_list).
"""

from bops.applications.catalogue import Family
from bops.core.tasklist import Section, Task

REVIEW_DOCUMENTS = Task("review-documents", "Review documents", "Mark each document valid or invalid, tag it")
CHECK_DOCUMENTS = Task("check-documents", "Check and request documents", "Required documents, and requests")
BOUNDARY = Task("boundary", "Check red line boundary")
CONSTRAINTS = Task("constraints", "Check constraints")
DESCRIPTION = Task("description", "Check description")
FEE = Task("fee", "Check fee")
REPORTING = Task("reporting", "Add reporting details", "Statistical development type")
CIL = Task("cil", "Confirm Community Infrastructure Levy (CIL)")
EIA = Task("eia", "Check Environmental Impact Assessment (EIA)")
OWNERSHIP = Task("ownership", "Check ownership certificate")
OTHER_REQUESTS = Task("other-requests", "Other validation requests")
REVIEW_REQUESTS = Task("requests", "Review validation requests")
DECISION = Task("decision", "Send validation decision")

_DOCUMENTS = Section("Check documents", (REVIEW_DOCUMENTS, CHECK_DOCUMENTS))
_REQUESTS = Section("Requests to the applicant", (OTHER_REQUESTS, REVIEW_REQUESTS))
_DECISION = Section("Decision", (DECISION,))

TASK_LISTS: dict[Family, tuple[Section, ...]] = {
    Family.LAWFUL_DEVELOPMENT_CERTIFICATE: (
        _DOCUMENTS,
        Section("Check the application", (BOUNDARY, CONSTRAINTS, DESCRIPTION, FEE, REPORTING)),
        _REQUESTS,
        _DECISION,
    ),
    Family.PRIOR_APPROVAL: (
        _DOCUMENTS,
        Section("Check the application", (BOUNDARY, CONSTRAINTS, DESCRIPTION, FEE, REPORTING)),
        _REQUESTS,
        _DECISION,
    ),
    Family.PLANNING_PERMISSION: (
        _DOCUMENTS,
        Section("Check the application", (BOUNDARY, CONSTRAINTS, DESCRIPTION, FEE, REPORTING, CIL, EIA, OWNERSHIP)),
        _REQUESTS,
        _DECISION,
    ),
    Family.OTHER: (
        _DOCUMENTS,
        Section("Check the application", (BOUNDARY, CONSTRAINTS, DESCRIPTION, FEE, OWNERSHIP)),
        _REQUESTS,
        _DECISION,
    ),
    Family.PRE_APPLICATION: (
        _DOCUMENTS,
        Section("Check the application", (BOUNDARY, CONSTRAINTS, DESCRIPTION, FEE)),
        _REQUESTS,
        _DECISION,
    ),
}

#: Tasks whose status is worked out from other data, never stored.
DERIVED = frozenset({REVIEW_REQUESTS.slug, DECISION.slug})

#: Tasks an officer may confirm together from the task list when nothing needs changing, and what confirming
#: each one means. Which of them are ticked in advance, and the evidence shown beside each, is evidence.py's.
CONFIRMABLE: dict[str, str] = {
    CHECK_DOCUMENTS.slug: "No required document is missing",
    BOUNDARY.slug: "The red line boundary is correct",
    CONSTRAINTS.slug: "The constraints are correct",
    DESCRIPTION.slug: "The description is correct",
    FEE.slug: "The fee is correct",
    REPORTING.slug: "The development type is the only one allowed for this type",
    CIL.slug: "Not liable for the Community Infrastructure Levy",
    EIA.slug: "Not EIA development",
    OWNERSHIP.slug: "The ownership certificate is correct",
    OTHER_REQUESTS.slug: "No other requests to make",
}


def tasks_for(family: Family) -> tuple[Section, ...]:
    return TASK_LISTS[family]


def task_slugs(family: Family) -> list[str]:
    return [task.slug for section in TASK_LISTS[family] for task in section.tasks]


def task_by_slug(family: Family, slug: str) -> Task | None:
    return next((t for s in TASK_LISTS[family] for t in s.tasks if t.slug == slug), None)
