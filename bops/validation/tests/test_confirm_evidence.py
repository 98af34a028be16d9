"""The batch confirmation ticks a legal check in advance only where the application's data supports it, and shows
that evidence beside the tick (issue 11, defect 7). Checked through the task list page, as the officer sees it."""

import json
import re

import pytest

from bops.accounts.models import Role
from bops.applications import services as applications
from bops.applications.lifecycle import Event
from bops.applications.models import ApplicationType
from bops.applications.tests.builders import square
from bops.core.errors import DomainError
from bops.core.tasklist import TaskStatus
from bops.submissions.models import Submission
from bops.submissions.services import submission_create_application, submission_prepare, submission_receive
from bops.submissions.tests.payloads import householder_payload
from bops.validation import services
from bops.validation.models import ValidationCheck

pytestmark = pytest.mark.django_db

SOLE_OWNER = {"interest": "owner.sole", "certificate": "a", "declaration": {"accurate": True}}


@pytest.fixture
def officer(swk_users):
    return swk_users[Role.ASSESSOR]


def from_odp(council, payload):
    """A case made by intake from an ODP body (its files are not fetched: the checks here do not need them)."""
    submission = submission_receive(
        council=council,
        api_key=None,
        route=Submission.Route.SUBMISSIONS,
        body=json.dumps(payload).encode(),
        meta={"CONTENT_TYPE": "application/json"},
    )
    application = submission_create_application(
        submission=submission, prepared=submission_prepare(submission=submission)
    )
    return applications.planning_application_transition(
        council=council, application_id=application.pk, user=None, event=Event.ACCEPT
    )


def by_hand(council, officer):
    return applications.planning_application_create_by_hand(
        council=council,
        user=officer,
        code="pp.full.householder",
        site=applications.Site(address_line_1="3 Grove Lane", town="London", postcode="SE5 8SY"),
        description="Single storey rear extension",
        applicant=applications.Person(name="Jo Bloggs", email="jo@applicant.example"),
        agent=None,
        boundary=square(),
        received_on=None,
        uploads=[],
    )


def confirmation(client, application) -> dict[str, tuple[bool, str]]:
    """Each check offered for confirming together: whether it is ticked, and the hint beside it."""
    html = client.get(f"/applications/{application.reference}/validation").content.decode()
    form = html[html.index('id="confirm"') :]
    form = form[: form.index("</form>")]
    found = {}
    for item in re.findall(r'<div class="govuk-checkboxes__item">(.*?)</div>\s*</div>', form, flags=re.S):
        value = re.search(r'value="([^"]+)"', item).group(1)
        hint = re.search(r'govuk-checkboxes__hint">\s*(.*?)\s*</div', item + "</div", flags=re.S)
        found[value] = (" checked" in item, re.sub(r"\s+", " ", hint.group(1)) if hint else "")
    return found


def activate(council, code):
    ApplicationType.objects.filter(council=council, code=code).update(is_active=True)


def test_what_the_submission_answered_is_ticked_with_the_answer_beside_it(southwark, officer, client_for):
    case = from_odp(
        southwark,
        householder_payload(
            data__application__CIL={"result": "exempt.extension"}, data__applicant__ownership=SOLE_OWNER
        ),
    )

    offered = confirmation(client_for(southwark, officer), case)

    assert offered["cil"] == (
        True,
        "The applicant answered in the submission that the development is exempt as a residential extension "
        "(CIL Regulations 2010 reg. 42B).",
    )
    assert offered["ownership"][0] and "answered certificate A in the submission" in offered["ownership"][1]
    assert (
        offered["fee"][0]
        and "paid £258 in the submission (GOV.UK Pay reference sandbox-ref-7k2m9q)" in (offered["fee"][1])
    )
    assert offered["eia"][0] and "outside every sensitive area" in offered["eia"][1]
    assert offered["constraints"] == (
        True,
        "The submission checked the site against planning data and found Conservation area.",
    )


def test_certificate_b_with_every_notice_dated_is_ticked_and_names_who_was_told(southwark, officer, client_for):
    case = from_odp(southwark, householder_payload())
    ownership = confirmation(client_for(southwark, officer), case)["ownership"]
    assert ownership == (
        True,
        "The applicant answered certificate B in the submission, with notice given to Tunde Okafor on "
        "28 February 2025 (DMPO 2015 art. 13 and 14).",
    )


