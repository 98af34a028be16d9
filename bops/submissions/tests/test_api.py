"""Intake over the API: what a sender sees, and what ends up in the council's records."""

import json

import pytest
from django.test import Client

from bops.applications.models import PlanningApplication, Status
from bops.councils.api_keys import api_key_create, api_key_revoke
from bops.documents.tests.fake_file_server import FakeFileServer
from bops.notifications.models import OutboxMessage
from bops.submissions.models import Submission, SubmittedDetails
from bops.submissions.tests.payloads import householder_payload


@pytest.fixture
def files():
    with FakeFileServer() as server:
        yield server


@pytest.fixture
def planx_key(southwark):
    _, raw = api_key_create(
        council=southwark, user=None, name="PlanX", scopes=["planning_application:write", "planning_application:read"]
    )
    return raw


def _payload(files_server, *names):
    payload = householder_payload()
    payload["files"] = [
        {"name": files_server.url(path), "type": [{"value": tag, "description": tag}], "description": ""}
        for path, tag in (
            names or [("/ok/Site plan.pdf", "sitePlan.proposed"), ("/ok/elevations.png", "elevations.proposed")]
        )
    ]
    return payload


def post(council, key, path, body, *, content_type="application/json", **headers):
    client = Client(HTTP_HOST=f"{council.subdomain}.localhost")
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(path, data=data, content_type=content_type, **headers)


