"""The assessment against legislation, for proposed lawful development certificates and prior approvals.

First: is the proposal development at all (section 55 of the Town and Country Planning Act 1990)? If it is not,
there is nothing to assess under the GPDO and any classes chosen are removed. If it is, the officer chooses the
GPDO classes it falls under; each paragraph of each chosen class becomes a LegislationCheck, marked complies,
does not comply or to be determined, with a comment. The task is complete only when no paragraph is left to be
determined.

The section 55 answer is stored as a LegislationCheck too (part "s55", class "-", paragraph "s55"): "complies"
means the proposal is development, "does_not_comply" that it is not.

Every write is one transaction that locks the case, checks the role and the case's state, and is audited.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from bops.accounts.models import Role, User
from bops.accounts.permissions import check_role
from bops.applications.models import PlanningApplication, Status
from bops.applications.services import planning_application_lock
from bops.assessment import gpdo
from bops.assessment.models import LegislationCheck, Outcome
from bops.core.audit import audit_record
from bops.core.errors import DomainError
from bops.core.tasklist import TaskStatus
from bops.councils.models import Council

OFFICER_ROLES = (Role.ASSESSOR, Role.REVIEWER)
WORKING_STATUSES = (Status.IN_ASSESSMENT, Status.TO_BE_REVIEWED)
S55 = "s55"
S55_CLASS = "-"


def applies_to(application: PlanningApplication) -> bool:
    """Which cases are assessed against the GPDO: those whose task list has the task (checks.tasks_for), that is
    prior approvals and lawful development certificates of proposed uses or operations (TCPA 1990 s192)."""
    from bops.assessment import checks

    spec = application.application_type.spec
    return checks.LEGISLATION.slug in checks.task_slugs(spec.family, code=spec.code)


def default_class(application: PlanningApplication) -> tuple[str, str] | None:
    """The part and class of the GPDO that the case's type names (a prior approval's code is like
    "pa.part1.classA"), or None when the type names none (a lawful development certificate, "pa.part6")."""
    match = re.fullmatch(r"pa\.part(\d+)\.class([A-Z]+)", application.application_type.code)
    return (match.group(1), match.group(2)) if match else None


def _lock(*, council: Council, application_id: int, user: User) -> PlanningApplication:
    check_role(user, *OFFICER_ROLES)
    application = planning_application_lock(council=council, application_id=application_id)
    if application.status not in WORKING_STATUSES:
        raise DomainError("The legislation can be assessed only while the case is in assessment or being reviewed.")
    if not applies_to(application):
        raise DomainError("This kind of application is not assessed against the GPDO.")
    return application


def _checks(application: PlanningApplication) -> QuerySet[LegislationCheck]:
    return LegislationCheck.objects.filter(council=application.council, application=application)


# --- Reads -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegislationState:
    is_development: bool | None  # None: not answered yet
    part: str
    classes: tuple[str, ...]  # the chosen classes of `part`, in the Order's sequence
    checks: dict[str, LegislationCheck]  # by paragraph id, for `part`

    @property
    def status(self) -> TaskStatus:
        if self.is_development is None:
            return TaskStatus.NOT_STARTED
        if self.is_development is False:
            return TaskStatus.COMPLETED
        if not self.checks or any(c.outcome == Outcome.TO_BE_DETERMINED for c in self.checks.values()):
            return TaskStatus.IN_PROGRESS
        return TaskStatus.COMPLETED

    @property
    def is_complete(self) -> bool:
        return self.status == TaskStatus.COMPLETED


def legislation_state(*, application: PlanningApplication) -> LegislationState:
    rows = list(_checks(application))
    s55 = next((r for r in rows if r.part == S55), None)
    assessed = [r for r in rows if r.part != S55]
    part_number = assessed[0].part if assessed else gpdo.PART_1.number
    part = gpdo.part_get(part_number)
    chosen = {r.class_code for r in assessed if r.part == part_number}
    order = [c.code for c in part.classes] if part else sorted(chosen)
    return LegislationState(
        is_development=None if s55 is None else s55.outcome == Outcome.COMPLIES,
        part=part_number,
        classes=tuple(code for code in order if code in chosen),
        checks={r.paragraph: r for r in assessed if r.part == part_number},
    )


# --- Writes ----------------------------------------------------------------------------------------------------


@transaction.atomic
def development_check(
    *, council: Council, application_id: int, user: User, is_development: bool, comment: str = ""
) -> LegislationCheck:
    """Record whether the proposal is development (s55 of the 1990 Act); "not development" removes the classes."""
    application = _lock(council=council, application_id=application_id, user=user)
    check, _ = LegislationCheck.objects.update_or_create(
        council=council,
        application=application,
        part=S55,
        class_code=S55_CLASS,
        paragraph=S55,
        defaults={"outcome": Outcome.COMPLIES if is_development else Outcome.DOES_NOT_COMPLY, "comment": comment},
    )
    removed = 0
    if not is_development:
        removed, _ = _checks(application).exclude(part=S55).delete()
    audit_record(
        council=council,
        user=user,
        application=application,
        event="legislation_development_checked",
        comment=comment,
        data={"is_development": is_development, "paragraphs_removed": removed},
    )
    return check


@transaction.atomic
def classes_choose(
    *, council: Council, application_id: int, user: User, part: str, classes: Iterable[str]
) -> list[LegislationCheck]:
    """Add every paragraph of the chosen classes, to be determined; drop the unchosen ones not yet determined."""
    application = _lock(council=council, application_id=application_id, user=user)
    found = gpdo.part_get(part)
    if found is None:
        raise DomainError("There is no such part of the GPDO.", field="part")
    wanted = set(classes)
    unknown = wanted - {c.code for c in found.classes}
    if unknown:
        raise DomainError(f"Part {part} has no class {', '.join(sorted(unknown))}.", field="classes")
    if not wanted:
        raise DomainError("Choose the classes the proposal falls under.", field="classes")
    state = legislation_state(application=application)
    if state.is_development is not True:
        raise DomainError("Say first whether the proposal is development.", field="is_development")
    if state.checks and state.part != part:
        raise DomainError("Classes of another part are being assessed on this case.", field="part")
    existing = {(r.class_code, r.paragraph) for r in _checks(application).filter(part=part)}
    LegislationCheck.objects.bulk_create(
        [
            LegislationCheck(council=council, application=application, part=part, class_code=c.code, paragraph=p.id)
            for c in found.classes
            if c.code in wanted
            for p in c.paragraphs
            if (c.code, p.id) not in existing
        ]
    )
    _checks(application).filter(part=part, outcome=Outcome.TO_BE_DETERMINED).exclude(class_code__in=wanted).delete()
    audit_record(
        council=council,
        user=user,
        application=application,
        event="legislation_classes_chosen",
        data={"part": part, "classes": sorted(wanted)},
    )
    return list(_checks(application).filter(part=part))


@transaction.atomic
def paragraphs_assess(
    *,
    council: Council,
    application_id: int,
    user: User,
    part: str,
    results: Mapping[str, tuple[str, str]],
) -> LegislationState:
    """Mark paragraphs of the chosen classes: {paragraph id: (outcome, comment)}. A paragraph that does not comply
    needs a comment saying why."""
    application = _lock(council=council, application_id=application_id, user=user)
    rows = {r.paragraph: r for r in _checks(application).filter(part=part).select_for_update()}
    unknown = set(results) - set(rows)
    if unknown:
        raise DomainError(f"These paragraphs are not being assessed on this case: {', '.join(sorted(unknown))}.")
    for paragraph_id, (outcome, comment) in results.items():
        if outcome not in Outcome.values:
            raise DomainError(f"Choose an outcome for {paragraph_id}.", field=paragraph_id)
        if outcome == Outcome.DOES_NOT_COMPLY and not comment.strip():
            raise DomainError(f"Say why {paragraph_id} is not complied with.", field=paragraph_id)
    changed = []
    for paragraph_id, (outcome, comment) in results.items():
        row = rows[paragraph_id]
        if (row.outcome, row.comment) != (outcome, comment.strip()):
            row.outcome, row.comment = outcome, comment.strip()
            row.save(update_fields=["outcome", "comment", "updated_at"])
            changed.append(paragraph_id)
    state = legislation_state(application=application)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="legislation_assessed",
        data={"part": part, "changed": changed, "complete": state.is_complete},
    )
    return state


@dataclass(frozen=True)
class OtherClass:
    """A class whose paragraphs this service does not hold (gpdo.py holds Part 1 and the deployment's extra parts):
    the officer assesses it against the Order's text and records the outcome, with what was checked."""

    part: str
    class_code: str
    outcome: str
    comment: str


def _other_class_save(application: PlanningApplication, other: OtherClass) -> None:
    part, code = other.part.strip().upper(), other.class_code.strip().upper()
    if not re.fullmatch(r"\d{1,2}", part):
        raise DomainError("Enter the part of Schedule 2 as a number, like 3.", field="other_part")
    if not re.fullmatch(r"[A-Z]{1,3}", code):
        raise DomainError("Enter the class as its letters, like MA.", field="other_class")
    if gpdo.class_get(part, code) is not None:
        raise DomainError(f"Part {part} Class {code} is in the list above: choose it there.", field="other_class")
    if other.outcome not in Outcome.values:
        raise DomainError(f"Choose whether the proposal meets Class {code}.", field="other_outcome")
    if not other.comment.strip():
        raise DomainError(
            f"Say which limits and conditions of Class {code} you checked, and what you found.", field="other_comment"
        )
    _checks(application).exclude(part=S55).exclude(part=part, class_code=code, paragraph=code).delete()
    LegislationCheck.objects.update_or_create(
        council=application.council,
        application=application,
        part=part,
        class_code=code,
        paragraph=code,
        defaults={"outcome": other.outcome, "comment": other.comment.strip()},
    )


def is_other(state: LegislationState) -> bool:
    """Whether the case's assessment is of a class this service holds no paragraphs for."""
    return bool(state.checks) and gpdo.part_get(state.part) is None


@transaction.atomic
def legislation_assessment_save(
    *,
    council: Council,
    application_id: int,
    user: User,
    is_development: bool,
    comment: str,
    part: str,
    classes: Iterable[str],
    results: Mapping[str, tuple[str, str]],
    other: OtherClass | None = None,
) -> LegislationState:
    """The page's one form, saved together: the s55 answer, then the classes chosen (the paragraphs of a class
    no longer chosen go, whatever their outcome, since the page shows them all), then the paragraphs of the chosen
    classes; or, instead of classes, one class the service holds no paragraphs for (`other`)."""
    development_check(
        council=council, application_id=application_id, user=user, is_development=is_development, comment=comment
    )
    application = PlanningApplication.objects.get(council=council, pk=application_id)
    if is_development and other is not None:
        _other_class_save(application, other)
        audit_record(
            council=council,
            user=user,
            application=application,
            event="legislation_assessed",
            data={"part": other.part, "classes": [other.class_code], "outcome": other.outcome},
        )
    elif is_development:
        chosen = set(classes)
        _checks(application).exclude(part=S55).exclude(part__in=list(gpdo.parts())).delete()
        classes_choose(council=council, application_id=application_id, user=user, part=part, classes=chosen)
        _checks(application).filter(part=part).exclude(class_code__in=chosen).delete()
        kept = {
            paragraph_id: result
            for paragraph_id, result in results.items()
            if any(c.code in chosen and paragraph_id in {p.id for p in c.paragraphs} for c in _classes_of(part))
        }
        if kept:
            return paragraphs_assess(council=council, application_id=application_id, user=user, part=part, results=kept)
    return legislation_state(application=application)


def _classes_of(part: str) -> tuple[gpdo.GpdoClass, ...]:
    found = gpdo.part_get(part)
    return found.classes if found else ()
