"""What each kind of validation request may do, as one table (bops-domain.md §3.2 is the model).

The services read this table; nothing else decides when a kind may be made, how long the applicant has, what
the applicant answers with, whether the request is accepted by itself when the time runs out, and whether
its answer moves the valid-from date.
"""

from dataclasses import dataclass
from enum import StrEnum

from bops.applications.models import Status
from bops.validation.models import RequestKind

#: Days, in working days, the applicant has to answer unless the kind says otherwise (BOPS's
#: RESPONSE_TIME_IN_DAYS). Working days follow bops.core.dates (weekends and English public holidays).
DEFAULT_RESPONSE_DAYS = 15

BEFORE_VALIDATION = frozenset({Status.NOT_STARTED, Status.INVALIDATED})
AFTER_VALIDATION = frozenset(
    {Status.IN_ASSESSMENT, Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE, Status.TO_BE_REVIEWED}
)


class Answer(StrEnum):
    AGREE = "agree"  # agree, or disagree with a reason
    FILES = "files"  # upload one or more files
    TEXT = "text"  # a written answer (files optional)


@dataclass(frozen=True)
class KindRule:
    kind: RequestKind
    answer: Answer
    title: str  # what the applicant is asked, in plain words
    response_days: int = DEFAULT_RESPONSE_DAYS
    auto_accept: bool = False  # accepted by the daily job once the response date has passed
    when: frozenset[Status] = BEFORE_VALIDATION | AFTER_VALIDATION
    one_at_a_time: bool = False  # only one pending or open request of this kind per case
    moves_valid_from: bool = True  # its answer is a required item, so the case is valid no earlier
    check: str = ""  # the validation task an answer sends back to the officer
    files_allowed: bool = False  # a TEXT or AGREE answer may carry files too


RULES: dict[RequestKind, KindRule] = {
    r.kind: r
    for r in (
        KindRule(RequestKind.ADDITIONAL_DOCUMENT, Answer.FILES, "Send us a document", check="check-documents"),
        KindRule(RequestKind.REPLACEMENT_DOCUMENT, Answer.FILES, "Replace a document", check="review-documents"),
        # A changed description is not a missing item: it never moves the valid-from date.
        KindRule(
            RequestKind.DESCRIPTION_CHANGE,
            Answer.AGREE,
            "Agree a new description",
            response_days=5,
            auto_accept=True,
            one_at_a_time=True,
            moves_valid_from=False,
            check="description",
        ),
        KindRule(
            RequestKind.BOUNDARY_CHANGE,
            Answer.AGREE,
            "Agree a new red line boundary",
            response_days=5,
            auto_accept=True,
            one_at_a_time=True,
            check="boundary",
        ),
        KindRule(
            RequestKind.FEE_CHANGE,
            Answer.TEXT,
            "Pay the right fee",
            when=BEFORE_VALIDATION,
            one_at_a_time=True,
            check="fee",
            files_allowed=True,
        ),
        KindRule(
            RequestKind.OTHER_CHANGE,
            Answer.TEXT,
            "Answer a question about your application",
            when=BEFORE_VALIDATION,
            check="other-requests",
            files_allowed=True,
        ),
        KindRule(
            RequestKind.OWNERSHIP_CERTIFICATE,
            Answer.TEXT,
            "Correct your ownership certificate",
            one_at_a_time=True,
            check="ownership",
            files_allowed=True,
        ),
        KindRule(
            RequestKind.PRE_COMMENCEMENT_CONDITION,
            Answer.AGREE,
            "Agree a pre-commencement condition",
            response_days=10,
            auto_accept=True,
            when=AFTER_VALIDATION,
            moves_valid_from=False,
        ),
        KindRule(
            RequestKind.HEADS_OF_TERMS,
            Answer.AGREE,
            "Agree heads of terms for a planning obligation",
            when=AFTER_VALIDATION,
            moves_valid_from=False,
        ),
        KindRule(
            RequestKind.TIME_EXTENSION,
            Answer.AGREE,
            "Agree more time for our decision",
            when=AFTER_VALIDATION,
            one_at_a_time=True,
            moves_valid_from=False,
        ),
    )
}

#: Open requests after validation block the recommendation, except time extensions (bops-domain.md §3.1).
BLOCKING_AFTER_VALIDATION = tuple(k for k in RequestKind if k != RequestKind.TIME_EXTENSION)


def kinds_allowed(status: str) -> list[RequestKind]:
    """The kinds of request that may be made on a case in `status` (the table's `when`)."""
    return [kind for kind, rule in RULES.items() if status in rule.when]