def get(council, key, path):
    return Client(HTTP_HOST=f"{council.subdomain}.localhost").get(path, HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.mark.django_db(transaction=True)
def test_planx_contract_answers_with_the_reference_and_files_follow(southwark, planx_key, files):
    payload = _payload(files)
    response = post(southwark, planx_key, "/api/v2/planning_applications", payload)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["message"] == "Application successfully created"
    application = PlanningApplication.objects.get(reference=body["id"])
    assert application.status == Status.NOT_STARTED  # the worker (immediate in tests) fetched the files
    assert sorted(d.name for d in application.documents.all()) == ["Site plan.pdf", "elevations.png"]
    assert [d.tags for d in application.documents.order_by("name")] == [["sitePlan.proposed"], ["elevations.proposed"]]
    submission = Submission.objects.get(pk=body["submission"])
    assert submission.state == Submission.State.COMPLETED
    assert json.loads(bytes(submission.body)) == payload
    assert OutboxMessage.objects.filter(application=application, subject__startswith="Application received").exists()


@pytest.mark.django_db(transaction=True)
def test_every_field_lands_where_it_should(southwark, planx_key, files):
    payload = _payload(files)
    body = post(southwark, planx_key, "/api/v2/planning_applications", payload).json()
    application = PlanningApplication.objects.get(reference=body["id"])
    data = payload["data"]
    assert application.application_type.code == data["application"]["type"]["value"]
    assert application.description == data["proposal"]["description"]
    assert application.uprn == data["property"]["address"]["uprn"]
    assert application.postcode == data["property"]["address"]["postcode"]
    assert application.latitude == pytest.approx(data["property"]["address"]["latitude"])
    assert application.boundary["geometry"] == data["proposal"]["boundary"]["site"]["geometry"]
    assert application.applicant_email == data["applicant"]["email"]
    details = SubmittedDetails.objects.get(application=application)
    assert [r["question"] for r in details.responses] == [r["question"] for r in payload["responses"]]
    assert {d["value"] for d in details.designations} == {
        d["value"] for d in data["property"]["planning"]["designations"]
    }
    assert details.fee["payable"] is not None
    assert details.declarations == data["application"]["declaration"]


@pytest.mark.django_db(transaction=True)
def test_submissions_answer_at_once_and_report_their_state(southwark, planx_key, files):
    response = post(southwark, planx_key, "/api/v2/submissions", _payload(files))
    assert response.status_code == 202
    state = get(southwark, planx_key, f"/api/v2/submissions/{response.json()['id']}").json()
    assert state["state"] == "completed"
    assert state["application"]["referenceInFull"].startswith("SWK-")
    assert state["errors"] == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("header", [{}, {"HTTP_IDEMPOTENCY_KEY": "abc-123"}])
def test_the_same_submission_never_makes_two_applications(southwark, planx_key, files, header):
    payload = _payload(files)
    first = post(southwark, planx_key, "/api/v2/planning_applications", payload, **header).json()
    again = post(southwark, planx_key, "/api/v2/planning_applications", payload, **header)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    async_again = post(southwark, planx_key, "/api/v2/submissions", payload, **header)
    assert async_again.json()["id"] == first["submission"]
    assert PlanningApplication.objects.count() == 1
    assert Submission.objects.filter(state=Submission.State.DUPLICATE).count() == 2  # kept, not processed


@pytest.mark.django_db(transaction=True)
def test_a_file_that_cannot_be_had_fails_the_submission_and_makes_nothing(southwark, planx_key, files):
    payload = _payload(files, ("/ok/Site plan.pdf", "sitePlan.proposed"), ("/html/plan.pdf", "floorPlan.proposed"))
    response = post(southwark, planx_key, "/api/v2/submissions", payload)
    state = get(southwark, planx_key, f"/api/v2/submissions/{response.json()['id']}").json()
    assert state["state"] == "failed"
    assert state["errors"][0]["pointer"] == "/files/1/name"
    assert "HTML" in state["errors"][0]["message"]
    assert not PlanningApplication.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_administrator_retries_a_failed_submission(southwark, swk_users, planx_key, files, client_for):
    payload = _payload(files, ("/flaky/plan.pdf?fail=9", "sitePlan.proposed"))
    submission_id = post(southwark, planx_key, "/api/v2/submissions", payload).json()["id"]
    assert Submission.objects.get(pk=submission_id).state == Submission.State.FAILED
    files.reset()
    payload_ok = Submission.objects.get(pk=submission_id)
    payload_ok.body = json.dumps(_payload(files)).encode()  # the file host is back (simulated by a good URL)
    payload_ok.save()
    admin = client_for(southwark, swk_users["administrator"])
    page = admin.get(f"/admin/submissions/{submission_id}").content.decode()
    assert "What went wrong" in page
    assert "Retry this submission" in page
    admin.post(f"/admin/submissions/{submission_id}/retry")
    assert Submission.objects.get(pk=submission_id).state == Submission.State.COMPLETED
    assert PlanningApplication.objects.get().status == Status.NOT_STARTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        (b"this is not json", "application/json", 400, "not valid JSON"),
        (b"", "application/json", 400, "empty"),
        (b"<xml/>", "application/xml", 415, "application/json"),
        (b"[]", "application/json", 400, ""),
    ],
)
def test_bad_bodies_get_a_clear_4xx_and_are_kept(southwark, planx_key, body, content_type, status, message):
    response = post(southwark, planx_key, "/api/v2/planning_applications", body, content_type=content_type)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == status
    assert message in error["message"]
    kept = Submission.objects.get()
    assert bytes(kept.body) == body
    assert kept.state == Submission.State.FAILED
    assert not PlanningApplication.objects.exists()


