"""The ODP PostSubmissionPublishedApplication objects: valid against the official schema in every state and for
every type, right about stage, status and decisions, and with nothing unpublished or personal in them.

The schema tests need the official schemas (`ODP_SCHEMA_DIR`, set by CI); the behaviour tests do not.
"""

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications import services as applications
from bops.applications.catalogue import CATALOGUE
from bops.applications.models import ApplicationType, PlanningApplication
from bops.consultation.models import CaseConsultee, ConsulteeResponse, PublicComment
from bops.documents.models import Document
from bops.register import odp
from bops.register.odp_comments import PROTOTYPE_FILE_TYPES, public_comments, specialist_comments
from bops.register.odp_submission import REDACTED_EMAIL
from bops.register.tests import states
from bops.submissions.schema import compile_validator, schema_for_type, to_pointer_errors

BASE_URL = "http://southwark.localhost:8000"
SCHEMA_FILE = "postSubmissionPublishedApplication.json"

pytestmark = pytest.mark.django_db


@cache
def _schema() -> dict[str, Any] | None:
    directory = os.environ.get("ODP_SCHEMA_DIR", "")
    if not directory:
        return None
    return json.loads((Path(directory) / SCHEMA_FILE).read_text())


@cache
def _validator(type_code: str) -> jsonschema_rs.Validator | None:
    """The validator of one type's branch, compiled once per module run."""
    schema = _schema()
    assert schema is not None
    branch = schema_for_type(schema, type_code)
    return None if branch is None else compile_validator(branch)


def _schema_known_types() -> frozenset[str]:
    schema = _schema()
    assert schema is not None
    definitions = schema["definitions"]
    return frozenset(
        definitions[branch["$ref"].split("/")[-1]]["properties"]["applicationType"]["const"]
        for branch in schema["anyOf"]
    )


needs_schema = pytest.mark.skipif(
    not os.environ.get("ODP_SCHEMA_DIR"),
    reason="ODP_SCHEMA_DIR is not set: the official ODP schemas are needed to validate against",
)


def assert_valid(item: dict[str, Any]) -> None:
    validator = _validator(item["applicationType"])
    assert validator is not None, f"the schema has no branch for {item['applicationType']}"
    if not validator.is_valid(item):
        errors = to_pointer_errors(validator.iter_errors(item))
        pytest.fail("\n".join(f"{e.pointer}: {e.message}" for e in errors))


def published(application: PlanningApplication) -> dict[str, Any]:
    return odp.published_application(application=application, today=timezone.localdate(), base_url=BASE_URL)


# --- Against the official schema -------------------------------------------------------------------------------


@needs_schema
@pytest.mark.parametrize("state", list(states.STATES))
def test_every_state_is_valid(state, southwark, swk_users):
    assert_valid(published(states.STATES[state](southwark, swk_users)))


@needs_schema
def test_every_catalogue_type_the_schema_knows_is_valid(southwark, swk_users):
    known = _schema_known_types()
    codes = [spec.code for spec in CATALOGUE if spec.code in known]
    assert len(codes) == len(known)
    officer = swk_users[Role.ASSESSOR]
    for code in codes:
        application_type = ApplicationType.objects.get(council=southwark, code=code)
        application_type.is_active = True
        application_type.save(update_fields=["is_active"])
        case = applications.planning_application_create_by_hand(
            council=southwark,
            user=officer,
            code=code,
            site=applications.Site(address_line_1="1 High Street", postcode="SE1 1AA"),
            description="A case typed in from paper",
            applicant=applications.Person(name="Cher", email="cher@example.com"),
            agent=None,
            boundary=None,
            received_on=None,
            uploads=[],
        )
        assert_valid(published(case))


@needs_schema
def test_the_file_type_list_is_the_schemas():
    schema = _schema()
    assert schema is not None
    codes = {branch["const"] for branch in schema["definitions"]["PrototypeFileType"]["anyOf"]}
    assert codes == PROTOTYPE_FILE_TYPES


# --- Stage, status and decisions -------------------------------------------------------------------------------

