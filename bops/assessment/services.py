"""Writes of the assessment stage: report sections (every version kept), site history, site visits and their
photos, the assessment against policies, conditions, informatives, heads of terms, and the recommendation.

Every write is one transaction that checks the role, locks the case, checks the rules and is audited. The task
lists and the decisions allowed per family are checks.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.applications import services as applications
from bops.applications.lifecycle import Event
from bops.applications.models import PlanningApplication, Status
from bops.applications.services import planning_application_lock
from bops.assessment import checks
from bops.assessment.models import (
    Condition,
    Informative,
    LibraryCondition,
    LibraryInformative,
    LibraryPolicy,
    Outcome,
    PolicyAssessment,
    Recommendation,
    Section,
    SectionVersion,
    SiteHistory,
    SiteVisit,
)
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.councils.models import Council
from bops.documents.services import Upload, document_add, upload_check
from bops.validation import services as validation
from bops.validation.models import RequestKind, ValidationRequest

OFFICER_ROLES = (Role.ASSESSOR, Role.REVIEWER)
#: The statuses in which the assessment may be written or changed.
WRITABLE = (Status.IN_ASSESSMENT, Status.TO_BE_REVIEWED)


def _lock(*, council: Council, application_id: int, user: User) -> PlanningApplication:
    check_role(user, *OFFICER_ROLES)
    application = planning_application_lock(council=council, application_id=application_id)
    if application.status not in WRITABLE:
        raise DomainError(
            f"This case is {Status(application.status).label.lower()}: the assessment cannot be changed now."
        )
    return application


def _has_task(application: PlanningApplication, slug: str) -> None:
    spec = application.application_type
    if slug not in checks.task_slugs(spec.family, code=spec.code):
        raise DomainError("This case has no such assessment task.")


def _audit(application: PlanningApplication, user: User, event: str, **data: object) -> None:
    audit_record(council=application.council, user=user, application=application, event=event, data=dict(data))


# --- Sections -----------------------------------------------------------------------------------------------


def _section(application: PlanningApplication, slug: str) -> Section:
    section, _ = Section.objects.select_for_update().get_or_create(
        council=application.council, application=application, slug=slug
    )
    return section


@transaction.atomic
def section_save(
    *, council: Council, application_id: int, user: User, slug: str, text: str, complete: bool = True
) -> SectionVersion:
    """Save the text of a report section. After the reviewer has returned or reviewed the latest version, the
    save is a new version (so the reviewer sees what changed); otherwise the unreviewed version is updated."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, slug)
    if slug not in checks.TEXT_SECTIONS:
        raise DomainError("This task has no text to save.")
    text = text.strip()
    if complete and not text:
        raise DomainError("Enter the text of the section.", field="text")
    section = _section(application, slug)
    latest = section.versions.order_by("-number").first()
    now = timezone.now()
    if latest is not None and latest.review == SectionVersion.Review.RETURNED and latest.text.strip() == text:
        raise DomainError("Change the section before sending it back.", field="text")
    if latest is None or latest.review != SectionVersion.Review.PENDING:
        version = SectionVersion.objects.create(
            section=section,
            number=(latest.number + 1) if latest else 1,
            text=text,
            author=user,
            created_at=now,
        )
    else:
        version = latest
        version.text = text
        version.author = user
        version.created_at = now
        version.save(update_fields=["text", "author", "created_at"])
    section.status = Section.Status.COMPLETED if complete else Section.Status.IN_PROGRESS
    section.save(update_fields=["status", "updated_at"])
    _audit(application, user, "assessment_section_saved", section=slug, version=version.number)
    return version


@transaction.atomic
def task_complete(*, council: Council, application_id: int, user: User, slug: str) -> Section:
    """Mark done a task that has a page of its own (site history, site visit, conditions, informatives)."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, slug)
    if slug not in checks.MARKABLE:
        raise DomainError("This task is completed on its own page.")
    section = _section(application, slug)
    section.status = Section.Status.COMPLETED
    section.save(update_fields=["status", "updated_at"])
    _audit(application, user, "assessment_task_completed", task=slug)
    return section


def _started(application: PlanningApplication, slug: str) -> None:
    """A change to a task's list reopens it, so the officer confirms it again."""
    section = _section(application, slug)
    if section.status != Section.Status.IN_PROGRESS:
        section.status = Section.Status.IN_PROGRESS
        section.save(update_fields=["status", "updated_at"])


