"""Cases in every public state, made through the real services, for the register's and the public API's tests.

Each builder takes a council and its users by role (the `swk_users` fixture) and returns the case in that state,
refreshed. Every case has the same applicant and agent, whose contact details (`PERSONAL`) must never appear in
anything public; validated cases are published on the register and assigned to the assessor, and carry one
published and one unpublished document. `with_responses` adds, during assessment, a redacted and an unredacted
public comment and a redacted and an unredacted consultee response (`REDACTED_*` and `UNREDACTED_*` texts).

Dates: a case that has finished its consultation was made and consulted on 60 days ago (time-machine), so its
consultation is over today; decisions and appeals are dated today.

`STATES` maps a state's name to its builder, for tests that go through them all.
"""

from collections.abc import Callable
from datetime import timedelta

import time_machine
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.applications import services as applications
from bops.applications.lifecycle import Event
from bops.applications.models import ApplicationType, PlanningApplication
from bops.applications.tests.builders import add_pending_request, publicise, square
from bops.assessment import services as assessment
from bops.assessment.tests.builders import complete_assessment
from bops.consultation import comments, consultees, notices
from bops.consultation.models import ConsulteeResponse, PublicComment, SiteNotice
from bops.core import dates
from bops.councils.models import Council
from bops.decisions import services as decisions
from bops.documents.services import document_add
from bops.validation import services as validation

Users = dict[str, User]

APPLICANT = applications.Person(
    name="Jo Bloggs", email="jo.bloggs@applicant.example", phone="07700 900111", address="3 Hidden Mews, Leeds LS1 4AP"
)
AGENT = applications.Person(
    name="Alex Agent", email="alex@agents.example", phone="07700 900222", address="9 Agent Row", company="Plans Ltd"
)
CONSULTEE_EMAIL = "hana@highways.example"
COMMENTER = comments.NewComment(
    name="Pat Neighbour",
    address="14 Bellenden Road, London SE15 4RF",
    email="pat@neighbour.example",
    stance="objection",
    topics=["privacy"],
    text="I am Pat at 14 Bellenden Road, 07700 900333. The wall is too high.",
)
REDACTED_COMMENT = "The wall is too high."
UNREDACTED_COMMENT = "Call me on 07700 900444, I love the design."
REDACTED_RESPONSE = "No objection subject to conditions."
UNREDACTED_RESPONSE = "Hana (07700 900555) says refuse."
# Everything personal the builders put in: none of it may leave in a public object.
PERSONAL = (
    APPLICANT.email,
    APPLICANT.phone,
    APPLICANT.address,
    "Hidden Mews",
    AGENT.email,
    AGENT.phone,
    AGENT.address,
    COMMENTER.email,
    COMMENTER.text,
    "07700 900333",
    "07700 900444",
    "07700 900555",
    CONSULTEE_EMAIL,
    "Hana Highways",
)
PUBLISHED_DOCUMENT = "site-plan.pdf"
UNPUBLISHED_DOCUMENT = "ownership-evidence.pdf"


def new_case(
    council: Council, *, code: str = "pp.full.householder", officer: User | None = None
) -> PlanningApplication:
    """A case as intake leaves it once accepted (not started), with its documents (not yet reviewed)."""
    application_type = ApplicationType.objects.get(council=council, code=code)
    if not application_type.is_active:
        application_type.is_active = True
        application_type.save(update_fields=["is_active", "updated_at"])
    application = applications.planning_application_create(
        council=council,
        user=None,
        application_type=application_type,
        site=applications.Site(address_line_1="12 Bellenden Road", town="London", postcode="SE15 4RF"),
        description="Erection of a single storey rear extension",
        applicant=APPLICANT,
        agent=AGENT,
        boundary=square(),
        submitted_at=timezone.now() - timedelta(days=2),
    )
    for name in (PUBLISHED_DOCUMENT, UNPUBLISHED_DOCUMENT):
        document_add(
            application=application,
            user=None,
            name=name,
            content=b"%PDF-1.4 test",
            content_type="application/pdf",
            tags=["sitePlan.proposed"] if name == PUBLISHED_DOCUMENT else ["otherEvidence"],
        )
    application = applications.planning_application_transition(
        council=council, application_id=application.pk, user=None, event=Event.ACCEPT
    )
    if officer is not None:
        applications.planning_application_assign(
            council=council, application_id=application.pk, user=officer, officer_id=officer.pk
        )
    return application


