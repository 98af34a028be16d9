"""The validation tasks (services behind "Check and validate"): reviewing documents, confirming checks together,
constraints, the red line boundary, the description; who may do them, and only on their own council's cases
(bops-domain.md §3.4)."""

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from bops.accounts.models import Role
from bops.applications.models import ApplicationConstraint, PlanningApplication, Status
from bops.applications.tests.builders import make_application, make_application_in, square
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.core.tasklist import TaskStatus
from bops.documents.models import Document
from bops.documents.services import document_add
from bops.notifications.models import OutboxMessage
from bops.validation import services
from bops.validation.models import RequestKind, RequestState, ValidationCheck, ValidationRequest
from bops.validation.services import DocumentReview

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW_DESCRIPTION = "Single storey rear extension, 3 metres deep"


def snapshot(application: PlanningApplication) -> dict:
    """Everything a refused task must leave as it was."""
    pk = application.pk
    return {
        "case": PlanningApplication.objects.filter(pk=pk).values().get(),
        "requests": list(ValidationRequest.objects.filter(application_id=pk).order_by("pk").values()),
        "checks": list(ValidationCheck.objects.filter(application_id=pk).order_by("pk").values()),
        "documents": list(Document.objects.filter(application_id=pk).order_by("pk").values()),
        "constraints": list(ApplicationConstraint.objects.filter(application_id=pk).order_by("pk").values()),
        "audit": AuditEntry.objects.filter(application_id=pk).count(),
        "outbox": OutboxMessage.objects.filter(application_id=pk).count(),
    }


@pytest.fixture
def officer(swk_users):
    return swk_users[Role.ASSESSOR]


@pytest.fixture
def case(southwark):
    return make_application(southwark)


def a_document(application, name="plan.pdf"):
    return document_add(
        application=application, user=None, name=name, content=PDF, content_type="application/pdf", tags=[]
    )


def check_status(application, slug):
    check = ValidationCheck.objects.filter(application=application, slug=slug).first()
    return check.status if check else None


def review(application, user, *reviews):
    return services.documents_review(
        council=application.council, application_id=application.pk, user=user, reviews=list(reviews)
    )


# --- Review documents ---------------------------------------------------------------------------------------


def test_reviewing_documents_records_validity_tags_drawing_numbers_and_publishing(case, officer):
    plan, photo = a_document(case, "plan.pdf"), a_document(case, "photo.pdf")

    made = review(
        case,
        officer,
        DocumentReview(
            document_id=plan.pk,
            valid=True,
            tags=[" floorPlan.proposed ", ""],
            drawing_numbers=[" PL-100 ", " "],
            publishable=True,
            on_decision_notice=True,
        ),
    )

    assert made == []
    plan.refresh_from_db()
    assert plan.validity == Document.Validity.VALID
    assert (plan.tags, plan.drawing_numbers) == (["floorPlan.proposed"], ["PL-100"])
    assert (plan.publishable, plan.on_decision_notice) == (True, True)
    assert plan.reviewed_at is not None
    assert check_status(case, "review-documents") == TaskStatus.IN_PROGRESS  # the photo is still to review

    review(case, officer, DocumentReview(document_id=photo.pk, valid=True))
    assert check_status(case, "review-documents") == TaskStatus.COMPLETED
    entry = AuditEntry.objects.filter(application=case, event="documents_reviewed").latest("pk")
    assert entry.actor == officer
    assert entry.data == {"documents": [{"name": "photo.pdf", "valid": True, "reason": ""}]}


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_invalid_document_needs_a_reason(case, officer, reason):
    plan = a_document(case)
    before = snapshot(case)
    with pytest.raises(DomainError, match="Say why plan.pdf is invalid") as refused:
        review(case, officer, DocumentReview(document_id=plan.pk, valid=False, reason=reason))
    assert refused.value.field == f"document-{plan.pk}-reason"
    assert snapshot(case) == before


@pytest.mark.parametrize("numbers", [[], [""], ["  ", ""]], ids=["none", "blank", "spaces"])
def test_drawing_numbers_are_needed_for_a_document_on_the_decision_notice(case, officer, numbers):
    plan = a_document(case)
    before = snapshot(case)
    with pytest.raises(DomainError, match="Give the drawing numbers of plan.pdf"):
        review(
            case,
            officer,
            DocumentReview(document_id=plan.pk, valid=True, on_decision_notice=True, drawing_numbers=numbers),
        )
    assert snapshot(case) == before