# --- Site history and site visits ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    reference: str
    description: str
    decision: str = ""
    decided_on: date | None = None
    comment: str = ""


@transaction.atomic
def site_history_add(*, council: Council, application_id: int, user: User, entry: HistoryEntry) -> SiteHistory:
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.SITE_HISTORY.slug)
    if not entry.reference.strip():
        raise DomainError("Enter the reference of the earlier application.", field="reference")
    if not entry.description.strip():
        raise DomainError("Describe the earlier application.", field="description")
    if entry.decided_on and entry.decided_on > timezone.localdate():
        raise DomainError("The decision date must be today or in the past.", field="decided_on")
    item = SiteHistory.objects.create(
        council=council,
        application=application,
        reference=entry.reference.strip()[:60],
        description=entry.description.strip(),
        decision=entry.decision.strip()[:100],
        decided_on=entry.decided_on,
        comment=entry.comment.strip(),
    )
    _started(application, checks.SITE_HISTORY.slug)
    _audit(application, user, "site_history_added", reference=item.reference)
    return item


@transaction.atomic
def cil_confirm(*, council: Council, application_id: int, user: User, liable: bool) -> Section:
    """Confirm (or correct) the CIL liability recorded at validation; the answer is kept as the section's version."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.CIL.slug)
    before = application.cil_liable
    application.cil_liable = liable
    application.save(update_fields=["cil_liable", "updated_at"])
    section = _section(application, checks.CIL.slug)
    number = (section.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    SectionVersion.objects.create(
        section=section,
        number=number,
        text="Liable for CIL." if liable else "Not liable for CIL.",
        data={"liable": liable},
        author=user,
        created_at=timezone.now(),
    )
    section.status = Section.Status.COMPLETED
    section.save(update_fields=["status", "updated_at"])
    _audit(application, user, "cil_confirmed", before=before, liable=liable)
    return section


SITE_HISTORY_CSV_COLUMNS = ("reference", "description", "decision", "decided_on")
SITE_HISTORY_CSV_MAX_ROWS = 500


@transaction.atomic
def site_history_import(*, council: Council, application_id: int, user: User, csv_text: str) -> int:
    """Earlier applications from a CSV export of the council's old system (columns reference, description,
    decision, decided_on as YYYY-MM-DD). Every row is checked first: one bad row refuses the whole file, naming the
    row, and nothing is added."""
    import csv
    import io
    from datetime import date as _date

    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.SITE_HISTORY.slug)
    reader = csv.DictReader(io.StringIO(csv_text))
    missing = [c for c in ("reference", "description") if c not in (reader.fieldnames or [])]
    if missing:
        raise DomainError(
            f"The file needs the columns {', '.join(SITE_HISTORY_CSV_COLUMNS)} (missing: {', '.join(missing)}).",
            field="file",
        )
    entries: list[SiteHistory] = []
    for number, row in enumerate(reader, start=2):
        if len(entries) >= SITE_HISTORY_CSV_MAX_ROWS:
            raise DomainError(f"The file has more than {SITE_HISTORY_CSV_MAX_ROWS} rows.", field="file")
        reference, description = (row.get("reference") or "").strip(), (row.get("description") or "").strip()
        if not reference or not description:
            raise DomainError(f"Row {number} needs a reference and a description.", field="file")
        decided_on = None
        if (row.get("decided_on") or "").strip():
            try:
                decided_on = _date.fromisoformat(row["decided_on"].strip())
            except ValueError:
                raise DomainError(f"Row {number}: the decision date must be like 2019-03-27.", field="file") from None
            if decided_on > timezone.localdate():
                raise DomainError(f"Row {number}: the decision date is in the future.", field="file")
        entries.append(
            SiteHistory(
                council=council,
                application=application,
                reference=reference[:60],
                description=description,
                decision=(row.get("decision") or "").strip()[:100],
                decided_on=decided_on,
            )
        )
    if not entries:
        raise DomainError("The file has no rows.", field="file")
    SiteHistory.objects.bulk_create(entries)
    _started(application, checks.SITE_HISTORY.slug)
    _audit(application, user, "site_history_imported", rows=len(entries))
    return len(entries)


@transaction.atomic
def site_history_remove(*, council: Council, application_id: int, user: User, history_id: int) -> None:
    application = _lock(council=council, application_id=application_id, user=user)
    item = SiteHistory.objects.filter(application=application, pk=history_id).first()
    if item is None:
        raise DomainError("There is no such entry in this case's site history.")
    item.delete()
    _started(application, checks.SITE_HISTORY.slug)
    _audit(application, user, "site_history_removed", reference=item.reference)


#: The tag of the photos taken on a site visit: internal, never published.
SITE_VISIT_PHOTO_TAG = "internal.siteVisit"


def _photos_checked(photos: Sequence[Upload]) -> list[tuple[Upload, str]]:
    """Each photo with its checked content type; only images are photos."""
    checked = []
    for photo in photos:
        if not photo.name.strip():
            raise DomainError("Each photo needs its name, such as front.jpg.", field="photos")
        content_type = upload_check(photo, field="photos")
        if not content_type.startswith("image/"):
            raise DomainError(f"{photo.name} is not an image: upload photos only.", field="photos")
        checked.append((photo, content_type))
    return checked


@transaction.atomic
def site_visit_add(
    *,
    council: Council,
    application_id: int,
    user: User,
    visited_on: date,
    notes: str = "",
    photos: Sequence[Upload] = (),
) -> SiteVisit:
    """Record a site visit, with the photos taken (kept as internal documents of the case)."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.SITE_VISIT.slug)
    if visited_on > timezone.localdate():
        raise DomainError("The date of the visit must be today or in the past.", field="visited_on")
    checked = _photos_checked(photos)
    visit = SiteVisit.objects.create(
        council=council, application=application, visited_on=visited_on, notes=notes.strip(), officer=user
    )
    for photo, content_type in checked:
        document = document_add(
            application=application,
            user=user,
            name=photo.name.strip(),
            content=photo.content,
            content_type=content_type,
            tags=[SITE_VISIT_PHOTO_TAG],
        )
        visit.photos.add(document)
    _started(application, checks.SITE_VISIT.slug)
    _audit(application, user, "site_visit_added", visited_on=visited_on.isoformat(), photos=len(checked))
    return visit


