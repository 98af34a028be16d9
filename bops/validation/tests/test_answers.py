"""The applicant's answers (services.validation_request_answer): agree or disagree, written answers, files,
replacements, telling the officer, and every way an answer is refused without changing anything."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from bops.accounts.models import Role
from bops.applications import services as applications
from bops.applications.lifecycle import Event
from bops.applications.models import PlanningApplication, Status
from bops.applications.tests.builders import make_application_in, square
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.core.tasklist import TaskStatus
from bops.documents.models import Document
from bops.documents.services import Upload, document_add
from bops.notifications.models import OutboxMessage
from bops.validation import selectors, services
from bops.validation.models import RequestKind, RequestState, ValidationCheck, ValidationRequest
from bops.validation.services import Answered, DocumentReview, NewRequest

K = RequestKind
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
HTML = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in</body></html>"
NEW_DESCRIPTION = "Single storey rear extension, 3 metres deep"
ON_POSTGRES = connection.vendor == "postgresql"


def snapshot(application: PlanningApplication) -> dict:
    """Everything a refused answer must leave as it was."""
    pk = application.pk
    return {
        "case": PlanningApplication.objects.filter(pk=pk).values().get(),
        "requests": list(ValidationRequest.objects.filter(application_id=pk).order_by("pk").values()),
        "received": list(ValidationRequest.received_documents.through.objects.order_by("pk").values()),
        "checks": list(ValidationCheck.objects.filter(application_id=pk).order_by("pk").values()),
        "documents": list(Document.objects.filter(application_id=pk).order_by("pk").values()),
        "audit": AuditEntry.objects.filter(application_id=pk).count(),
        "outbox": OutboxMessage.objects.filter(application_id=pk).count(),
    }


@pytest.fixture
def officer(swk_users):
    return swk_users[Role.ASSESSOR]


def case_in(council, status, users, *, officer=None):
    application = make_application_in(council, status, users)
    if officer is not None:
        application.assigned_officer = officer
        application.save(update_fields=["assigned_officer"])
    return application


def ask(application, user, new):
    return services.validation_request_create(
        council=application.council, application_id=application.pk, user=user, new=new
    )


def answer(application, request, answered, *, council=None, application_id=None):
    return services.validation_request_answer(
        council=council or application.council,
        application_id=application_id or application.pk,
        request_id=request.pk,
        answer=answered,
        through="link",
    )


def pdf(name="plans.pdf"):
    return Upload(name=name, content=PDF)


def an_agreement_request(kind, application, officer):
    """An open request of an agree-or-disagree kind, on a case where it may be made."""
    reason = "Please agree."
    if kind == K.DESCRIPTION_CHANGE:
        return ask(application, officer, NewRequest(kind=kind, reason=reason, proposed=NEW_DESCRIPTION))
    if kind == K.BOUNDARY_CHANGE:
        return ask(application, officer, NewRequest(kind=kind, reason=reason, proposed=square(size=0.0004)))
    if kind == K.TIME_EXTENSION:
        proposed = application.due_date + timedelta(days=28)
        return ask(application, officer, NewRequest(kind=kind, reason=reason, proposed=proposed))
    return ask(application, officer, NewRequest(kind=kind, reason=reason, proposed="Agree a construction plan."))


AGREEMENT_KINDS = {
    K.DESCRIPTION_CHANGE: Status.INVALIDATED,
    K.BOUNDARY_CHANGE: Status.INVALIDATED,
    K.PRE_COMMENCEMENT_CONDITION: Status.IN_ASSESSMENT,
    K.HEADS_OF_TERMS: Status.IN_ASSESSMENT,
    K.TIME_EXTENSION: Status.IN_ASSESSMENT,
}
# What an agreement changes on the case, and what must stay put when the applicant disagrees.
CASE_FIELDS = (
    "description",
    "boundary",
    "boundary_area_m2",
    "extended_to",
    "due_date",
    "target_date",
    "statutory_date",
)


def case_fields(application):
    return PlanningApplication.objects.filter(pk=application.pk).values(*CASE_FIELDS).get()


# --- Agree or disagree --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(AGREEMENT_KINDS))
def test_agreeing_closes_the_request_and_makes_the_change(southwark, swk_users, officer, kind):
    application = case_in(southwark, AGREEMENT_KINDS[kind], swk_users, officer=officer)
    request = an_agreement_request(kind, application, officer)
    before = case_fields(application)

    answered = answer(application, request, Answered(agree=True))

    assert (answered.state, answered.approved, answered.rejection_reason) == (RequestState.CLOSED, True, "")
    assert answered.closed_at is not None and answered.answered_through == "link"
    after = case_fields(application)
    changed = {name for name in CASE_FIELDS if after[name] != before[name]}
    if kind == K.DESCRIPTION_CHANGE:
        assert changed == {"description"} and after["description"] == NEW_DESCRIPTION
        assert NEW_DESCRIPTION.lower() in PlanningApplication.objects.get(pk=application.pk).search_text
    elif kind == K.BOUNDARY_CHANGE:
        assert changed == {"boundary", "boundary_area_m2"}
        assert after["boundary"]["geometry"] == square(size=0.0004)["geometry"]
    elif kind == K.TIME_EXTENSION:
        assert changed == {"extended_to", "due_date", "target_date"}
    else:
        assert changed == set()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(AGREEMENT_KINDS))
def test_disagreeing_needs_a_reason_and_changes_nothing_on_the_case(southwark, swk_users, officer, kind):
    application = case_in(southwark, AGREEMENT_KINDS[kind], swk_users, officer=officer)
    request = an_agreement_request(kind, application, officer)
    before = snapshot(application)
    for refused, message in (
        (Answered(agree=False, reason="  "), "Say why you disagree."),
        (Answered(), "Say whether you agree."),
    ):
        with pytest.raises(DomainError) as error:
            answer(application, request, refused)
        assert str(error.value) == message
        assert snapshot(application) == before

    fields = case_fields(application)
    answered = answer(application, request, Answered(agree=False, reason=" The extension is 2.5 metres. "))

    assert (answered.state, answered.approved) == (RequestState.CLOSED, False)
    assert answered.rejection_reason == "The extension is 2.5 metres."
    assert case_fields(application) == fields
    entry = AuditEntry.objects.filter(application=application, event="validation_request_answered").get()
    assert entry.comment == "The extension is 2.5 metres."
    assert entry.data == {
        "sequence": request.sequence,
        "kind": kind.value,
        "approved": False,
        "files": [],
        "through": "link",
    }


@pytest.mark.django_db
def test_an_agreed_time_extension_moves_the_decision_and_target_dates(southwark, swk_users, officer):
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users, officer=officer)
    statutory = application.statutory_date
    proposed = application.due_date + timedelta(days=28)
    request = ask(application, officer, NewRequest(kind=K.TIME_EXTENSION, reason="Late", proposed=proposed))

    answer(application, request, Answered(agree=True))

    application.refresh_from_db()
    assert application.extended_to == proposed
    assert application.due_date == proposed
    assert application.target_date == proposed - timedelta(days=southwark.target_days_before_due)
    assert application.statutory_date == statutory


@pytest.mark.django_db
def test_a_refused_time_extension_leaves_every_date_alone(southwark, swk_users, officer):
    """BOPS's API applied the new date even when the applicant said no (bops-domain.md §3.2)."""
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users, officer=officer)
    dates_before = case_fields(application)
    request = ask(
        application,
        officer,
        NewRequest(kind=K.TIME_EXTENSION, reason="Late", proposed=application.due_date + timedelta(days=28)),
    )

    answer(application, request, Answered(agree=False, reason="We need the decision on time."))

    application.refresh_from_db()
    assert application.extended_to is None
    assert case_fields(application) == dates_before


