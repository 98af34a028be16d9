"""Writes of the decision stage: the reviewer's review of the report, committee, determination, and appeals.

Every write is one transaction that locks the case, checks the role and the rules, and is audited. Status changes
go only through `planning_application_transition`; a refusal raises before anything is written, so it changes
nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.applications import services as applications
from bops.applications.lifecycle import TRANSITIONS, Event, refusal
from bops.applications.models import PlanningApplication, Status
from bops.assessment import checks
from bops.assessment.models import Recommendation, Section, SectionVersion
from bops.core.audit import audit_record
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.councils.models import Council
from bops.decisions import notice
from bops.decisions.models import Appeal, CommitteeReferral, Determination
from bops.documents.services import document_add
from bops.register.selectors import register_url
from bops.validation.messages import send_to_applicant, send_to_officer

REVIEWABLE = (Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE)
NOTICE_TAG = "decisionNotice"


def _lock(*, council: Council, application_id: int) -> PlanningApplication:
    application = (
        PlanningApplication.objects.select_for_update(of=("self",))
        .select_related("application_type", "council", "assigned_officer")
        .filter(council=council, pk=application_id)
        .first()
    )
    if application is None:
        raise DomainError("There is no such case in your council.")
    return application


def _refuse_unless_reviewable(application: PlanningApplication) -> None:
    if application.status not in REVIEWABLE:
        raise DomainError(
            f"This case is {Status(application.status).label.lower()}: "
            "it can be reviewed once the recommendation is submitted."
        )


def latest_recommendation(application: PlanningApplication) -> Recommendation | None:
    return Recommendation.objects.filter(application=application).order_by("-created_at", "-id").first()


# --- Review of the officer's report ------------------------------------------------------------------------


def _section_title(application: PlanningApplication, slug: str) -> str:
    spec = application.application_type
    task = checks.task_by_slug(spec.family, slug, code=spec.code)
    return task.title if task else slug


class Verdict:
    ACCEPT = "accept"
    EDIT = "edit"
    RETURN = "return"
    ALL = (ACCEPT, EDIT, RETURN)


@transaction.atomic
def section_review(
    *, council: Council, application_id: int, user: User, slug: str, verdict: str, text: str = "", comment: str = ""
) -> SectionVersion:
    """The reviewer accepts the latest version of a section, edits and accepts it (a new version by the reviewer),
    or returns it to the officer with a comment. Earlier versions are never changed or removed."""
    check_role(user, Role.REVIEWER)
    application = _lock(council=council, application_id=application_id)
    _refuse_unless_reviewable(application)
    if verdict not in Verdict.ALL:
        raise DomainError("Choose accept, edit and accept, or return.", field="verdict")
    section = Section.objects.select_for_update().filter(council=council, application=application, slug=slug).first()
    latest = section.versions.order_by("-number").first() if section else None
    if section is None or latest is None:
        raise DomainError("This section has not been written yet.")
    now = timezone.now()
    if verdict == Verdict.ACCEPT:
        latest.review, latest.reviewed_by, latest.reviewed_at = SectionVersion.Review.ACCEPTED, user, now
        latest.save(update_fields=["review", "reviewed_by", "reviewed_at"])
        version, section.status = latest, Section.Status.ACCEPTED
    elif verdict == Verdict.EDIT:
        text = text.strip()
        if not text:
            raise DomainError("Enter the text of the section.", field="text")
        version = SectionVersion.objects.create(
            section=section,
            number=latest.number + 1,
            text=text,
            data=latest.data,
            author=user,
            created_at=now,
            review=SectionVersion.Review.EDITED,
            review_comment=comment.strip(),
            reviewed_by=user,
            reviewed_at=now,
        )
        section.status = Section.Status.ACCEPTED
    else:
        comment = comment.strip()
        if not comment:
            raise DomainError("Enter what the officer should change.", field="comment")
        latest.review, latest.review_comment = SectionVersion.Review.RETURNED, comment
        latest.reviewed_by, latest.reviewed_at = user, now
        latest.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
        version, section.status = latest, Section.Status.RETURNED
        send_to_officer(
            application=application,
            kind="section_returned",
            subject=f"{application.reference_in_full}: a section of your report was returned",
            body=(
                f"{user.name} returned the section \u201c{_section_title(application, slug)}\u201d of your report on "
                f"{application.reference_in_full} ({application.address}).\n\nComment: {comment}"
            ),
        )
    section.save(update_fields=["status", "updated_at"])
    audit_record(
        council=council,
        user=user,
        application=application,
        event=f"section_{'edited' if verdict == Verdict.EDIT else verdict + 'ed'}",
        comment=comment.strip(),
        data={"section": slug, "version": version.number},
    )
    return version


@transaction.atomic
def recommendation_review(
    *, council: Council, application_id: int, user: User, agree: bool, comment: str = ""
) -> Recommendation:
    """The reviewer agrees with the recommendation, or challenges it with a comment (the case goes back to the
    officer). A case in committee stays there after agreement until the committee's decision is recorded."""
    check_role(user, Role.REVIEWER)
    application = _lock(council=council, application_id=application_id)
    _refuse_unless_reviewable(application)
    recommendation = latest_recommendation(application)
    if recommendation is None:
        raise DomainError("There is no recommendation to review.")
    comment = comment.strip()
    now = timezone.now()
    if agree:
        returned = Section.objects.filter(application=application, status=Section.Status.RETURNED).first()
        if returned is not None:
            raise DomainError(
                f"The section \u201c{_section_title(application, returned.slug)}\u201d was returned: "
                "wait for the officer's update."
            )
        recommendation.review = Recommendation.Review.AGREED
    else:
        if not comment:
            raise DomainError("Enter why you disagree with the recommendation.", field="comment")
        recommendation.review = Recommendation.Review.CHALLENGED
    recommendation.review_comment, recommendation.reviewed_by, recommendation.reviewed_at = comment, user, now
    recommendation.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at", "updated_at"])
    if agree:
        audit_record(council=council, user=user, application=application, event="recommendation_agreed")
    else:
        applications.planning_application_transition(
            council=council, application_id=application.pk, user=user, event=Event.CHALLENGE, reason=comment
        )
        send_to_officer(
            application=application,
            kind="recommendation_challenged",
            subject=f"{application.reference_in_full}: your recommendation was challenged",
            body=(
                f"{user.name} disagreed with your recommendation on {application.reference_in_full}"
                f" ({application.address}).\n\nComment: {comment}"
            ),
        )
    return recommendation