EXPECTED = {
    "not_started": ("submission", "undetermined"),
    "invalid": ("validation", "undetermined"),
    "returned": ("validation", "returned"),
    "in_consultation": ("consultation", "undetermined"),
    "in_assessment": ("assessment", "undetermined"),
    "awaiting_determination": ("assessment", "undetermined"),
    "in_committee": ("assessment", "undetermined"),
    "to_be_reviewed": ("assessment", "undetermined"),
    "granted": ("assessment", "determined"),
    "refused": ("assessment", "determined"),
    "committee_determined": ("assessment", "determined"),
    "prior_approval_not_required": ("assessment", "determined"),
    "prior_approval_approved": ("assessment", "determined"),
    "prior_approval_refused": ("assessment", "determined"),
    "appeal_lodged": ("appeal", "determined"),
    "appeal_validated": ("appeal", "determined"),
    "appeal_started": ("appeal", "determined"),
    "appeal_decided": ("appeal", "determined"),
    "withdrawn": ("assessment", "withdrawn"),
    "closed": ("assessment", "withdrawn"),
}


@pytest.mark.parametrize("state", list(states.STATES))
def test_stage_and_status(state, southwark, swk_users):
    data = published(states.STATES[state](southwark, swk_users))["data"]
    assert (data["application"]["stage"], data["application"]["status"]) == EXPECTED[state]
    assert data["caseOfficer"]["name"] == swk_users[Role.ASSESSOR].name
    assert data["localPlanningAuthority"] == {"publicCommentsAcceptedUntilDecision": True}


@pytest.mark.parametrize(
    ("state", "decision", "required"),
    [
        ("granted", "granted", None),
        ("refused", "refused", None),
        ("prior_approval_not_required", "granted", False),
        ("prior_approval_approved", "granted", True),
        ("prior_approval_refused", "refused", True),
    ],
)
def test_officer_decisions(state, decision, required, southwark, swk_users):
    case = states.STATES[state](southwark, swk_users)
    assessment = published(case)["data"]["assessment"]
    assert assessment["planningOfficerDecision"] == decision
    assert assessment["planningOfficerDecisionDate"] == timezone.localdate().isoformat()
    assert assessment.get("priorApprovalRequired") == required
    assert assessment["expiryDate"] == case.due_date.isoformat()
    notice = case.determination.notice
    assert assessment["decisionNotice"]["url"] == (
        f"{BASE_URL}/planning-applications/{case.reference}/documents/{notice.pk}"
    )


def test_committee_decision_on_the_officers_recommendation(southwark, swk_users):
    assessment = published(states.committee_determined(southwark, swk_users))["data"]["assessment"]
    assert "planningOfficerDecision" not in assessment
    assert assessment["planningOfficerRecommendation"] == "granted"
    assert assessment["committeeDecision"] == "refused"
    assert assessment["committeeSentDate"] == assessment["committeeDecisionDate"] == timezone.localdate().isoformat()


def test_in_committee_has_the_recommendation_only(southwark, swk_users):
    assessment = published(states.in_committee(southwark, swk_users))["data"]["assessment"]
    assert assessment["planningOfficerRecommendation"] == "granted"
    assert "committeeDecision" not in assessment and "decisionNotice" not in assessment


@pytest.mark.parametrize(
    ("step", "keys", "decision"),
    [
        ("lodged", {"reason", "lodgedDate"}, None),
        ("validated", {"reason", "lodgedDate", "validatedDate"}, None),
        ("started", {"reason", "lodgedDate", "validatedDate", "startedDate"}, None),
        ("decided", {"reason", "lodgedDate", "validatedDate", "startedDate", "decisionDate", "decision"}, "dismissed"),
    ],
)
def test_appeals(step, keys, decision, southwark, swk_users):
    appeal = published(states.appealed(southwark, swk_users, step=step))["data"]["appeal"]
    assert set(appeal) == keys
    assert appeal.get("decision") == decision


def test_split_appeal_decision_is_odps_word(southwark, swk_users):
    case = states.appealed(southwark, swk_users, step="decided")
    case.appeals.update(decision="split")
    assert published(case)["data"]["appeal"]["decision"] == "splitDecision"


def test_consultation_dates_and_site_notice(southwark, swk_users):
    case = states.in_consultation(southwark, swk_users, with_responses=False)
    consultation = published(case)["data"]["consultation"]
    assert consultation["startDate"] == timezone.localdate().isoformat()
    assert consultation["endDate"] == case.consultation.end_date.isoformat()
    assert consultation["siteNotice"] is True