@pytest.mark.django_db
def test_an_extension_agreed_after_the_statutory_date_passed_it_changes_nothing(southwark, swk_users, officer):
    """An EIA decision after the request gives 16 weeks, later than the date the applicant is agreeing to."""
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users, officer=officer)
    proposed = application.due_date + timedelta(days=7)
    request = ask(application, officer, NewRequest(kind=K.TIME_EXTENSION, reason="Late", proposed=proposed))
    services.eia_set(council=southwark, application_id=application.pk, user=officer, required=True)
    dates_before = case_fields(application)

    answered = answer(application, request, Answered(agree=True))

    assert (answered.state, answered.approved) == (RequestState.CLOSED, True)
    assert case_fields(application) == dates_before
    assert dates_before["due_date"] == application.valid_from + timedelta(weeks=16) > proposed


@pytest.mark.django_db
def test_eia_is_refused_while_an_agreed_extension_ends_before_its_sixteen_weeks(southwark, swk_users, officer):
    application = case_in(southwark, Status.IN_ASSESSMENT, swk_users, officer=officer)
    short = application.due_date + timedelta(days=7)
    request = ask(application, officer, NewRequest(kind=K.TIME_EXTENSION, reason="Late", proposed=short))
    answer(application, request, Answered(agree=True))
    before = snapshot(application)

    with pytest.raises(DomainError) as refused:
        services.eia_set(council=southwark, application_id=application.pk, user=officer, required=True)

    assert "agree a later date with the applicant first" in str(refused.value)
    assert snapshot(application) == before
    longer = application.valid_from + timedelta(weeks=20)
    request = ask(application, officer, NewRequest(kind=K.TIME_EXTENSION, reason="EIA", proposed=longer))
    answer(application, request, Answered(agree=True))
    eia = services.eia_set(council=southwark, application_id=application.pk, user=officer, required=True)
    assert (eia.statutory_date, eia.due_date) == (application.valid_from + timedelta(weeks=16), longer)