def test_a_case_added_by_hand_leaves_every_legal_check_for_the_officer(southwark, officer, client_for):
    case = by_hand(southwark, officer)

    offered = confirmation(client_for(southwark, officer), case)

    for slug in ("fee", "cil", "eia", "ownership", "constraints", "check-documents"):
        assert offered[slug][0] is False, slug
    assert offered["ownership"][1] == (
        "No ownership certificate came with the application: open Check ownership certificate."
    )
    assert "does not say whether the development is liable for CIL" in offered["cil"][1]
    assert "check the payment records" in offered["fee"][1]
    # What the officer can read beside the tick, and the reporting type the application type fixes, stay ticked.
    assert offered["description"] == (True, "“Single storey rear extension”")
    assert offered["reporting"][0] and offered["boundary"][0] and offered["other-requests"][0]


@pytest.mark.parametrize(
    ("override", "slug", "hint"),
    [
        ({"data__application__CIL": {"result": "liable"}}, "cil", "the development is liable for CIL: open"),
        (
            {"data__application__CIL": {"result": "relief.charity"}},
            "cil",
            "liable for CIL, with charitable relief claimed (CIL Regulations 2010 reg. 43)",
        ),
        (
            {"data__applicant__ownership": {"interest": "owner.co", "certificate": "c", "owners": []}},
            "ownership",
            "certificate C in the submission: check the notices before ticking.",
        ),
        (
            {"data__application__fee__reduction": {"alternative": False, "parishCouncil": True, "sports": False}},
            "fee",
            "The applicant claimed parishCouncil in the submission: check the claim before ticking.",
        ),
        (
            {
                "data__property__planning__designations": [
                    {
                        "value": "nature.SSSI",
                        "description": "Site of Special Scientific Interest (SSSI)",
                        "intersects": True,
                    }
                ]
            },
            "eia",
            "The site is in Site of Special Scientific Interest (SSSI), a sensitive area",
        ),
    ],
)
def test_an_answer_that_does_not_support_the_check_leaves_it_unticked_and_says_why(
    southwark, officer, client_for, override, slug, hint
):
    case = from_odp(southwark, householder_payload(**override))
    ticked, text = confirmation(client_for(southwark, officer), case)[slug]
    assert ticked is False
    assert hint in text


def test_eia_is_left_for_the_officer_on_a_type_that_could_be_schedule_2_development(southwark, officer, client_for):
    activate(southwark, "pp.full.minor")
    case = from_odp(
        southwark,
        householder_payload(
            data__application__type={"value": "pp.full.minor", "description": "Planning Permission - Full minor"}
        ),
    )
    ticked, text = confirmation(client_for(southwark, officer), case)["eia"]
    assert ticked is False and "Schedule 1 or 2 of the EIA Regulations 2017" in text


def test_confirming_what_was_ticked_leaves_the_unticked_checks_not_started(southwark, officer, client_for):
    client = client_for(southwark, officer)
    case = by_hand(southwark, officer)
    ticked = [slug for slug, (on, _) in confirmation(client, case).items() if on]

    answer = client.post(f"/applications/{case.reference}/validation/confirm", {"checks": ticked})

    assert answer.status_code == 302
    statuses = dict(ValidationCheck.objects.filter(application=case).values_list("slug", "status"))
    assert set(statuses) == set(ticked)
    assert not {"fee", "cil", "eia", "ownership"} & set(statuses)
    case.refresh_from_db()
    assert (case.cil_liable, case.eia_required) == (None, None)


def test_an_officer_may_tick_an_unsupported_check_after_looking(southwark, officer, client_for):
    client = client_for(southwark, officer)
    case = by_hand(southwark, officer)
    answer = client.post(f"/applications/{case.reference}/validation/confirm", {"checks": ["cil", "eia"]})
    assert answer.status_code == 302
    case.refresh_from_db()
    assert (case.cil_liable, case.eia_required) == (False, False)


def test_no_documents_missing_is_not_offered_or_accepted_while_a_required_one_is_missing(
    southwark, officer, client_for
):
    ApplicationType.objects.filter(council=southwark, code="pp.full.householder").update(
        required_documents=[{"value": "Location plan", "description": "Location plan"}]
    )
    case = by_hand(southwark, officer)
    assert "check-documents" not in confirmation(client_for(southwark, officer), case)
    with pytest.raises(DomainError, match="Location plan is required and is not here"):
        services.validation_checks_confirm(
            council=southwark, application_id=case.pk, user=officer, slugs=["check-documents", "description"]
        )
    assert not ValidationCheck.objects.filter(application=case, status=TaskStatus.COMPLETED).exists()
