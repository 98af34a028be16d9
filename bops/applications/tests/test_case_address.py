"""A case's address accepts the reference as it is printed on every page and letter (issue 11, defect 9)."""

import pytest

from bops.accounts.models import Role
from bops.applications import services
from bops.applications.models import Status
from bops.applications.tests.builders import make_application, make_application_in


@pytest.fixture
def case(southwark):
    return make_application(southwark)


def _spellings(application):
    year, number, suffix = application.reference.split("-")
    return {
        "as printed": application.reference_in_full,
        "printed, in lower case": application.reference_in_full.lower(),
        "without the council's code, in lower case": application.reference.lower(),
        "without the leading zeros": f"{year}-{int(number)}-{suffix}",
        "with the code, without the suffix": f"SWK-{year}-{number}",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spelling",
    [
        "as printed",
        "printed, in lower case",
        "without the council's code, in lower case",
        "without the leading zeros",
        "with the code, without the suffix",
    ],
)
def test_the_printed_reference_redirects_to_the_case(southwark, swk_users, client_for, case, spelling):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    response = client.get(f"/applications/{_spellings(case)[spelling]}")
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{case.reference}"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_every_case_page_redirects_keeping_the_page_and_the_query(southwark, swk_users, client_for):
    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
    client = client_for(southwark, swk_users[Role.REVIEWER])
    printed = case.reference_in_full.lower()
    for page in ("validation", "consultation", "assessment", "review", "decision"):
        response = client.get(f"/applications/{printed}/{page}")
        assert response.status_code == 302, page
        assert response["Location"] == f"/applications/{case.reference}/{page}"
    response = client.get(f"/applications/{printed}/validation/requests", {"shown": "all"})
    assert response["Location"] == f"/applications/{case.reference}/validation/requests?shown=all"


@pytest.mark.django_db
def test_a_form_posted_to_the_printed_address_is_posted_again_not_dropped(southwark, swk_users, client_for, case):
    officer = swk_users[Role.ASSESSOR]
    client = client_for(southwark, officer)
    response = client.post(f"/applications/{case.reference_in_full}/assign", {"officer": str(officer.pk)})
    assert response.status_code == 307
    assert response["Location"] == f"/applications/{case.reference}/assign"
    case.refresh_from_db()
    assert case.assigned_officer is None  # nothing was done at the printed address itself


@pytest.mark.django_db
def test_an_earlier_reference_redirects_to_the_current_one(southwark, swk_users, client_for, case):
    old = case.reference_in_full
    services.planning_application_change_type(
        council=southwark, application_id=case.pk, user=swk_users[Role.ASSESSOR], code="ldc.proposed"
    )
    case.refresh_from_db()
    response = client_for(southwark, swk_users[Role.ASSESSOR]).get(f"/applications/{old}")
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{case.reference}"


@pytest.mark.django_db
def test_references_that_are_not_this_councils_stay_404(southwark, lambeth, swk_users, client_for, case):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    year, number, suffix = case.reference.split("-")
    lambeth_case = make_application(lambeth)
    for address in (
        f"LBH-{case.reference}",  # Southwark's reference with another council's code
        lambeth_case.reference_in_full,  # Lambeth's own case, from Southwark's address
        f"SWK-{year}-{number}-LDCP",  # a suffix the case never had
        f"SWK-{int(year) - 1:02d}-{number}-{suffix}",  # another year
        "SWK-26",
        "not-a-reference",
    ):
        response = client.get(f"/applications/{address}")
        assert response.status_code == 404, address
        assert "Page not found" in response.content.decode()