def test_a_refusal_part_way_through_a_review_keeps_none_of_it(case, officer):
    good, bad = a_document(case, "good.pdf"), a_document(case, "bad.pdf")
    before = snapshot(case)
    with pytest.raises(DomainError, match="Say why bad.pdf is invalid"):
        review(
            case,
            officer,
            DocumentReview(document_id=good.pk, valid=False, reason="Blurred"),
            DocumentReview(document_id=bad.pk, valid=False),
        )
    assert snapshot(case) == before


def test_an_invalid_document_gets_one_replacement_request_however_often_it_is_saved(case, officer):
    plan = a_document(case)
    [request] = review(case, officer, DocumentReview(document_id=plan.pk, valid=False, reason="No scale bar"))
    assert (request.kind, request.document, request.reason) == (RequestKind.REPLACEMENT_DOCUMENT, plan, "No scale bar")
    assert request.state == RequestState.PENDING

    again = review(case, officer, DocumentReview(document_id=plan.pk, valid=False, reason="No scale bar or north"))

    assert again == []
    assert ValidationRequest.objects.filter(application=case, kind=RequestKind.REPLACEMENT_DOCUMENT).count() == 1
    plan.refresh_from_db()
    assert plan.invalid_reason == "No scale bar or north"


def test_marking_a_document_valid_again_cancels_its_waiting_replacement_request(case, officer):
    plan = a_document(case)
    [request] = review(case, officer, DocumentReview(document_id=plan.pk, valid=False, reason="No scale bar"))

    review(case, officer, DocumentReview(document_id=plan.pk, valid=True))

    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
    assert request.cancel_reason == "plan.pdf is valid after all."
    assert OutboxMessage.objects.filter(application=case).count() == 0  # it had not been sent
    assert AuditEntry.objects.filter(application=case, event="validation_request_cancelled").count() == 1
    # A case with no pending request cannot be invalidated.
    with pytest.raises(DomainError, match="Make at least one request"):
        services.application_invalidate(council=case.council, application_id=case.pk, user=officer)


def test_on_an_invalid_case_the_replacement_request_goes_at_once_and_its_cancellation_is_told(
    southwark, swk_users, officer
):
    application = make_application_in(southwark, Status.INVALIDATED, swk_users)
    plan = a_document(application)
    [request] = review(application, officer, DocumentReview(document_id=plan.pk, valid=False, reason="Blurred"))
    assert request.state == RequestState.OPEN
    assert "Document to replace: plan.pdf" in OutboxMessage.objects.filter(application=application).latest("pk").body

    review(application, officer, DocumentReview(document_id=plan.pk, valid=True))

    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
    told = OutboxMessage.objects.filter(application=application).latest("pk")
    assert "We have cancelled request" in told.body and "plan.pdf is valid after all." in told.body


def test_only_this_cases_current_documents_can_be_reviewed(southwark, case, officer):
    other = make_application(southwark)
    foreign = a_document(other)
    before = snapshot(case)
    with pytest.raises(DomainError, match="not one of this case's current documents"):
        review(case, officer, DocumentReview(document_id=foreign.pk, valid=True))
    assert snapshot(case) == before
    assert Document.objects.get(pk=foreign.pk).validity == Document.Validity.UNCHECKED


# --- Confirming checks together -----------------------------------------------------------------------------


def confirm(application, user, slugs):
    return services.validation_checks_confirm(
        council=application.council, application_id=application.pk, user=user, slugs=slugs
    )


def test_confirming_sets_what_each_check_means(case, officer):
    chosen = confirm(case, officer, ["eia", "cil", "reporting", "boundary", "description", "fee", "not-a-task"])

    assert chosen == ["boundary", "description", "fee", "reporting", "cil", "eia"]  # in task-list order
    case.refresh_from_db()
    assert case.cil_liable is False
    assert case.eia_required is False
    assert case.development_type == "Q21"  # householder: the only type allowed
    for slug in chosen:
        assert check_status(case, slug) == TaskStatus.COMPLETED
    entry = AuditEntry.objects.filter(application=case, event="validation_checks_confirmed").get()
    assert (entry.actor, entry.data) == (officer, {"tasks": chosen})


def test_reporting_cannot_be_confirmed_when_several_development_types_are_allowed(southwark, officer):
    application = make_application(southwark, code="pp.full.minor")
    before = snapshot(application)
    with pytest.raises(DomainError, match="Choose the development type for the statistics"):
        confirm(application, officer, ["cil", "reporting"])
    assert snapshot(application) == before  # CIL was not set either