@pytest.mark.django_db
def test_a_20_mb_body_is_refused_without_reading_it(southwark, planx_key):
    response = post(southwark, planx_key, "/api/v2/planning_applications", b"x" * (20 * 1024 * 1024))
    assert response.status_code == 413
    assert "larger than" in response.json()["error"]["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "pointer", "status"),
    [
        (
            lambda p: p["metadata"].update(
                schema="https://theopensystemslab.github.io/digital-planning-data-schemas/v0.1.0/schema.json"
            ),
            "/metadata/schema",
            400,
        ),
        (
            lambda p: p["data"]["application"]["type"].update(value="pp.full.nonsense"),
            "/data/application/type/value",
            None,
        ),
        (lambda p: p["data"]["application"]["type"].update(value="pp.full.major"), "/data/application/type/value", 422),
        (lambda p: p["data"]["proposal"].pop("description"), "/data/proposal/description", 400),
        (
            lambda p: p["data"]["proposal"]["boundary"]["site"].update(
                geometry={"type": "Point", "coordinates": [-0.07, 51.47]}
            ),
            "/data/proposal/boundary/site",
            422,
        ),
        (
            lambda p: p["data"]["proposal"]["boundary"]["site"]["geometry"].update(
                coordinates=[[[0.07, -51.47], [0.08, -51.47], [0.08, -51.46], [0.07, -51.47]]]
            ),
            "/data/proposal/boundary/site",
            422,
        ),
    ],
    ids=[
        "unknown-schema-version",
        "unknown-type",
        "inactive-type",
        "missing-description",
        "point-boundary",
        "southern-hemisphere",
    ],
)
def test_invalid_payloads_point_at_the_problem(southwark, planx_key, change, pointer, status):
    payload = householder_payload()
    change(payload)
    response = post(southwark, planx_key, "/api/v2/planning_applications", payload)
    assert response.status_code in ({status} if status else {400, 422})
    pointers = [d["pointer"] for d in response.json()["error"]["detail"]]
    assert pointer in pointers
    assert not PlanningApplication.objects.exists()
    assert Submission.objects.get().state == Submission.State.FAILED


@pytest.mark.django_db
def test_keys_are_checked(southwark, lambeth, swk_users, planx_key):
    payload = householder_payload()
    assert post(southwark, None, "/api/v2/planning_applications", payload).status_code == 401
    assert post(southwark, "bops_nonsense", "/api/v2/planning_applications", payload).status_code == 401
    assert post(lambeth, planx_key, "/api/v2/planning_applications", payload).status_code == 401
    _, read_only = api_key_create(council=southwark, user=None, name="Register", scopes=["planning_application:read"])
    forbidden = post(southwark, read_only, "/api/v2/planning_applications", payload)
    assert forbidden.status_code == 403
    assert "planning_application:write" in forbidden.json()["error"]["message"]
    key, revoked = api_key_create(council=southwark, user=None, name="Old", scopes=["planning_application:write"])
    api_key_revoke(council=southwark, user=swk_users["administrator"], key_id=key.pk)
    assert post(southwark, revoked, "/api/v2/planning_applications", payload).status_code == 401
    assert not Submission.objects.exists()  # nothing is stored for a sender who is not let in


@pytest.mark.django_db
def test_a_submission_of_another_council_is_not_found(southwark, lambeth, planx_key):
    submission = Submission.objects.create(
        council=lambeth, route="submissions", body=b"{}", headers={}, received_at="2024-01-01T00:00:00Z"
    )
    assert get(southwark, planx_key, f"/api/v2/submissions/{submission.pk}").status_code == 404


@pytest.mark.django_db
def test_the_api_is_described_at_api_docs(client):
    schema = client.get("/api/schema", HTTP_HOST="localhost").content.decode()
    assert "/api/v2/planning_applications" in schema
    assert "/api/v2/submissions/{submission_id}" in schema
    docs = client.get("/api/docs", HTTP_HOST="localhost")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


@pytest.mark.django_db(transaction=True)
def test_officers_see_what_the_submission_said(southwark, swk_users, planx_key, files, client_for):
    payload = _payload(files)
    reference = post(southwark, planx_key, "/api/v2/planning_applications", payload).json()["id"]
    page = client_for(southwark, swk_users["assessor"]).get(f"/applications/{reference}").content.decode()
    assert "What the submission said" in page
    first = payload["responses"][0]
    assert first["question"].replace("'", "&#39;") in page
    designation = payload["data"]["property"]["planning"]["designations"][0]
    assert (designation.get("description") or designation["value"]) in page
    assert "PlanX" in page  # the source of the constraints: the key that sent them
