"""The sentences the pages say about a recommendation or a decision. A decision's label ("Granted", "Prior approval
not required") names it in a heading or a table; it is never a word to drop into a sentence ("the recommendation
is to granted"), so each sentence is written here whole, per decision and family."""

from datetime import date

from django.utils import timezone

from bops.applications.catalogue import Family
from bops.assessment.models import Decision, Recommendation
from bops.core.dates import format_date

_PLANNING_PERMISSION = {
    Decision.GRANTED: "planning permission is granted",
    Decision.REFUSED: "planning permission is refused",
}
_CLAUSES: dict[Family, dict[Decision, str]] = {
    Family.LAWFUL_DEVELOPMENT_CERTIFICATE: {
        Decision.GRANTED: "the certificate is granted",
        Decision.REFUSED: "the certificate is refused",
    },
    Family.PRIOR_APPROVAL: {
        Decision.NOT_REQUIRED: "prior approval is not required",
        Decision.APPROVED: "prior approval is given",
        Decision.GRANTED: "prior approval is given",
        Decision.REFUSED: "prior approval is refused",
    },
    Family.PLANNING_PERMISSION: _PLANNING_PERMISSION,
    Family.OTHER: {Decision.GRANTED: "the application is granted", Decision.REFUSED: "the application is refused"},
    Family.PRE_APPLICATION: {
        Decision.GRANTED: "the advice is that the proposal is acceptable",
        Decision.REFUSED: "the advice is that the proposal is not acceptable",
    },
}


def outcome_clause(decision: str, family: Family) -> str:
    """What the decision does, as a clause to follow "that": "planning permission is granted"."""
    found = _CLAUSES[family].get(Decision(decision))
    return found or f"the decision is \u201c{Decision(decision).label}\u201d"


def recommendation_sentence(recommendation: Recommendation) -> str:
    """ "The officer recommends that the certificate is granted." followed by where its review stands."""
    clause = outcome_clause(recommendation.decision, recommendation.application.application_type.family)
    return f"The officer recommends that {clause}. {review_sentence(recommendation)}"


def review_sentence(recommendation: Recommendation) -> str:
    reviewer, when = recommendation.reviewed_by, recommendation.reviewed_at
    if reviewer is not None and when is not None:
        day = format_date(timezone.localtime(when).date())
        if recommendation.review == Recommendation.Review.AGREED:
            return f"{reviewer.name} agreed with it on {day}."
        if recommendation.review == Recommendation.Review.CHALLENGED:
            comment = f": {recommendation.review_comment}" if recommendation.review_comment else "."
            return f"{reviewer.name} disagreed with it on {day}{comment}"
    if recommendation.submitted_at is None:
        return "It is a draft: it has not been submitted for review."
    return "The reviewer has not reviewed it yet."


def decision_sentence(decision: str, family: Family, determined_on: date) -> str:
    """ "On 3 December 2026 the council decided that planning permission is granted." """
    return f"On {format_date(determined_on)} the council decided that {outcome_clause(decision, family)}."