@pytest.mark.parametrize(
    ("slugs", "message"),
    [
        ([], "Choose the checks that need no change"),
        (["not-a-task"], "Choose the checks that need no change"),
        (["review-documents"], "That check needs more than a confirmation"),
        (["cil", "decision"], "That check needs more than a confirmation"),
    ],
)
def test_only_confirmable_checks_can_be_confirmed(case, officer, slugs, message):
    before = snapshot(case)
    with pytest.raises(DomainError, match=message):
        confirm(case, officer, slugs)
    assert snapshot(case) == before


def test_a_missing_boundary_cannot_be_confirmed(case, officer):
    PlanningApplication.objects.filter(pk=case.pk).update(boundary=None)
    before = snapshot(case)
    with pytest.raises(DomainError, match="There is no red line boundary to confirm"):
        confirm(case, officer, ["boundary"])
    assert snapshot(case) == before


def test_checks_of_another_family_are_not_offered(southwark, officer):
    certificate = make_application(southwark, code="ldc.proposed")
    assert confirm(certificate, officer, ["cil", "eia", "reporting"]) == ["reporting"]
    certificate.refresh_from_db()
    assert (certificate.cil_liable, certificate.eia_required, certificate.development_type) == (None, None, "Q26")


# --- Constraints --------------------------------------------------------------------------------------------


def add_constraint(application, user, code="article4", reason="The site is in the Article 4 area."):
    return services.constraint_add(
        council=application.council,
        application_id=application.pk,
        user=user,
        code=code,
        description="Article 4 direction area",
        reason=reason,
    )


def test_adding_and_removing_a_constraint_is_recorded_with_the_reason(case, officer):
    constraint = add_constraint(case, officer)
    assert (constraint.source, constraint.reason) == (
        ApplicationConstraint.Source.OFFICER,
        "The site is in the Article 4 area.",
    )
    added = AuditEntry.objects.get(application=case, event="constraint_added")
    assert (added.actor, added.comment, added.data) == (
        officer,
        "The site is in the Article 4 area.",
        {"constraint": "Article 4 direction area"},
    )

    services.constraint_remove(
        council=case.council,
        application_id=case.pk,
        user=officer,
        constraint_id=constraint.pk,
        reason=" Lifted in 2023 ",
    )

    constraint.refresh_from_db()
    assert constraint.removed_at is not None and constraint.removed_reason == "Lifted in 2023"
    removed = AuditEntry.objects.get(application=case, event="constraint_removed")
    assert (removed.comment, removed.data) == ("Lifted in 2023", {"constraint": "Article 4 direction area"})
    assert check_status(case, "constraints") == TaskStatus.IN_PROGRESS
    add_constraint(case, officer)  # once removed, it may be added again


@pytest.mark.parametrize(
    ("code", "reason", "message"),
    [("", "Because", "Choose the constraint"), ("article4", " ", "Say why you are adding")],
)
def test_a_constraint_needs_a_code_and_a_reason(case, officer, code, reason, message):
    before = snapshot(case)
    with pytest.raises(DomainError, match=message):
        add_constraint(case, officer, code=code, reason=reason)
    assert snapshot(case) == before


def test_a_constraint_already_on_the_site_is_not_added_twice(case, officer):
    add_constraint(case, officer)
    before = snapshot(case)
    with pytest.raises(DomainError, match="The site already has this constraint"):
        add_constraint(case, officer)
    assert snapshot(case) == before


def test_removing_a_constraint_needs_a_reason_and_one_of_this_cases_constraints(southwark, case, officer):
    constraint = add_constraint(case, officer)
    other = make_application(southwark)
    foreign = add_constraint(other, officer)
    before = snapshot(case)
    with pytest.raises(DomainError, match="Say why you are removing this constraint"):
        services.constraint_remove(
            council=case.council, application_id=case.pk, user=officer, constraint_id=constraint.pk, reason="  "
        )
    with pytest.raises(DomainError, match="That constraint is not on this case"):
        services.constraint_remove(
            council=case.council, application_id=case.pk, user=officer, constraint_id=foreign.pk, reason="Wrong site"
        )
    assert snapshot(case) == before
    foreign.refresh_from_db()
    assert foreign.removed_at is None


# --- The red line boundary ----------------------------------------------------------------------------------


def boundary_check(application, user, **kwargs):
    return services.boundary_check(council=application.council, application_id=application.pk, user=user, **kwargs)