# --- Written answers ----------------------------------------------------------------------------------------

TEXT_KINDS = {K.FEE_CHANGE: "fee", K.OTHER_CHANGE: "other-requests", K.OWNERSHIP_CERTIFICATE: "ownership"}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(TEXT_KINDS))
def test_a_written_answer_is_kept_and_sends_its_task_back_for_review(southwark, swk_users, officer, kind):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    request = ask(application, officer, NewRequest(kind=kind, reason="Please correct it."))
    before = snapshot(application)
    with pytest.raises(DomainError, match="Enter your answer"):
        answer(application, request, Answered(text="   "))
    assert snapshot(application) == before

    answered = answer(application, request, Answered(text="  I have paid the balance.  "))

    assert (answered.state, answered.response, answered.approved) == (
        RequestState.CLOSED,
        "I have paid the balance.",
        None,
    )
    check = ValidationCheck.objects.get(application=application, slug=TEXT_KINDS[kind])
    assert check.status == TaskStatus.ACTION_REQUIRED


@pytest.mark.django_db
def test_a_fee_answer_may_carry_evidence(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    request = ask(application, officer, NewRequest(kind=K.FEE_CHANGE, reason="Fee short by £100."))
    answered = answer(
        application, request, Answered(text="I qualify for the exemption.", uploads=[pdf("evidence.pdf")])
    )
    assert [d.name for d in answered.received_documents.all()] == ["evidence.pdf"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [K.DESCRIPTION_CHANGE, K.BOUNDARY_CHANGE, K.TIME_EXTENSION])
def test_an_agreement_takes_no_files(southwark, swk_users, officer, kind):
    application = case_in(southwark, AGREEMENT_KINDS[kind], swk_users, officer=officer)
    request = an_agreement_request(kind, application, officer)
    before = snapshot(application)
    for uploads in ([pdf()], [Upload(name="", content=PDF)]):
        with pytest.raises(DomainError, match="This request does not take files"):
            answer(application, request, Answered(agree=True, uploads=uploads))
    assert snapshot(application) == before


@pytest.mark.django_db
def test_an_other_change_answer_may_carry_files(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    request = ask(application, officer, NewRequest(kind=K.OTHER_CHANGE, reason="Sign the form."))
    answered = answer(application, request, Answered(text="Signed", uploads=[pdf("signed.pdf")]))
    assert [d.name for d in answered.received_documents.all()] == ["signed.pdf"]


# --- Files --------------------------------------------------------------------------------------------------


@pytest.fixture
def document_request(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    request = ask(
        application, officer, NewRequest(kind=K.ADDITIONAL_DOCUMENT, reason="Missing", document_type="floorPlan")
    )
    return application, request


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("uploads", "message"),
    [
        ([], "Choose a file to upload."),
        ([Upload(name="", content=b"")], "Choose a file to upload."),
        ([Upload(name="plans.pdf", content=b"")], "plans.pdf is empty."),
        ([Upload(name="plans.pdf", content=PDF + b"x" * 200)], "plans.pdf is larger than"),
        ([Upload(name="plans.pdf", content=PNG)], "plans.pdf"),
        ([Upload(name="plans.pdf", content=HTML)], "plans.pdf"),
        ([Upload(name="plans.exe", content=PDF)], "not accepted"),
        ([pdf("good.pdf"), Upload(name="bad.pdf", content=PNG)], "bad.pdf"),
        ([Upload(name=" ", content=PDF)], "Each file needs its name"),
    ],
    ids=[
        "none",
        "blank",
        "empty",
        "too-big",
        "png-named-pdf",
        "web-page-named-pdf",
        "program",
        "one-bad-of-two",
        "no-name",
    ],
)
def test_a_file_that_is_missing_empty_too_big_or_not_what_it_says_is_refused(
    document_request, settings, uploads, message
):
    settings.DOCUMENT_MAX_BYTES = 200
    application, request = document_request
    before = snapshot(application)
    with pytest.raises(DomainError, match=message) as refused:
        answer(application, request, Answered(uploads=uploads))
    assert refused.value.field == "files"
    assert snapshot(application) == before


@pytest.mark.django_db
def test_files_sent_are_kept_as_documents_tagged_with_what_was_asked(document_request):
    application, request = document_request

    answered = answer(application, request, Answered(uploads=[pdf("ground.pdf"), pdf("first.pdf")]))

    received = list(answered.received_documents.order_by("pk"))
    assert [d.name for d in received] == ["ground.pdf", "first.pdf"]
    assert all(d.tags == ["floorPlan"] and d.application_id == application.pk for d in received)
    assert all(d.content_type == "application/pdf" for d in received)
    assert answered.state == RequestState.CLOSED
    entry = AuditEntry.objects.get(application=application, event="validation_request_answered")
    assert entry.data["files"] == ["ground.pdf", "first.pdf"]
    review = ValidationCheck.objects.get(application=application, slug="review-documents")
    assert review.status == TaskStatus.ACTION_REQUIRED  # new documents to review


@pytest.mark.django_db
def test_a_replacement_keeps_the_old_document_archived_with_its_tags_and_drawing_numbers(southwark, swk_users, officer):
    application = case_in(southwark, Status.NOT_STARTED, swk_users, officer=officer)
    old = document_add(
        application=application, user=None, name="elevations.pdf", content=PDF, content_type="application/pdf", tags=[]
    )
    [request] = services.documents_review(
        council=southwark,
        application_id=application.pk,
        user=officer,
        reviews=[
            DocumentReview(
                document_id=old.pk,
                valid=False,
                reason="The scale bar is missing.",
                tags=["elevations.proposed"],
                drawing_numbers=["PL-201 rev A"],
            )
        ],
    )
    services.application_invalidate(council=southwark, application_id=application.pk, user=officer)

    answered = answer(application, request, Answered(uploads=[pdf("elevations-rev-b.pdf")]))

    old.refresh_from_db()
    [new] = answered.received_documents.all()
    assert old.archived_at is not None
    assert old.archive_reason == f"Replaced by the applicant (request {request.sequence})."
    assert old.file  # the submitted file is never lost
    assert new.replaces == old
    assert new.tags == ["elevations.proposed"]
    assert new.drawing_numbers == ["PL-201 rev A"]
    assert [d.name for d in selectors.current_documents(application=application)] == ["elevations-rev-b.pdf"]
    # With the invalid document replaced, nothing stops validation.
    application.refresh_from_db()
    validated = services.application_validate(
        council=southwark,
        application_id=application.pk,
        user=officer,
        valid_from=services.suggested_valid_from(application),
    )
    assert validated.status == Status.IN_ASSESSMENT


# --- Telling the officer ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_answer_tells_the_assessor_on_the_case_and_shows_as_updated(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    request = ask(application, officer, NewRequest(kind=K.OTHER_CHANGE, reason="Sign the form."))
    sent_before = OutboxMessage.objects.filter(application=application).count()

    answered = answer(application, request, Answered(text="Signed."))

    assert answered.officer_seen is False
    [email] = OutboxMessage.objects.filter(application=application).order_by("pk")[sent_before:]
    assert email.to == officer.email
    assert email.subject == f"{application.reference_in_full} has an update: request {request.sequence} answered"
    assert f"The applicant has answered request {request.sequence}" in email.body
    told = AuditEntry.objects.filter(application=application, event="message_sent").latest("pk")
    assert told.data == {
        "message": "answer_received",
        "to": [officer.email],
        "subject": email.subject,
        "body": email.body,
    }
    requests = selectors.requests_for(application=application)
    task_list = selectors.validation_task_list(application=application, requests=requests)
    status = {row.slug: row.status for section in task_list.sections for row in section.rows}
    assert status["requests"] == TaskStatus.ACTION_REQUIRED

    assert services.validation_requests_seen(council=southwark, application_id=application.pk, user=officer) == 1
    answered.refresh_from_db()
    assert answered.officer_seen is True


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["nobody", "inactive"])
def test_with_no_active_assessor_on_the_case_the_answer_is_still_taken(southwark, swk_users, officer, who):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=None if who == "nobody" else officer)
    request = ask(application, officer, NewRequest(kind=K.OTHER_CHANGE, reason="Sign the form."))
    if who == "inactive":
        officer.is_active = False
        officer.save(update_fields=["is_active"])
    sent_before = OutboxMessage.objects.filter(application=application).count()
    answered = answer(application, request, Answered(text="Signed."))
    assert answered.state == RequestState.CLOSED
    assert OutboxMessage.objects.filter(application=application).count() == sent_before