def test_validation_and_withdrawal(southwark, swk_users):
    data = published(states.withdrawn(southwark, swk_users))["data"]
    assert data["validation"]["isValid"] is True and "validatedAt" in data["validation"]
    assert "withdrawnAt" in data["application"]
    assert data["application"]["withdrawnReason"] == "The application was withdrawn."
    invalid = published(states.invalid(southwark, swk_users))["data"]
    assert invalid["validation"]["isValid"] is False and "assessment" not in invalid


def test_an_unassigned_case_says_so(southwark, swk_users):
    case = states.new_case(southwark)
    assert published(case)["data"]["caseOfficer"] == {"name": odp.NO_OFFICER}


# --- Only what is published ------------------------------------------------------------------------------------


def test_only_published_documents_appear(southwark, swk_users):
    case = states.consulted(southwark, swk_users)
    item = published(case)
    names = [f["name"] for f in item["files"]]
    assert names == [states.PUBLISHED_DOCUMENT]
    assert item["files"][0]["type"] == ["sitePlan.proposed"]
    assert states.UNPUBLISHED_DOCUMENT not in json.dumps(item)
    document = Document.objects.get(application=case, name=states.PUBLISHED_DOCUMENT)
    document.archived_at = timezone.now()
    document.save(update_fields=["archived_at"])
    assert published(case)["files"] == []


def test_only_redacted_comments_appear_in_their_redacted_form(southwark, swk_users):
    item = published(states.consulted(southwark, swk_users))
    public, specialist = item["comments"]["public"], item["comments"]["specialist"]
    assert public["summary"] == {"totalComments": 1, "sentiment": {"supportive": 0, "neutral": 0, "objection": 1}}
    assert [c["commentRedacted"] for c in public["comments"]] == [states.REDACTED_COMMENT]
    assert public["comments"][0]["author"] == {"name": {"singleLine": "Member of the public"}}
    assert specialist["summary"] == {
        "totalConsulted": 1,
        "totalComments": 1,
        "sentiment": {"approved": 1, "amendmentsNeeded": 0, "objected": 0},
    }
    (consultee,) = specialist["comments"]
    assert consultee["name"] == {"singleLine": "Highways team"}
    assert consultee["jobTitle"] == "Highways engineer"
    assert [c["commentRedacted"] for c in consultee["comments"]] == [states.REDACTED_RESPONSE]
    text = json.dumps(item)
    assert states.UNREDACTED_COMMENT not in text and states.UNREDACTED_RESPONSE not in text


def test_a_name_kept_by_the_redaction_is_published(southwark, swk_users):
    case = states.consulted(southwark, swk_users)
    PublicComment.objects.filter(application=case, redacted_at__isnull=False).update(
        redacted_text="Pat Neighbour: the wall is too high."
    )
    (comment,) = published(case)["comments"]["public"]["comments"]
    assert comment["author"]["name"]["singleLine"] == "Pat Neighbour"


def test_endpoint_shapes_summarise_everything_but_list_the_page(southwark, swk_users):
    case = states.consulted(southwark, swk_users)
    public = public_comments(application=case, comments=[])
    assert public == {
        "summary": {"totalComments": 1, "sentiment": {"supportive": 0, "neutral": 0, "objection": 1}},
        "comments": [],
    }
    everything = public_comments(application=case, comments=PublicComment.objects.filter(application=case))
    assert [c["commentRedacted"] for c in everything["comments"]] == [states.REDACTED_COMMENT]
    specialists = specialist_comments(
        application=case,
        case_consultees=CaseConsultee.objects.filter(consultation__application=case).select_related("consultee"),
        responses=ConsulteeResponse.objects.filter(case_consultee__consultation__application=case),
    )
    assert specialists["summary"]["totalComments"] == 1
    assert [c["commentRedacted"] for c in specialists["comments"][0]["comments"]] == [states.REDACTED_RESPONSE]


@pytest.mark.parametrize("state", ["in_consultation", "withdrawn", "returned", "closed", "granted"])
def test_nothing_personal_appears_anywhere(state, southwark, swk_users):
    text = json.dumps(published(states.STATES[state](southwark, swk_users)))
    for personal in states.PERSONAL:
        assert personal not in text, personal
    for user in swk_users.values():
        assert user.email not in text
    submission = json.loads(text)["submission"]["data"]["applicant"]
    assert submission["email"] == submission["agent"]["email"] == REDACTED_EMAIL
    assert submission["address"]["sameAsSiteAddress"] is False
    assert submission["name"] == {"first": "Jo", "last": "Bloggs"}
    assert json.loads(text)["submission"]["responses"] == []