def _review_documents(application: PlanningApplication, officer: User) -> None:
    reviews = [
        validation.DocumentReview(
            document_id=document.pk,
            valid=True,
            tags=list(document.tags),
            publishable=document.name == PUBLISHED_DOCUMENT,
        )
        for document in application.documents.all()
    ]
    validation.documents_review(
        council=application.council, application_id=application.pk, user=officer, reviews=reviews
    )


def validated(council: Council, users: Users, *, code: str = "pp.full.householder") -> PlanningApplication:
    """Validated on the day it was received and published on the register: in assessment, no consultation yet."""
    officer = users[Role.ASSESSOR]
    application = new_case(council, code=code, officer=officer)
    _review_documents(application, officer)
    return validation.application_validate(
        council=council,
        application_id=application.pk,
        user=officer,
        valid_from=timezone.localtime(application.received_at).date(),
    )


def _site_notice_up(application: PlanningApplication, officer: User) -> None:
    council = application.council
    notices.site_notice_save(
        council=council,
        application_id=application.pk,
        user=officer,
        choice=notices.SiteNoticeChoice(
            required=True, delivery=SiteNotice.Delivery.INTERNAL, location_instructions="On the front railings"
        ),
    )
    notices.site_notice_displayed(
        council=council, application_id=application.pk, user=officer, displayed_on=timezone.localdate()
    )


def _responses_add(application: PlanningApplication, users: Users) -> None:
    """Two public comments and two consultee responses, one of each redacted (published) by the officer."""
    council, officer = application.council, users[Role.ASSESSOR]
    kept = comments.public_comment_submit(
        council=council, application_id=application.pk, comment=COMMENTER, client_key="states-1"
    )
    comments.public_comment_redact(
        council=council, application_id=application.pk, comment_id=kept.pk, user=officer, redacted_text=REDACTED_COMMENT
    )
    comments.public_comment_submit(
        council=council,
        application_id=application.pk,
        comment=comments.NewComment(
            name="Sam Other", address="16 Bellenden Road", stance="support", text=UNREDACTED_COMMENT
        ),
        client_key="states-2",
    )
    directory = consultees.consultee_create(
        council=council,
        user=users[Role.ADMINISTRATOR],
        details=consultees.ConsulteeDetails(
            name="Hana Highways",
            organisation="Highways team",
            email=CONSULTEE_EMAIL,
            role="Highways engineer",
            internal=True,
        ),
    )
    case_consultee = consultees.case_consultee_add(
        council=council, application_id=application.pk, user=officer, consultee_id=directory.pk
    )
    consultees.consultee_emails_send(
        council=council, application_id=application.pk, user=officer, case_consultee_ids=[case_consultee.pk]
    )
    for stance, text in (("no_objection", REDACTED_RESPONSE), ("objection", UNREDACTED_RESPONSE)):
        response = consultees.consultee_response_record(
            council=council,
            application_id=application.pk,
            user=officer,
            case_consultee_id=case_consultee.pk,
            response=consultees.Response(stance=stance, text=text, uploads=[]),
            received_on=timezone.localdate(),
        )
        if text == REDACTED_RESPONSE:
            comments.consultee_response_redact(
                council=council,
                application_id=application.pk,
                response_id=response.pk,
                user=officer,
                redacted_text=text,
            )