# --- Answers that change nothing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_second_answer_is_refused_and_nothing_is_applied_twice(document_request, officer):
    application, request = document_request
    answer(application, request, Answered(uploads=[pdf("floor-plan.pdf")]))
    before = snapshot(application)

    with pytest.raises(DomainError) as refused:
        answer(application, request, Answered(uploads=[pdf("floor-plan-again.pdf")]))

    assert str(refused.value) == "This request has already been answered."
    assert snapshot(application) == before
    assert Document.objects.filter(application=application).count() == 1
    assert AuditEntry.objects.filter(application=application, event="validation_request_answered").count() == 1
    assert OutboxMessage.objects.filter(application=application, to=officer.email).count() == 1


@pytest.mark.django_db
def test_a_cancelled_request_cannot_be_answered(southwark, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    request = ask(application, officer, NewRequest(kind=K.OTHER_CHANGE, reason="Sign the form."))
    services.validation_request_cancel(
        council=southwark, application_id=application.pk, request_id=request.pk, user=officer, reason="Not needed."
    )
    before = snapshot(application)
    with pytest.raises(DomainError) as refused:
        answer(application, request, Answered(text="Signed."))
    assert str(refused.value) == "The council cancelled this request: you do not need to answer it."
    assert snapshot(application) == before


@pytest.mark.django_db
def test_a_request_not_yet_sent_cannot_be_answered(southwark, swk_users, officer):
    application = case_in(southwark, Status.NOT_STARTED, swk_users, officer=officer)
    request = ask(application, officer, NewRequest(kind=K.OTHER_CHANGE, reason="Sign the form."))
    before = snapshot(application)
    with pytest.raises(DomainError, match="There is no such request on this case"):
        answer(application, request, Answered(text="Signed."))
    assert snapshot(application) == before


@pytest.mark.django_db
@pytest.mark.parametrize("event", [Event.WITHDRAW, Event.RETURN, Event.CLOSE])
def test_no_answer_on_a_finished_case(southwark, swk_users, officer, event):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    request = ValidationRequest.objects.get(application=application)  # the builder's open request
    applications.planning_application_transition(
        council=southwark, application_id=application.pk, user=officer, event=event, reason="The applicant asked."
    )
    before = snapshot(application)
    with pytest.raises(DomainError, match="it takes no more answers"):
        answer(application, request, Answered(text="Signed."))
    assert snapshot(application) == before


@pytest.mark.django_db
def test_an_answer_through_another_council_or_another_case_is_refused(southwark, lambeth, swk_users, officer):
    application = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    other = case_in(southwark, Status.INVALIDATED, swk_users, officer=officer)
    request = ValidationRequest.objects.get(application=application)
    before = snapshot(application)
    with pytest.raises(DomainError, match="There is no such case in your council"):
        answer(application, request, Answered(text="Signed."), council=lambeth)
    with pytest.raises(DomainError, match="There is no such request on this case"):
        answer(application, request, Answered(text="Signed."), application_id=other.pk)
    assert snapshot(application) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not ON_POSTGRES, reason="SQLite takes one writer at a time, so two answers cannot overlap; see the sequential test"
)
def test_two_answers_at_the_same_moment_are_taken_once(document_request, officer):
    application, request = document_request
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send(name):
        try:
            barrier.wait(timeout=10)
            answer(application, request, Answered(uploads=[pdf(name)]))
            outcomes.append("taken")
        except DomainError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(f"plan-{n}.pdf",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["This request has already been answered.", "taken"]
    assert Document.objects.filter(application=application).count() == 1
    assert AuditEntry.objects.filter(application=application, event="validation_request_answered").count() == 1
    assert OutboxMessage.objects.filter(application=application, to=officer.email).count() == 1
    request.refresh_from_db()
    assert request.received_documents.count() == 1