@dataclass(frozen=True)
class SectionVerdict:
    verdict: str
    text: str = ""
    comment: str = ""


@transaction.atomic
def review_save(
    *,
    council: Council,
    application_id: int,
    user: User,
    verdicts: Mapping[str, SectionVerdict],
    agree: bool | None,
    comment: str = "",
    determined_on: date | None = None,
) -> Determination | None:
    """The reviewer's one submit: a verdict on each section of the report waiting for review, the answer on the
    recommendation, and, with `determined_on`, the determination. The determination needs no more than the law
    asks of it: the decision of an officer the council has authorised (here, a reviewer; TCPA 1990 s70, Local
    Government Act 1972 s101) and the date of the decision, which the notice bears (DMPO 2015 art. 35).

    One transaction: any refusal changes nothing. A returned section goes back to the officer with the case, so
    it needs the reviewer's disagreement (and what to change). A refusal's field is the form's own:
    "<slug>-verdict", "<slug>-text" or "<slug>-comment" for a section; "agree", "comment" or "determined_on"."""
    check_role(user, Role.REVIEWER)
    returned = [slug for slug, v in verdicts.items() if v.verdict == Verdict.RETURN]
    if returned and agree is not False:
        raise DomainError(
            "You are returning a section: say you disagree with the recommendation, so the case goes back to the "
            "officer, and what to change.",
            field="agree",
        )
    if determined_on is not None and agree is not True:
        raise DomainError("Agree with the recommendation to determine the case.", field="agree")
    for slug, item in verdicts.items():
        try:
            section_review(
                council=council,
                application_id=application_id,
                user=user,
                slug=slug,
                verdict=item.verdict,
                text=item.text,
                comment=item.comment,
            )
        except DomainError as error:
            raise DomainError(error.message, field=f"{slug}-{error.field}" if error.field else None) from None
    if agree is not None:
        recommendation_review(council=council, application_id=application_id, user=user, agree=agree, comment=comment)
    if determined_on is None:
        return None
    return determine(council=council, application_id=application_id, user=user, determined_on=determined_on)


# --- Committee ----------------------------------------------------------------------------------------------


