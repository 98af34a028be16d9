"""Where each save lands (issue 11, officer time): the next task that needs the officer; the task list with the
batch confirmation when only checks it can take are left; the validation decision when nothing is left. No save
leaves the officer to find their own way back to the batch confirmation."""

import pytest

from bops.accounts.models import Role
from bops.applications.models import ApplicationType
from bops.applications.tests.builders import make_application
from bops.documents.services import document_add
from bops.validation import services
from bops.validation.models import RequestKind
from bops.validation.services import Answered, NewRequest

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def assessor(swk_users):
    return swk_users[Role.ASSESSOR]


@pytest.fixture
def officer(client_for, southwark, assessor):
    return client_for(southwark, assessor)


@pytest.fixture
def ldc(southwark, assessor):
    """A freshly received LDC with two documents, nothing else done."""
    application = make_application(southwark, code="ldc.proposed", description="Garden shed", officer=assessor)
    for name in ("location-plan.pdf", "elevations.pdf"):
        document_add(
            application=application, user=None, name=name, content=PDF, content_type="application/pdf", tags=[]
        )
    return application


def url(case, tail=""):
    return f"/applications/{case.reference}/validation{tail}"


def all_valid(case):
    return {f"doc-{d.pk}-valid": "yes" for d in case.documents.all()}


def everything_confirmable(officer, case):
    html = officer.get(url(case)).content.decode()
    form = html[html.index('id="confirm"') : html.index("</form>", html.index('id="confirm"'))]
    return [v for v in ("check-documents", "boundary", "constraints", "description", "fee", "reporting",
                        "other-requests") if f'value="{v}"' in form]  # fmt: skip


def test_the_batch_confirmation_lands_on_the_next_task_that_needs_the_officer(officer, ldc):
    answer = officer.post(url(ldc, "/confirm"), {"checks": everything_confirmable(officer, ldc)})
    assert answer.status_code == 302
    assert answer["Location"] == url(ldc, "/review-documents")


def test_the_last_task_lands_on_the_validation_decision(officer, ldc):
    officer.post(url(ldc, "/confirm"), {"checks": everything_confirmable(officer, ldc)})
    answer = officer.post(url(ldc, "/review-documents"), all_valid(ldc))
    assert answer["Location"] == url(ldc, "/decision")


def test_a_task_saved_first_lands_on_the_batch_confirmation_when_only_ticks_are_left(officer, ldc):
    answer = officer.post(url(ldc, "/review-documents"), all_valid(ldc))
    assert answer["Location"] == url(ldc, "#confirm")
    page = officer.get(url(ldc))
    assert "Confirm these checks together" in page.content.decode()


def test_confirming_all_that_is_left_lands_on_the_validation_decision(officer, ldc):
    officer.post(url(ldc, "/review-documents"), all_valid(ldc))
    answer = officer.post(url(ldc, "/confirm"), {"checks": everything_confirmable(officer, ldc)})
    assert answer["Location"] == url(ldc, "/decision")


def test_a_check_left_unticked_is_waiting_on_the_list_after_the_tasks_that_need_the_officer(officer, ldc):
    checks = [c for c in everything_confirmable(officer, ldc) if c != "fee"]
    officer.post(url(ldc, "/confirm"), {"checks": checks})
    answer = officer.post(url(ldc, "/review-documents"), all_valid(ldc))
    assert answer["Location"] == url(ldc, "#confirm")
    answer = officer.post(url(ldc, "/fee"), {"valid": "yes"})
    assert answer["Location"] == url(ldc, "/decision")


def test_a_task_waiting_for_the_applicant_is_passed_over(officer, ldc, southwark):
    # Several development types are allowed for a minor application, so its reporting task needs the officer.
    ApplicationType.objects.filter(council=southwark, code="pp.full.minor").update(is_active=True)
    case = make_application(southwark, code="pp.full.minor")
    answer = officer.post(
        url(case, "/description"),
        {"valid": "no", "proposed": "A garden room", "reason": "Clearer words", "needs_approval": "yes"},
    )
    # On past the waiting description (and the checks the batch can take) to the next task needing input.
    assert answer["Location"] == url(case, "/reporting")
    # Then round to the task before it that is still not done.
    answer = officer.post(url(case, "/reporting"), {"development_type": "Q20"})
    assert answer["Location"] == url(case, "/review-documents")
    answer = officer.post(url(case, "/review-documents"), {})
    assert answer["Location"] == url(case, "#confirm")


def test_unread_answers_from_the_applicant_are_the_next_useful_page(officer, ldc, southwark, assessor):
    request = services.validation_request_create(
        council=southwark,
        application_id=ldc.pk,
        user=assessor,
        new=NewRequest(kind=RequestKind.OTHER_CHANGE, reason="Sign the form."),
    )
    services.application_invalidate(council=southwark, application_id=ldc.pk, user=assessor)
    services.validation_request_answer(
        council=southwark,
        application_id=ldc.pk,
        request_id=request.pk,
        answer=Answered(text="Signed and attached."),
        through="link",
    )
    answer = officer.post(url(ldc, "/confirm"), {"checks": everything_confirmable(officer, ldc)})
    assert answer["Location"] == url(ldc, "/review-documents")
    answer = officer.post(url(ldc, "/review-documents"), all_valid(ldc))
    assert answer["Location"] == url(ldc, "/requests")