def test_the_applicants_address_is_only_said_to_be_the_site(southwark, swk_users):
    case = states.not_started(southwark, swk_users)
    case.applicant_address = "12 Bellenden Road, London, SE15 4RF"
    case.save(update_fields=["applicant_address"])
    applicant = published(case)["submission"]["data"]["applicant"]
    assert applicant["address"] == {"sameAsSiteAddress": True}


# --- Cost ------------------------------------------------------------------------------------------------------


def _queries_for(council, cases) -> int:
    """The builder's queries for cases loaded as the register's search loads them (with their type and officer)."""
    loaded = PlanningApplication.objects.select_related("application_type", "assigned_officer").in_bulk(
        [case.pk for case in cases]
    )
    cases = [loaded[case.pk] for case in cases]
    with CaptureQueriesContext(connection) as queries:
        odp.published_applications(
            council=council, applications=cases, today=timezone.localdate(), base_url=BASE_URL, with_comments=True
        )
    return len(queries)


def test_the_query_count_does_not_grow_with_the_page(southwark, swk_users):
    cases = [states.in_consultation(southwark, swk_users) for _ in range(2)]
    cases += [states.determined(southwark, swk_users)]
    cases += [states.new_case(southwark, officer=swk_users[Role.ASSESSOR]) for _ in range(7)]
    assert _queries_for(southwark, cases[:1]) == _queries_for(southwark, cases)


def test_the_order_given_is_kept_and_other_councils_cases_are_left_out(southwark, lambeth, swk_users, lbh_users):
    ours = [states.new_case(southwark) for _ in range(3)]
    theirs = states.new_case(lambeth)
    items = odp.published_applications(
        council=southwark,
        applications=[ours[2], theirs, ours[0], ours[1]],
        today=timezone.localdate(),
        base_url=BASE_URL,
    )
    assert [i["data"]["application"]["reference"] for i in items] == [
        ours[2].reference_in_full,
        ours[0].reference_in_full,
        ours[1].reference_in_full,
    ]
    assert all("comments" not in i for i in items)


@needs_schema
def test_the_validator_reports_a_broken_object(southwark, swk_users):
    item = published(states.not_started(southwark, swk_users))
    del item["data"]["caseOfficer"]
    item["submission"]["data"]["applicant"]["email"] = "not an email"
    validator = _validator(item["applicationType"])
    assert validator is not None and not validator.is_valid(item)
    pointers = {e.pointer for e in to_pointer_errors(validator.iter_errors(item))}
    assert "/data/caseOfficer" in pointers


@pytest.mark.django_db(transaction=True)
def test_a_case_submitted_through_intake_keeps_its_details_but_nothing_personal(southwark, swk_users):
    from bops.councils.api_keys import api_key_create
    from bops.documents.tests.fake_file_server import FakeFileServer
    from bops.submissions.tests.payloads import householder_payload

    _, key = api_key_create(council=southwark, user=None, name="PlanX", scopes=["planning_application:write"])
    with FakeFileServer() as server:
        payload = householder_payload()
        payload["files"] = [{"name": server.url("/ok/plan.pdf"), "type": [{"value": "sitePlan.proposed"}]}]
        response = Client(HTTP_HOST="southwark.localhost").post(
            "/api/v2/planning_applications",
            data=json.dumps(payload),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )
    assert response.status_code == 200, response.content
    case = PlanningApplication.objects.get(council=southwark, reference=response.json()["id"])
    item = published(case)
    if _schema() is not None:
        assert_valid(item)
    text = json.dumps(item)
    for personal in ("amara.okafor@example.com", "07700 900123", "Tunde Okafor", "4 Grove Lane", "priya@shah"):
        assert personal not in text, personal
    assert "020 7946 0321" not in text and "Unit 3, Bellenden Works" not in text
    assert item["submission"]["data"]["applicant"]["name"] == {"first": "Amara", "last": "Okafor"}
    assert item["submission"]["responses"] == []
    assert item["submission"]["data"]["property"]["planning"]["designations"]
    assert item["submission"]["data"]["application"]["fee"]["payable"] > 0