def in_consultation(
    council: Council, users: Users, *, code: str = "pp.full.householder", with_responses: bool = True
) -> PlanningApplication:
    """In assessment with its site notice put up today: today is inside the consultation dates."""
    application = validated(council, users, code=code)
    _site_notice_up(application, users[Role.ASSESSOR])
    publicise(application, users[Role.ASSESSOR], on=timezone.localdate())  # and letters where the law wants them
    if with_responses:
        _responses_add(application, users)
    application.refresh_from_db()
    return application


def consulted(
    council: Council, users: Users, *, code: str = "pp.full.householder", with_responses: bool = True
) -> PlanningApplication:
    """In assessment after its consultation: made, validated and consulted on 60 days ago."""
    # A working day about 60 days ago: a Sunday's submission counts as received on the Monday (DMPO 2015 art. 2(1)).
    moment = timezone.localtime(timezone.now() - timedelta(days=60)).replace(hour=10, minute=0)
    while not dates.is_working_day(timezone.localtime(moment).date()):
        moment -= timedelta(days=1)
    with time_machine.travel(moment):
        application = in_consultation(council, users, code=code, with_responses=with_responses)
    return application


def _recommend(application: PlanningApplication, users: Users, *, decision: str) -> PlanningApplication:
    officer = users[Role.ASSESSOR]
    complete_assessment(application, officer)
    assessment.recommendation_make(
        council=application.council,
        application_id=application.pk,
        user=officer,
        decision=decision,
        reasons="The proposal complies with the development plan.",
    )
    return assessment.recommendation_submit(council=application.council, application_id=application.pk, user=officer)


def awaiting_determination(
    council: Council, users: Users, *, code: str = "pp.full.householder", decision: str = "granted"
) -> PlanningApplication:
    """The officer's recommendation submitted, after the consultation."""
    application = _recommend(consulted(council, users, code=code), users, decision=decision)
    application.refresh_from_db()
    return application


def _agree(application: PlanningApplication, users: Users) -> None:
    decisions.recommendation_review(
        council=application.council, application_id=application.pk, user=users[Role.REVIEWER], agree=True
    )


def determined(
    council: Council, users: Users, *, code: str = "pp.full.householder", decision: str = "granted"
) -> PlanningApplication:
    """Determined today by the reviewer on the agreed recommendation: the notice is issued and published."""
    application = awaiting_determination(council, users, code=code, decision=decision)
    _agree(application, users)
    decisions.determine(
        council=council, application_id=application.pk, user=users[Role.REVIEWER], determined_on=timezone.localdate()
    )
    application.refresh_from_db()
    return application


def in_committee(council: Council, users: Users, *, code: str = "pp.full.householder") -> PlanningApplication:
    """Sent to committee by the reviewer on the officer's recommendation to grant."""
    application = awaiting_determination(council, users, code=code)
    decisions.committee_refer(
        council=council, application_id=application.pk, user=users[Role.REVIEWER], reasons=["Called in by a member"]
    )
    application.refresh_from_db()
    return application


def committee_determined(
    council: Council, users: Users, *, code: str = "pp.full.householder", decision: str = "refused"
) -> PlanningApplication:
    """The committee decided (by default overturning the officer's recommendation to grant), then determined."""
    application = in_committee(council, users, code=code)
    decisions.committee_decision_record(
        council=council,
        application_id=application.pk,
        user=users[Role.REVIEWER],
        meeting_on=timezone.localdate(),
        decision=decision,
        minutes="The committee found the extension overbearing.",
    )
    decisions.determine(
        council=council, application_id=application.pk, user=users[Role.REVIEWER], determined_on=timezone.localdate()
    )
    application.refresh_from_db()
    return application


def to_be_reviewed(council: Council, users: Users, *, code: str = "pp.full.householder") -> PlanningApplication:
    """The reviewer challenged the recommendation: back with the officer."""
    application = awaiting_determination(council, users, code=code)
    decisions.recommendation_review(
        council=council,
        application_id=application.pk,
        user=users[Role.REVIEWER],
        agree=False,
        comment="Say more about the neighbour's light.",
    )
    application.refresh_from_db()
    return application