def test_with_no_boundary_one_is_drawn(case, officer):
    PlanningApplication.objects.filter(pk=case.pk).update(boundary=None, boundary_area_m2=None)
    before = snapshot(case)
    with pytest.raises(DomainError, match="Draw the red line boundary on the map"):
        boundary_check(case, officer, valid=True)
    assert snapshot(case) == before

    assert boundary_check(case, officer, valid=True, proposed=square(size=0.0003)) is None

    case.refresh_from_db()
    assert case.boundary["geometry"] == square(size=0.0003)["geometry"]
    assert case.boundary_area_m2 > 0
    assert check_status(case, "boundary") == TaskStatus.COMPLETED
    assert AuditEntry.objects.filter(application=case, event="boundary_drawn").get().actor == officer
    assert not ValidationRequest.objects.filter(application=case).exists()


def test_a_correct_boundary_is_confirmed(case, officer):
    assert boundary_check(case, officer, valid=True) is None
    assert check_status(case, "boundary") == TaskStatus.COMPLETED


def test_a_wrong_boundary_leads_to_a_request_for_a_new_one(case, officer):
    original = case.boundary
    before = snapshot(case)
    with pytest.raises(DomainError, match="Say why you are asking"):
        boundary_check(case, officer, valid=False, proposed=square(size=0.0003))
    with pytest.raises(DomainError, match="Draw the red line boundary you propose"):
        boundary_check(case, officer, valid=False, reason="The garden is not included.")
    assert snapshot(case) == before

    request = boundary_check(case, officer, valid=False, proposed=square(size=0.0003), reason="The garden is missing.")

    assert request.kind == RequestKind.BOUNDARY_CHANGE
    assert request.original == original
    assert request.proposed["geometry"] == square(size=0.0003)["geometry"]
    assert check_status(case, "boundary") == TaskStatus.IN_PROGRESS
    case.refresh_from_db()
    assert case.boundary == original  # only the applicant's agreement changes it


# --- The description ----------------------------------------------------------------------------------------


def description_check(application, user, **kwargs):
    return services.description_check(council=application.council, application_id=application.pk, user=user, **kwargs)


def test_a_description_change_without_approval_applies_at_once_and_is_emailed_for_information(case, officer):
    original = case.description
    request = description_check(
        case, officer, valid=False, proposed=NEW_DESCRIPTION, reason="To match the plans.", needs_approval=False
    )

    assert (request.state, request.approved, request.needs_approval) == (RequestState.CLOSED, True, False)
    case.refresh_from_db()
    assert case.description == NEW_DESCRIPTION
    assert check_status(case, "description") == TaskStatus.COMPLETED
    [email] = OutboxMessage.objects.filter(application=case)
    assert email.to == "jo@applicant.example"
    assert email.subject == f"{case.reference_in_full}: we have changed the description"
    assert NEW_DESCRIPTION in email.body and original in email.body and "To match the plans." in email.body
    told = AuditEntry.objects.filter(application=case, event="message_sent").get()
    assert (told.data["message"], told.data["body"], told.actor) == ("description_changed", email.body, officer)


def test_a_description_change_with_approval_waits_for_agreement(southwark, swk_users, officer):
    application = make_application_in(southwark, Status.INVALIDATED, swk_users)
    original = application.description
    request = description_check(application, officer, valid=False, proposed=NEW_DESCRIPTION, reason="To match.")
    assert request.state == RequestState.OPEN
    application.refresh_from_db()
    assert application.description == original
    assert check_status(application, "description") == TaskStatus.IN_PROGRESS


def test_a_correct_description_is_confirmed(case, officer):
    assert description_check(case, officer, valid=True) is None
    assert check_status(case, "description") == TaskStatus.COMPLETED
    assert AuditEntry.objects.filter(application=case, event="validation_check_completed").get().data == {
        "task": "description"
    }


# --- Who may, and where -------------------------------------------------------------------------------------