@transaction.atomic
def committee_refer(*, council: Council, application_id: int, user: User, reasons: list[str]) -> CommitteeReferral:
    check_role(user, Role.REVIEWER)
    reasons = [r.strip() for r in reasons if r.strip()]
    if not reasons:
        raise DomainError("Enter why the case goes to committee.", field="reasons")
    application = applications.planning_application_transition(
        council=council, application_id=application_id, user=user, event=Event.SEND_TO_COMMITTEE, reason=reasons[0]
    )
    referral, _ = CommitteeReferral.objects.update_or_create(
        application=application, defaults={"council": council, "reasons": reasons}
    )
    return referral


@transaction.atomic
def committee_decision_record(
    *, council: Council, application_id: int, user: User, meeting_on: date, decision: str, minutes: str
) -> CommitteeReferral:
    """The committee's decision. When it overturns the recommendation, it becomes the agreed recommendation."""
    check_role(user, Role.REVIEWER)
    application = _lock(council=council, application_id=application_id)
    referral = CommitteeReferral.objects.select_for_update().filter(council=council, application=application).first()
    if application.status != Status.IN_COMMITTEE or referral is None:
        raise DomainError("This case is not in committee.")
    if decision not in checks.DECISIONS[application.application_type.family]:
        raise DomainError("Choose the committee's decision.", field="decision")
    if meeting_on > timezone.localdate():
        raise DomainError("The meeting date must be today or in the past.", field="meeting_on")
    if not minutes.strip():
        raise DomainError("Enter the committee's reasons (the minutes).", field="minutes")
    referral.meeting_on, referral.decision, referral.minutes = meeting_on, decision, minutes.strip()
    referral.save(update_fields=["meeting_on", "decision", "minutes", "updated_at"])
    latest = latest_recommendation(application)
    if latest is None or latest.decision != decision:
        Recommendation.objects.create(
            council=council,
            application=application,
            decision=decision,
            reasons=minutes.strip(),
            author=user,
            submitted_at=timezone.now(),
            review=Recommendation.Review.AGREED,
            reviewed_by=user,
            reviewed_at=timezone.now(),
        )
    audit_record(
        council=council,
        user=user,
        application=application,
        event="committee_decision",
        comment=minutes.strip(),
        data={"meeting_on": meeting_on.isoformat(), "decision": decision},
    )
    return referral


# --- Determination ------------------------------------------------------------------------------------------


def _refuse_determination(application: PlanningApplication, user: User, determined_on: date) -> Recommendation:
    existing = Determination.objects.filter(application=application).first()
    if existing is not None or application.status == Status.DETERMINED:
        when = f" on {format_date(existing.determined_on)}" if existing else ""
        raise DomainError(f"This case was already determined{when}.")
    if determined_on > timezone.localdate():
        raise DomainError("The determination date must be today or in the past.", field="determined_on")
    if application.valid_from and determined_on < application.valid_from:
        raise DomainError(
            "The determination date cannot be before the application was valid "
            f"({format_date(application.valid_from)}).",
            field="determined_on",
        )
    refused = refusal(TRANSITIONS[Event.DETERMINE], application, user.role)
    if refused:
        raise DomainError(refused)
    if application.status == Status.IN_COMMITTEE:
        referral = CommitteeReferral.objects.filter(application=application).first()
        if referral is None or not referral.decision:
            raise DomainError("Record the committee's decision before determining the case.")
    recommendation = latest_recommendation(application)
    assert recommendation is not None  # the lifecycle's guard needs an agreed one
    return recommendation


@transaction.atomic
def determine(*, council: Council, application_id: int, user: User, determined_on: date) -> Determination:
    """The reviewer determines the case: the decision notice is made and stored, the case is determined, and the
    applicant and agent are told. Any refusal changes nothing."""
    check_role(user, Role.REVIEWER)
    application = _lock(council=council, application_id=application_id)
    recommendation = _refuse_determination(application, user, determined_on)
    determination = Determination.objects.create(
        council=council,
        application=application,
        decision=recommendation.decision,
        reasons=recommendation.reasons,
        determined_on=determined_on,
        determined_by=user,
    )
    content = notice.decision_notice_pdf(application, determination=determination)
    document = document_add(
        application=application,
        user=user,
        name=f"decision-notice-{application.reference}.pdf",
        content=content,
        content_type="application/pdf",
        tags=[NOTICE_TAG],
    )
    # Part 2 of the register holds every decision (DMPO 2015 art. 40): the notice is public at once.
    document.publishable = True
    document.save(update_fields=["publishable", "updated_at"])
    determination.notice = document
    determination.save(update_fields=["notice", "updated_at"])
    application = applications.planning_application_transition(
        council=council, application_id=application.pk, user=user, event=Event.DETERMINE
    )
    application.decision = determination.decision
    application.save(update_fields=["decision", "updated_at"])
    body = notice.summary_text(application, determination)
    body += f"\n\nThe decision notice is on the council's register: {register_url(application)}"
    send_to_applicant(
        application=application,
        kind="decision_notice",
        subject=f"Decision on your application {application.reference_in_full}",
        body=body,
        user=user,
    )
    audit_record(
        council=council,
        user=user,
        application=application,
        event="decision_notice_issued",
        data={"decision": determination.decision, "determined_on": determined_on.isoformat()},
    )
    return determination


