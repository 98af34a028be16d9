"""Reads of public comments and consultee responses: the officers' list, the register's published ones, and the
summary the assessment uses."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from bops.applications.models import PlanningApplication
from bops.consultation.models import TOPICS, ConsulteeResponse, ConsulteeStance, PublicComment, Stance


def public_comments_for(*, application: PlanningApplication, published_only: bool = False) -> QuerySet[PublicComment]:
    comments = PublicComment.objects.filter(council=application.council_id, application=application).select_related(
        "redacted_by", "recorded_by"
    )
    return comments.filter(redacted_at__isnull=False) if published_only else comments


def consultee_responses_for(
    *, application: PlanningApplication, published_only: bool = False
) -> QuerySet[ConsulteeResponse]:
    responses = ConsulteeResponse.objects.filter(
        council=application.council_id, case_consultee__consultation__application=application
    ).select_related("case_consultee__consultee", "redacted_by", "recorded_by")
    return responses.filter(redacted_at__isnull=False) if published_only else responses


def public_comment_get(*, application: PlanningApplication, comment_id: int) -> PublicComment | None:
    return public_comments_for(application=application).filter(pk=comment_id).first()


def consultee_response_get(*, application: PlanningApplication, response_id: int) -> ConsulteeResponse | None:
    return consultee_responses_for(application=application).filter(pk=response_id).first()


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ConsultationSummary:
    """Every response received, published or not: the neighbours' by stance and by topic, the consultees' by stance."""

    comments: int
    comments_unredacted: int
    by_stance: list[Tally]
    by_topic: list[Tally]
    untagged: int
    consultee_responses: int
    consultee_unredacted: int
    consultees_by_stance: list[Tally]


def consultation_summary(application: PlanningApplication) -> ConsultationSummary:
    comments = public_comments_for(application=application)
    stances = dict(comments.order_by().values_list("stance").annotate(n=Count("id")))
    topics: Counter[str] = Counter()
    untagged = 0
    for tags in comments.values_list("topics", flat=True):
        topics.update(set(tags) & set(TOPICS))
        untagged += not tags
    responses = consultee_responses_for(application=application)
    consultee_stances = dict(responses.order_by().values_list("stance").annotate(n=Count("id")))
    return ConsultationSummary(
        comments=sum(stances.values()),
        comments_unredacted=comments.filter(redacted_at__isnull=True).count(),
        by_stance=[Tally(s.value, s.label, stances.get(s.value, 0)) for s in Stance],
        by_topic=[Tally(key, label, topics[key]) for key, label in TOPICS.items()],
        untagged=untagged,
        consultee_responses=sum(consultee_stances.values()),
        consultee_unredacted=responses.filter(redacted_at__isnull=True).count(),
        consultees_by_stance=[Tally(s.value, s.label, consultee_stances.get(s.value, 0)) for s in ConsulteeStance],
    )