def not_started(council: Council, users: Users, *, code: str = "pp.full.householder") -> PlanningApplication:
    return new_case(council, code=code, officer=users[Role.ASSESSOR])


def invalid(council: Council, users: Users, *, code: str = "pp.full.householder") -> PlanningApplication:
    """Invalidated with a request to the applicant."""
    officer = users[Role.ASSESSOR]
    application = new_case(council, code=code, officer=officer)
    add_pending_request(application, officer)
    return validation.application_invalidate(council=council, application_id=application.pk, user=officer)


def _closing(event: Event, reason: str) -> Callable[..., PlanningApplication]:
    def build(council: Council, users: Users, *, code: str = "pp.full.householder") -> PlanningApplication:
        application = validated(council, users, code=code) if event != Event.RETURN else not_started(council, users)
        return applications.planning_application_transition(
            council=council, application_id=application.pk, user=users[Role.ASSESSOR], event=event, reason=reason
        )

    return build


returned = _closing(Event.RETURN, "The form is not signed (Jo Bloggs, 07700 900111).")
withdrawn = _closing(Event.WITHDRAW, "Jo Bloggs phoned on 07700 900111 to withdraw.")
closed = _closing(Event.CLOSE, "Duplicate of another case, per Jo Bloggs.")


def appealed(
    council: Council, users: Users, *, step: str = "lodged", code: str = "pp.full.householder"
) -> PlanningApplication:
    """Refused today, then appealed today; `step` is how far the appeal went: lodged, validated, started or
    decided (dismissed)."""
    application = determined(council, users, code=code, decision="refused")
    officer, today = users[Role.ASSESSOR], timezone.localdate()
    appeal = decisions.appeal_lodge(
        council=council, application_id=application.pk, user=officer, lodged_on=today, reason="The council was wrong."
    )
    steps = ("lodged", "validated", "started", "decided")
    reached = steps.index(step)
    if reached:
        decisions.appeal_update(
            council=council,
            application_id=application.pk,
            user=officer,
            appeal_id=appeal.pk,
            validated_on=today,
            started_on=today if reached >= 2 else None,
            determined_on=today if reached >= 3 else None,
            decision="dismissed" if reached >= 3 else "",
        )
    application.refresh_from_db()
    return application


def _prior_approval(decision: str) -> Callable[..., PlanningApplication]:
    def build(council: Council, users: Users) -> PlanningApplication:
        return determined(council, users, code="pa.part1.classA", decision=decision)

    return build


STATES: dict[str, Callable[[Council, Users], PlanningApplication]] = {
    "not_started": not_started,
    "invalid": invalid,
    "returned": returned,
    "in_consultation": in_consultation,
    "in_assessment": consulted,
    "awaiting_determination": awaiting_determination,
    "in_committee": in_committee,
    "to_be_reviewed": to_be_reviewed,
    "granted": determined,
    "refused": lambda council, users: determined(council, users, decision="refused"),
    "committee_determined": committee_determined,
    "prior_approval_not_required": _prior_approval("not_required"),
    "prior_approval_approved": _prior_approval("approved"),
    "prior_approval_refused": _prior_approval("refused"),
    "appeal_lodged": lambda council, users: appealed(council, users, step="lodged"),
    "appeal_validated": lambda council, users: appealed(council, users, step="validated"),
    "appeal_started": lambda council, users: appealed(council, users, step="started"),
    "appeal_decided": lambda council, users: appealed(council, users, step="decided"),
    "withdrawn": withdrawn,
    "closed": closed,
}


def published_comment_count(application: PlanningApplication) -> tuple[int, int]:
    """(public comments, consultee responses) published on the case."""
    return (
        PublicComment.objects.filter(application=application, redacted_at__isnull=False).count(),
        ConsulteeResponse.objects.filter(
            case_consultee__consultation__application=application, redacted_at__isnull=False
        ).count(),
    )