# Every validation task, as a call an officer makes on a case (with what it needs made first).
TASKS: dict[str, Callable] = {
    "check_complete": lambda c, a, u: services.validation_check_complete(
        council=c, application_id=a.pk, user=u, slug="other-requests"
    ),
    "checks_confirm": lambda c, a, u: services.validation_checks_confirm(
        council=c, application_id=a.pk, user=u, slugs=["cil", "eia"]
    ),
    "documents_review": lambda c, a, u: services.documents_review(
        council=c,
        application_id=a.pk,
        user=u,
        reviews=[DocumentReview(document_id=a.documents.get().pk, valid=False, reason="Blurred")],
    ),
    "documents_request": lambda c, a, u: services.documents_request(
        council=c, application_id=a.pk, user=u, wanted=["floorPlan"], reason="Missing"
    ),
    "boundary_check": lambda c, a, u: services.boundary_check(
        council=c, application_id=a.pk, user=u, valid=False, proposed=square(size=0.0003), reason="Too small"
    ),
    "description_check": lambda c, a, u: services.description_check(
        council=c, application_id=a.pk, user=u, valid=False, proposed=NEW_DESCRIPTION, reason="X", needs_approval=False
    ),
    "fee_check": lambda c, a, u: services.simple_check(
        council=c, application_id=a.pk, user=u, slug="fee", valid=False, reason="Short by £100"
    ),
    "ownership_check": lambda c, a, u: services.simple_check(
        council=c, application_id=a.pk, user=u, slug="ownership", valid=True
    ),
    "reporting_set": lambda c, a, u: services.reporting_set(
        council=c, application_id=a.pk, user=u, development_type="Q21"
    ),
    "cil_set": lambda c, a, u: services.cil_set(council=c, application_id=a.pk, user=u, liable=True),
    "eia_set": lambda c, a, u: services.eia_set(council=c, application_id=a.pk, user=u, required=True),
    "constraint_add": lambda c, a, u: services.constraint_add(
        council=c, application_id=a.pk, user=u, code="article4", description="Article 4", reason="In the area"
    ),
    "constraint_remove": lambda c, a, u: services.constraint_remove(
        council=c, application_id=a.pk, user=u, constraint_id=a.constraints.get().pk, reason="Lifted"
    ),
    "requests_seen": lambda c, a, u: services.validation_requests_seen(council=c, application_id=a.pk, user=u),
}


@pytest.fixture
def prepared(southwark, officer):
    """A case with a document and a constraint, so that every task has something to act on."""
    application = make_application(southwark)
    a_document(application)
    ApplicationConstraint.objects.create(
        council=southwark,
        application=application,
        code="conservationArea",
        description="Conservation area",
        source=ApplicationConstraint.Source.SUBMISSION,
    )
    return application


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.REVIEWER])
@pytest.mark.parametrize("task", list(TASKS))
def test_assessors_and_reviewers_may_do_every_task(prepared, swk_users, task, role):
    TASKS[task](prepared.council, prepared, swk_users[role])


@pytest.mark.parametrize("task", list(TASKS))
def test_an_administrator_can_do_none_of_it(prepared, swk_users, task):
    before = snapshot(prepared)
    with pytest.raises(PermissionDenied):
        TASKS[task](prepared.council, prepared, swk_users[Role.ADMINISTRATOR])
    assert snapshot(prepared) == before


@pytest.mark.parametrize("task", [t for t in TASKS if t != "requests_seen"])
def test_another_council_cannot_touch_the_case(prepared, lambeth, lbh_users, task):
    before = snapshot(prepared)
    with pytest.raises(DomainError, match="There is no such case in your council"):
        TASKS[task](lambeth, prepared, lbh_users[Role.ASSESSOR])
    assert snapshot(prepared) == before


@pytest.mark.parametrize("status", [Status.DETERMINED, Status.WITHDRAWN])
@pytest.mark.parametrize("task", [t for t in TASKS if t != "requests_seen"])
def test_no_task_on_a_finished_case(southwark, swk_users, officer, status, task):
    application = make_application_in(southwark, status, swk_users)
    a_document(application)
    ApplicationConstraint.objects.create(
        council=southwark, application=application, code="tpo", description="Tree", source="submission"
    )
    before = snapshot(application)
    with pytest.raises(DomainError, match=f"This case is {status.label.lower()}"):
        TASKS[task](southwark, application, officer)
    assert snapshot(application) == before


def test_a_task_the_family_does_not_have_is_refused(southwark, officer):
    certificate = make_application(southwark, code="ldc.proposed")
    before = snapshot(certificate)
    with pytest.raises(DomainError, match="This case has no such validation task"):
        services.cil_set(council=southwark, application_id=certificate.pk, user=officer, liable=True)
    with pytest.raises(DomainError, match="This case has no such validation task"):
        services.validation_check_complete(
            council=southwark, application_id=certificate.pk, user=officer, slug="decision"
        )
    assert snapshot(certificate) == before


def test_marking_answers_seen_through_another_council_changes_nothing(prepared, lambeth, lbh_users, swk_users):
    request = services.validation_request_create(
        council=prepared.council,
        application_id=prepared.pk,
        user=swk_users[Role.ASSESSOR],
        new=services.NewRequest(kind=RequestKind.OTHER_CHANGE, reason="Sign the form."),
    )
    ValidationRequest.objects.filter(pk=request.pk).update(officer_seen=False)
    seen = services.validation_requests_seen(council=lambeth, application_id=prepared.pk, user=lbh_users[Role.ASSESSOR])
    assert seen == 0
    request.refresh_from_db()
    assert request.officer_seen is False