# --- Appeals ------------------------------------------------------------------------------------------------


def _check_appeal_dates(
    *,
    lodged_on: date,
    validated_on: date | None,
    started_on: date | None,
    determined_on: date | None,
    decision: str,
) -> None:
    today = timezone.localdate()
    steps = [
        ("lodged_on", "lodged", lodged_on),
        ("validated_on", "validated", validated_on),
        ("started_on", "started", started_on),
        ("determined_on", "determined", determined_on),
    ]
    previous: tuple[str, date] | None = None
    for name, words, value in steps:
        if value is None:
            continue
        if value > today:
            raise DomainError(f"The date the appeal was {words} must be today or in the past.", field=name)
        if previous is not None and value < previous[1]:
            raise DomainError(f"The appeal cannot be {words} before it was {previous[0]}.", field=name)
        previous = (words, value)
    if decision and decision not in Appeal.Decision.values:
        raise DomainError("Choose the appeal decision.", field="decision")
    if decision and determined_on is None:
        raise DomainError("Enter the date the appeal was decided.", field="determined_on")
    if determined_on is not None and not decision:
        raise DomainError("Choose the appeal decision.", field="decision")


@transaction.atomic
def appeal_lodge(*, council: Council, application_id: int, user: User, lodged_on: date, reason: str = "") -> Appeal:
    check_role(user, Role.ASSESSOR, Role.REVIEWER)
    application = _lock(council=council, application_id=application_id)
    if application.status != Status.DETERMINED:
        raise DomainError("Only a determined case can be appealed.")
    _check_appeal_dates(lodged_on=lodged_on, validated_on=None, started_on=None, determined_on=None, decision="")
    determination = Determination.objects.filter(application=application).first()
    if determination is not None and lodged_on < determination.determined_on:
        raise DomainError("The appeal cannot be lodged before the decision.", field="lodged_on")
    appeal = Appeal.objects.create(council=council, application=application, lodged_on=lodged_on, reason=reason.strip())
    audit_record(
        council=council,
        user=user,
        application=application,
        event="appeal_lodged",
        comment=reason.strip(),
        data={"lodged_on": lodged_on.isoformat()},
    )
    return appeal


@transaction.atomic
def appeal_update(
    *,
    council: Council,
    application_id: int,
    user: User,
    appeal_id: int,
    validated_on: date | None = None,
    started_on: date | None = None,
    determined_on: date | None = None,
    decision: str = "",
) -> Appeal:
    check_role(user, Role.ASSESSOR, Role.REVIEWER)
    application = _lock(council=council, application_id=application_id)
    appeal = Appeal.objects.select_for_update().filter(council=council, application=application, pk=appeal_id).first()
    if appeal is None:
        raise DomainError("There is no such appeal on this case.")
    _check_appeal_dates(
        lodged_on=appeal.lodged_on,
        validated_on=validated_on,
        started_on=started_on,
        determined_on=determined_on,
        decision=decision,
    )
    before = {
        "validated_on": appeal.validated_on,
        "started_on": appeal.started_on,
        "determined_on": appeal.determined_on,
        "decision": appeal.decision,
    }
    appeal.validated_on, appeal.started_on = validated_on, started_on
    appeal.determined_on, appeal.decision = determined_on, decision
    appeal.save(update_fields=["validated_on", "started_on", "determined_on", "decision", "updated_at"])
    after = {
        "validated_on": validated_on,
        "started_on": started_on,
        "determined_on": determined_on,
        "decision": decision,
    }
    if before != after:
        audit_record(
            council=council,
            user=user,
            application=application,
            event="appeal_decision" if decision and not before["decision"] else "appeal_updated",
            data={k: (v.isoformat() if isinstance(v, date) else v) for k, v in after.items()},
        )
    return appeal