# --- Policies -----------------------------------------------------------------------------------------------


def _policies_status(application: PlanningApplication) -> None:
    """The task is complete when every policy added has an outcome; stored so the reviewer sees when it changed."""
    section = _section(application, checks.POLICIES.slug)
    outcomes = list(application.policy_assessments.values_list("outcome", flat=True))
    if not outcomes:
        status = Section.Status.NOT_STARTED
    elif Outcome.TO_BE_DETERMINED in outcomes:
        status = Section.Status.IN_PROGRESS
    else:
        status = Section.Status.COMPLETED
    if section.status != status:
        section.status = status
        section.save(update_fields=["status", "updated_at"])


@transaction.atomic
def policy_add(*, council: Council, application_id: int, user: User, policy_id: int) -> PolicyAssessment:
    """Add one of the council's policies to the case, to be assessed."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.POLICIES.slug)
    policy = LibraryPolicy.objects.filter(council=council, pk=policy_id, is_active=True).first()
    if policy is None:
        raise DomainError("Choose a policy from your council's library.", field="policy")
    if application.policy_assessments.filter(policy=policy).exists():
        raise DomainError("This policy is already on the case.", field="policy")
    assessment = PolicyAssessment.objects.create(council=council, application=application, policy=policy)
    _policies_status(application)
    _audit(application, user, "policy_added", policy=policy.reference)
    return assessment


@transaction.atomic
def policy_remove(*, council: Council, application_id: int, user: User, assessment_id: int) -> None:
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.POLICIES.slug)
    assessment = (
        PolicyAssessment.objects.select_related("policy").filter(application=application, pk=assessment_id).first()
    )
    if assessment is None:
        raise DomainError("There is no such policy on this case.")
    assessment.delete()
    _policies_status(application)
    _audit(application, user, "policy_removed", policy=assessment.policy.reference)


@dataclass(frozen=True)
class PolicyAnswer:
    assessment_id: int
    outcome: str
    comment: str = ""


def _policies_summary_save(application: PlanningApplication, user: User, summary: str) -> None:
    """The officer's words on the development plan, kept as the policies section's versions (as a text section's:
    a new version once the reviewer has seen the latest)."""
    section = _section(application, checks.POLICIES.slug)
    latest = section.versions.order_by("-number").first()
    if latest is None and not summary:
        return
    if latest is not None and latest.review == SectionVersion.Review.PENDING:
        latest.text, latest.author, latest.created_at = summary, user, timezone.now()
        latest.save(update_fields=["text", "author", "created_at"])
    elif latest is None or latest.text.strip() != summary:
        SectionVersion.objects.create(
            section=section,
            number=(latest.number + 1) if latest else 1,
            text=summary,
            author=user,
            created_at=timezone.now(),
        )


@transaction.atomic
def policies_assess(
    *, council: Council, application_id: int, user: User, answers: Sequence[PolicyAnswer], summary: str = ""
) -> list[PolicyAssessment]:
    """Save the outcome of every policy on the case at once, with the officer's summary. A policy the proposal does
    not comply with needs a comment saying why. With no policy on the case (or none in the council's library yet),
    the summary is required: the decision is made in accordance with the development plan unless material
    considerations indicate otherwise (Planning and Compulsory Purchase Act 2004 s38(6)), so the officer says how
    the plan bears on the proposal, or why none of its policies does. The error's field is the answer's own
    (outcome_<id> or comment_<id>), or "summary"."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.POLICIES.slug)
    on_case = {a.pk: a for a in application.policy_assessments.select_for_update().select_related("policy")}
    summary = summary.strip()
    if not on_case and not summary:
        raise DomainError(
            "Add the policies of the development plan that apply, or say why none of them applies.", field="summary"
        )
    for answer in answers:
        assessment = on_case.get(answer.assessment_id)
        if assessment is None:
            raise DomainError("A policy is no longer on this case: check the list again.")
        if answer.outcome not in Outcome.values:
            raise DomainError(
                f"Choose whether the proposal complies with {assessment.policy.reference}.",
                field=f"outcome_{assessment.pk}",
            )
        if answer.outcome == Outcome.DOES_NOT_COMPLY and not answer.comment.strip():
            raise DomainError(
                f"Say why the proposal does not comply with {assessment.policy.reference}.",
                field=f"comment_{assessment.pk}",
            )
    saved = []
    for answer in answers:
        assessment = on_case[answer.assessment_id]
        assessment.outcome = answer.outcome
        assessment.comment = answer.comment.strip()
        assessment.save(update_fields=["outcome", "comment", "updated_at"])
        saved.append(assessment)
    _policies_summary_save(application, user, summary)
    if on_case:
        _policies_status(application)
    else:
        section = _section(application, checks.POLICIES.slug)
        section.status = Section.Status.COMPLETED
        section.save(update_fields=["status", "updated_at"])
    _audit(application, user, "policies_assessed", policies=len(saved))
    return saved


# --- Conditions and informatives ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewCondition:
    text: str = ""
    reason: str = ""
    title: str = ""
    pre_commencement: bool = False
    library_id: int | None = None


def _next_position(queryset) -> int:  # type: ignore[no-untyped-def]
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def condition_add(*, council: Council, application_id: int, user: User, new: NewCondition) -> Condition:
    """Add a condition, typed or from the council's library. A pre-commencement condition needs the applicant's
    agreement, so it makes a validation request that is linked to it."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.CONDITIONS.slug)
    title, text, reason, pre = new.title.strip(), new.text.strip(), new.reason.strip(), new.pre_commencement
    if new.library_id is not None:
        standard = LibraryCondition.objects.filter(council=council, pk=new.library_id, is_active=True).first()
        if standard is None:
            raise DomainError("Choose a condition from your council's library.", field="library")
        title, text, reason, pre = standard.title, standard.text, standard.reason, standard.pre_commencement
    if not text:
        raise DomainError("Enter the text of the condition.", field="text")
    if not reason:
        raise DomainError("Enter the reason for the condition.", field="reason")
    condition = Condition.objects.create(
        council=council,
        application=application,
        position=_next_position(application.conditions.all()),
        title=title[:200],
        text=text,
        reason=reason,
        pre_commencement=pre,
    )
    if pre:
        condition.validation_request = validation.validation_request_create(
            council=council,
            application_id=application.pk,
            user=user,
            new=validation.NewRequest(
                kind=RequestKind.PRE_COMMENCEMENT_CONDITION,
                reason=f"This condition must be met before work starts. {reason}",
                proposed=text,
            ),
        )
        condition.save(update_fields=["validation_request", "updated_at"])
    _started(application, checks.CONDITIONS.slug)
    _audit(application, user, "condition_added", condition=condition.pk, pre_commencement=pre)
    return condition


@transaction.atomic
def condition_remove(*, council: Council, application_id: int, user: User, condition_id: int) -> None:
    """Remove a condition; its request to the applicant, if still waiting, is cancelled."""
    application = _lock(council=council, application_id=application_id, user=user)
    condition = (
        Condition.objects.select_related("validation_request").filter(application=application, pk=condition_id).first()
    )
    if condition is None:
        raise DomainError("There is no such condition on this case.")
    request = condition.validation_request
    if request is not None and request.is_live:
        validation.validation_request_cancel(
            council=council,
            application_id=application.pk,
            request_id=request.pk,
            user=user,
            reason="The condition has been removed.",
        )
    condition.delete()
    _started(application, checks.CONDITIONS.slug)
    _audit(application, user, "condition_removed", condition=condition_id)


@transaction.atomic
def informative_add(
    *, council: Council, application_id: int, user: User, title: str = "", text: str = "", library_id: int | None = None
) -> Informative:
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.INFORMATIVES.slug)
    if library_id is not None:
        standard = LibraryInformative.objects.filter(council=council, pk=library_id, is_active=True).first()
        if standard is None:
            raise DomainError("Choose an informative from your council's library.", field="library")
        title, text = standard.title, standard.text
    title, text = title.strip(), text.strip()
    if not title:
        raise DomainError("Enter the title of the informative.", field="title")
    if not text:
        raise DomainError("Enter the text of the informative.", field="text")
    if application.informatives.filter(title__iexact=title).exists():
        raise DomainError("This case already has an informative with that title.", field="title")
    informative = Informative.objects.create(
        council=council,
        application=application,
        position=_next_position(application.informatives.all()),
        title=title[:200],
        text=text,
    )
    _started(application, checks.INFORMATIVES.slug)
    _audit(application, user, "informative_added", title=informative.title)
    return informative


@transaction.atomic
def informative_remove(*, council: Council, application_id: int, user: User, informative_id: int) -> None:
    application = _lock(council=council, application_id=application_id, user=user)
    informative = Informative.objects.filter(application=application, pk=informative_id).first()
    if informative is None:
        raise DomainError("There is no such informative on this case.")
    informative.delete()
    _started(application, checks.INFORMATIVES.slug)
    _audit(application, user, "informative_removed", title=informative.title)


# --- Heads of terms -----------------------------------------------------------------------------------------


def _terms(section: Section) -> list[dict[str, Any]]:
    """The terms of the latest version of the heads of terms section."""
    latest = section.versions.order_by("-number").first()
    return list(latest.data.get("terms", [])) if latest else []


def _terms_save(section: Section, terms: list[dict[str, Any]], user: User) -> SectionVersion:
    """Like a text section: a new version once the reviewer has seen the latest, otherwise the same one."""
    latest = section.versions.order_by("-number").first()
    now = timezone.now()
    if latest is None or latest.review != SectionVersion.Review.PENDING:
        return SectionVersion.objects.create(
            section=section,
            number=(latest.number + 1) if latest else 1,
            data={"terms": terms},
            author=user,
            created_at=now,
        )
    latest.data = {"terms": terms}
    latest.author = user
    latest.created_at = now
    latest.save(update_fields=["data", "author", "created_at"])
    return latest


@transaction.atomic
def heads_of_terms_add(*, council: Council, application_id: int, user: User, title: str, text: str) -> dict[str, Any]:
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.HEADS_OF_TERMS.slug)
    title, text = title.strip(), text.strip()
    if not title:
        raise DomainError("Enter the title of the term.", field="title")
    if not text:
        raise DomainError("Enter the text of the term.", field="text")
    section = _section(application, checks.HEADS_OF_TERMS.slug)
    terms = _terms(section)
    if any(t["title"].lower() == title.lower() for t in terms):
        raise DomainError("This case already has a term with that title.", field="title")
    term = {"title": title[:200], "text": text, "request_id": None}
    _terms_save(section, [*terms, term], user)
    _started(application, checks.HEADS_OF_TERMS.slug)
    _audit(application, user, "heads_of_terms_added", title=term["title"])
    return term


@transaction.atomic
def heads_of_terms_remove(*, council: Council, application_id: int, user: User, position: int) -> None:
    """Remove a term (its position is 1-based); its request to the applicant, if still waiting, is cancelled."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.HEADS_OF_TERMS.slug)
    section = _section(application, checks.HEADS_OF_TERMS.slug)
    terms = _terms(section)
    if not 1 <= position <= len(terms):
        raise DomainError("There is no such term on this case.")
    term = terms.pop(position - 1)
    request = (
        ValidationRequest.objects.filter(application=application, pk=term["request_id"]).first()
        if term.get("request_id")
        else None
    )
    if request is not None and request.is_live:
        validation.validation_request_cancel(
            council=council,
            application_id=application.pk,
            request_id=request.pk,
            user=user,
            reason="The term has been removed.",
        )
    _terms_save(section, terms, user)
    _started(application, checks.HEADS_OF_TERMS.slug)
    _audit(application, user, "heads_of_terms_removed", title=term["title"])


@transaction.atomic
def heads_of_terms_send(*, council: Council, application_id: int, user: User) -> list[ValidationRequest]:
    """Ask the applicant to agree each term not yet sent: one validation request per term. Sending completes
    the task."""
    application = _lock(council=council, application_id=application_id, user=user)
    _has_task(application, checks.HEADS_OF_TERMS.slug)
    section = _section(application, checks.HEADS_OF_TERMS.slug)
    terms = _terms(section)
    unsent = [t for t in terms if not t.get("request_id")]
    if not unsent:
        raise DomainError("Add a term to send to the applicant." if not terms else "Every term has been sent.")
    requests = []
    for term in unsent:
        request = validation.validation_request_create(
            council=council,
            application_id=application.pk,
            user=user,
            new=validation.NewRequest(
                kind=RequestKind.HEADS_OF_TERMS,
                reason="We propose this term of a planning obligation (section 106).",
                proposed=f"{term['title']}: {term['text']}",
            ),
        )
        term["request_id"] = request.pk
        requests.append(request)
    _terms_save(section, terms, user)
    section.status = Section.Status.COMPLETED
    section.save(update_fields=["status", "updated_at"])
    _audit(application, user, "heads_of_terms_sent", terms=len(requests))
    return requests


# --- The recommendation -------------------------------------------------------------------------------------


@transaction.atomic
def recommendation_make(
    *, council: Council, application_id: int, user: User, decision: str, reasons: str, internal_comment: str = ""
) -> Recommendation:
    """Make or change the draft recommendation. One the reviewer has looked at is kept; a new one is made."""
    application = _lock(council=council, application_id=application_id, user=user)
    allowed = checks.DECISIONS[application.application_type.family]
    if decision not in allowed:
        choices = ", ".join(d.label.lower() for d in allowed)
        raise DomainError(f"Choose a decision this type of application may have: {choices}.", field="decision")
    if not reasons.strip():
        raise DomainError("Enter the reasons for the recommendation.", field="reasons")
    draft = (
        application.recommendations.select_for_update()
        .filter(submitted_at__isnull=True, review=Recommendation.Review.PENDING)
        .first()
    )
    if draft is None:
        draft = Recommendation(council=council, application=application)
    draft.decision = decision
    draft.reasons = reasons.strip()
    draft.internal_comment = internal_comment.strip()
    draft.author = user
    draft.save()
    _audit(application, user, "recommendation_made", decision=decision)
    return draft


@transaction.atomic
def recommendation_submit(*, council: Council, application_id: int, user: User) -> PlanningApplication:
    """Send the recommendation to the reviewer. The lifecycle's guards refuse it without a recommendation, with a
    request to the applicant still open, or before the consultation has ended."""
    _lock(council=council, application_id=application_id, user=user)
    application = applications.planning_application_transition(
        council=council, application_id=application_id, user=user, event=Event.SUBMIT_RECOMMENDATION
    )
    latest = application.recommendations.select_for_update().order_by("-created_at", "-id").first()
    if latest is not None and latest.submitted_at is None:
        latest.submitted_at = timezone.now()
        latest.save(update_fields=["submitted_at", "updated_at"])
    return application
