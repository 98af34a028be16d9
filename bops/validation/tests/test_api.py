"""Validation requests over the API: what another applicant front end reads, and what its answers change."""

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.councils.api_keys import api_key_create, api_key_revoke
from bops.documents.models import Document
from bops.documents.services import document_add
from bops.validation.models import RequestKind, RequestState
from bops.validation.services import (
    NewRequest,
    application_invalidate,
    validation_request_cancel,
    validation_request_create,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
ORIGINAL = "Erection of a single storey rear extension"


def _key(council, *scopes):
    return api_key_create(council=council, user=None, name="Applicant portal", scopes=list(scopes))[1]


@pytest.fixture
def key(southwark):
    return _key(southwark, "validation_request:read", "validation_request:write")


def _client(council, key):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return Client(HTTP_HOST=f"{council.subdomain}.localhost", **headers)


def get(council, key, path):
    return _client(council, key).get(path)


def answer(council, key, path, body, *, content_type="application/json"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return _client(council, key).post(path, data=data, content_type=content_type)


def answer_form(council, key, path, fields):
    return _client(council, key).post(path, data=fields)


def b64(content):
    return base64.b64encode(content).decode()


def requests_path(application):
    return f"/api/v2/planning_applications/{application.reference}/validation_requests"


def request_path(request, suffix=""):
    return f"{requests_path(request.application)}/{request.pk}{suffix}"


def sent(council, users, *news, **case):
    """A case not started, with these requests made by the officer and sent by invalidating it."""
    application = make_application_in(council, Status.NOT_STARTED, users, **case)
    officer = users["assessor"]
    made = [
        validation_request_create(council=council, application_id=application.pk, user=officer, new=new) for new in news
    ]
    application_invalidate(council=council, application_id=application.pk, user=officer)
    for request in made:
        request.refresh_from_db()
    return made


def description_change():
    return NewRequest(
        kind=RequestKind.DESCRIPTION_CHANGE, reason="It does not mention the terrace.", proposed="New words"
    )


def other_change():
    return NewRequest(kind=RequestKind.OTHER_CHANGE, reason="The form is not signed.", suggestion="Sign it.")


def additional_document():
    return NewRequest(kind=RequestKind.ADDITIONAL_DOCUMENT, reason="We need a site plan.", document_type="Site plan")


@pytest.fixture
def description(southwark, swk_users):
    return sent(southwark, swk_users, description_change())[0]


# --- Reading --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_sent_requests_in_order_and_never_pending_ones(southwark, swk_users, key):
    first, second, _ = sent(southwark, swk_users, description_change(), other_change(), additional_document())
    assert answer(southwark, key, request_path(first, "/response"), {"agree": True}).status_code == 200
    validation_request_cancel(
        council=southwark,
        application_id=first.application_id,
        request_id=second.pk,
        user=swk_users["assessor"],
        reason="Asked by mistake.",
    )
    response = get(southwark, key, requests_path(first.application))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reference"] == first.application.reference
    rows = body["validation_requests"]
    assert [(r["sequence"], r["type"], r["state"]) for r in rows] == [
        (1, "description_change", "closed"),
        (2, "other_change", "cancelled"),
        (3, "additional_document", "open"),
    ]
    assert rows[1]["cancel_reason"] == "Asked by mistake."
    assert rows[1]["cancelled_at"]

    waiting = make_application_in(southwark, Status.NOT_STARTED, swk_users, address="3 Choumert Grove")
    pending = validation_request_create(
        council=southwark, application_id=waiting.pk, user=swk_users["assessor"], new=other_change()
    )
    assert pending.state == RequestState.PENDING
    assert get(southwark, key, requests_path(waiting)).json()["validation_requests"] == []
    assert get(southwark, key, request_path(pending)).status_code == 404
    refused = answer(southwark, key, request_path(pending, "/response"), {"text": "Signed"})
    assert refused.status_code == 404
    pending.refresh_from_db()
    assert pending.state == RequestState.PENDING


@pytest.mark.django_db
def test_a_request_shows_what_is_proposed_and_when_it_is_due(southwark, key, description):
    response = get(southwark, key, request_path(description))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == description.pk
    assert body["type"] == "description_change"
    assert body["state"] == "open"
    assert body["answer_with"] == "agree"
    assert body["reason"] == "It does not mention the terrace."
    assert body["proposed"] == "New words"
    assert body["original"] == ORIGINAL
    assert body["response_due"] == description.response_due.isoformat()
    assert body["sent_at"] is not None
    assert body["closed_at"] is None
    assert body["post_validation"] is False
    assert body["document"] is None
    assert body["answer"] is None


@pytest.mark.django_db
def test_a_replacement_request_names_the_document_to_replace(southwark, swk_users, key):
    application = make_application_in(southwark, Status.NOT_STARTED, swk_users)
    plan = document_add(
        application=application,
        user=None,
        name="floor-plan.pdf",
        content=PDF,
        content_type="application/pdf",
        tags=["floorPlan.proposed"],
    )
    officer = swk_users["assessor"]
    request = validation_request_create(
        council=southwark,
        application_id=application.pk,
        user=officer,
        new=NewRequest(kind=RequestKind.REPLACEMENT_DOCUMENT, reason="It has no scale.", document_id=plan.pk),
    )
    application_invalidate(council=southwark, application_id=application.pk, user=officer)
    body = get(southwark, key, request_path(request)).json()
    assert body["document"] == {"id": plan.pk, "name": "floor-plan.pdf"}
    assert body["takes_files"] is True

    response = answer(
        southwark, key, request_path(request, "/response"), {"files": [{"name": "plan-v2.pdf", "content": b64(PDF)}]}
    )
    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert plan.archived_at is not None
    new = Document.objects.get(application=application, archived_at__isnull=True)
    assert (new.name, new.replaces_id, new.tags) == ("plan-v2.pdf", plan.pk, ["floorPlan.proposed"])


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["{reference}", "SWK-{reference}", "swk-{reference}"])
def test_the_reference_may_carry_the_council_code(southwark, key, description, written):
    reference = written.format(reference=description.application.reference)
    response = get(southwark, key, f"/api/v2/planning_applications/{reference}/validation_requests")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["validation_requests"]] == [description.pk]


@pytest.mark.django_db
def test_another_councils_case_and_requests_are_not_found(southwark, lambeth, swk_users, lbh_users, key):
    theirs = sent(lambeth, lbh_users, other_change())[0]
    lambeth_reference = theirs.application.reference
    response = get(southwark, key, requests_path(theirs.application))
    assert response.status_code == 404
    assert response.json()["error"] == {"code": 404, "message": "There is no case with this reference in this council."}
    assert (
        get(southwark, key, f"/api/v2/planning_applications/LBH-{lambeth_reference}/validation_requests").status_code
        == 404
    )

    # Southwark's own case with the same reference: Lambeth's request id is still not one of its requests.
    ours = sent(southwark, swk_users, description_change())[0]
    assert ours.application.reference == lambeth_reference
    path = f"{requests_path(ours.application)}/{theirs.pk}"
    assert get(southwark, key, path).status_code == 404
    assert answer(southwark, key, f"{path}/response", {"text": "Signed"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == RequestState.OPEN


@pytest.mark.django_db
def test_a_request_of_another_case_in_the_council_is_not_found(southwark, swk_users, key, description):
    other = make_application_in(southwark, Status.NOT_STARTED, swk_users, address="3 Choumert Grove")
    assert get(southwark, key, f"{requests_path(other)}/{description.pk}").status_code == 404
    assert get(southwark, key, f"{requests_path(description.application)}/999999").status_code == 404
    assert get(southwark, key, "/api/v2/planning_applications/24-99999-HAPP/validation_requests").status_code == 404


@pytest.mark.django_db
def test_keys_are_checked(southwark, lambeth, swk_users, description):
    path = requests_path(description.application)
    no_key = get(southwark, None, path)
    assert no_key.status_code == 401
    assert no_key.json()["error"]["code"] == 401
    assert get(southwark, "bops_nonsense", path).status_code == 401
    assert get(southwark, _key(lambeth, "validation_request:read"), path).status_code == 401

    wrong_scope = get(southwark, _key(southwark, "planning_application:read", "comment:read"), path)
    assert wrong_scope.status_code == 403
    assert "validation_request:read" in wrong_scope.json()["error"]["message"]

    key, revoked = api_key_create(council=southwark, user=None, name="Old", scopes=["validation_request:read"])
    assert get(southwark, revoked, path).status_code == 200
    api_key_revoke(council=southwark, user=swk_users["administrator"], key_id=key.pk)
    assert get(southwark, revoked, path).status_code == 401


@pytest.mark.django_db
def test_a_read_only_key_cannot_answer(southwark, description):
    read_only = _key(southwark, "validation_request:read")
    assert get(southwark, read_only, request_path(description)).status_code == 200
    response = answer(southwark, read_only, request_path(description, "/response"), {"agree": True})
    assert response.status_code == 403
    assert "validation_request:write" in response.json()["error"]["message"]
    description.refresh_from_db()
    assert description.state == RequestState.OPEN
    assert description.application.description == ORIGINAL


@pytest.mark.django_db
def test_a_write_only_key_cannot_read(southwark, description):
    write_only = _key(southwark, "validation_request:write")
    assert get(southwark, write_only, request_path(description)).status_code == 403


@pytest.mark.django_db
def test_the_list_costs_the_same_however_many_requests_there_are(southwark, swk_users, key):
    one = sent(southwark, swk_users, other_change())[0]
    many = sent(
        southwark,
        swk_users,
        description_change(),
        other_change(),
        additional_document(),
        address="3 Choumert Grove",
    )
    answer(southwark, key, request_path(many[2], "/response"), {"files": [{"name": "plan.pdf", "content": b64(PDF)}]})
    counts = []
    for request in (one, many[0]):
        get(southwark, key, requests_path(request.application))  # the key's last use is written once a minute
        with CaptureQueriesContext(connection) as queries:
            assert get(southwark, key, requests_path(request.application)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Answering ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_agreeing_to_a_description_change_changes_the_description(southwark, key, description):
    response = answer(southwark, key, request_path(description, "/response"), {"agree": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "closed"
    assert body["closed_at"] is not None
    assert body["answer"] == {
        "approved": True,
        "response": "",
        "rejection_reason": "",
        "auto_closed": False,
        "documents": [],
    }
    description.application.refresh_from_db()
    assert description.application.description == "New words"
    description.refresh_from_db()
    assert description.answered_through == "api"
    assert get(southwark, key, request_path(description)).json()["answer"]["approved"] is True


@pytest.mark.django_db
def test_disagreeing_keeps_the_description_and_records_why(southwark, key, description):
    response = answer(
        southwark, key, request_path(description, "/response"), {"agree": False, "reason": "There is no terrace."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["answer"]["approved"] is False
    assert response.json()["answer"]["rejection_reason"] == "There is no terrace."
    description.application.refresh_from_db()
    assert description.application.description == ORIGINAL


@pytest.mark.django_db
def test_disagreeing_as_a_form(southwark, key, description):
    response = answer_form(
        southwark, key, request_path(description, "/response"), {"agree": "false", "reason": "There is no terrace."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["answer"]["rejection_reason"] == "There is no terrace."
    description.application.refresh_from_db()
    assert description.application.description == ORIGINAL


@pytest.mark.django_db
def test_disagreeing_without_a_reason_is_refused(southwark, key, description):
    response = answer(southwark, key, request_path(description, "/response"), {"agree": False, "reason": "  "})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"] == "Say why you disagree."
    assert error["detail"] == [{"pointer": "/reason", "message": "Say why you disagree."}]
    description.refresh_from_db()
    assert description.state == RequestState.OPEN


@pytest.mark.django_db
def test_an_other_change_takes_a_written_answer(southwark, swk_users, key):
    request = sent(southwark, swk_users, other_change())[0]
    path = request_path(request, "/response")
    missing = answer(southwark, key, path, {"agree": True})
    assert missing.status_code == 422
    assert missing.json()["error"]["detail"][0]["pointer"] == "/text"
    response = answer(southwark, key, path, {"text": "  I have signed it: see the new form.  "})
    assert response.status_code == 200, response.content
    assert response.json()["answer"]["response"] == "I have signed it: see the new form."
    assert response.json()["answer"]["approved"] is None


@pytest.mark.django_db
def test_an_additional_document_is_stored_on_the_case(southwark, swk_users, key):
    request = sent(southwark, swk_users, additional_document())[0]
    response = answer(
        southwark,
        key,
        request_path(request, "/response"),
        {"files": [{"name": "site-plan.pdf", "content": b64(PDF), "content_type": "application/pdf"}]},
    )
    assert response.status_code == 200, response.content
    document = Document.objects.get(application=request.application)
    assert (document.name, document.content_type, document.tags) == ("site-plan.pdf", "application/pdf", ["Site plan"])
    with document.file.open("rb") as stored:
        assert stored.read() == PDF
    assert response.json()["answer"]["documents"] == [{"id": document.pk, "name": "site-plan.pdf"}]


@pytest.mark.django_db
def test_files_may_be_uploaded_as_a_form(southwark, swk_users, key):
    request = sent(southwark, swk_users, additional_document())[0]
    response = answer_form(
        southwark,
        key,
        request_path(request, "/response"),
        {
            "text": "Both plans",
            "files": [
                SimpleUploadedFile("site-plan.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
            ],
        },
    )
    assert response.status_code == 200, response.content
    names = sorted(Document.objects.filter(application=request.application).values_list("name", flat=True))
    assert names == ["photo.png", "site-plan.pdf"]
    assert response.json()["answer"]["response"] == "Both plans"


@pytest.mark.django_db
def test_a_file_name_with_folders_keeps_only_its_name(southwark, swk_users, key):
    request = sent(southwark, swk_users, additional_document())[0]
    files = [{"name": "../../etc/site-plan.pdf", "content": b64(PDF)}]
    response = answer(southwark, key, request_path(request, "/response"), {"files": files})
    assert response.status_code == 200, response.content
    document = Document.objects.get(application=request.application)
    assert document.name == "site-plan.pdf"
    assert ".." not in document.file.name


@pytest.mark.django_db
def test_a_file_larger_than_a_json_body_may_be_sent_as_a_form(southwark, swk_users, key, settings):
    request = sent(southwark, swk_users, additional_document())[0]
    big = PDF + b"0" * (settings.API_MAX_BODY_BYTES + 1024)
    path = request_path(request, "/response")
    refused = answer(southwark, key, path, {"files": [{"name": "plan.pdf", "content": b64(big)}]})
    assert refused.status_code == 413
    assert "multipart/form-data" in refused.json()["error"]["message"]
    assert not Document.objects.exists()
    response = answer_form(southwark, key, path, {"files": SimpleUploadedFile("plan.pdf", big, "application/pdf")})
    assert response.status_code == 200, response.content
    assert Document.objects.get(application=request.application).size == len(big)


# --- Bad answers ----------------------------------------------------------------------------------------------


def _assert_untouched(request):
    request.refresh_from_db()
    assert request.state == RequestState.OPEN
    assert request.application.description == ORIGINAL
    assert not Document.objects.filter(application=request.application).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "pointer", "message"),
    [
        ({"agree": "true"}, "/agree", "agree must be true or false."),
        ({"agree": 1}, "/agree", "agree must be true or false."),
        ({"agree": False, "reason": 42}, "/reason", "reason must be a string."),
        ({"agree": True, "text": ["a"]}, "/text", "text must be a string."),
        ({"agree": True, "text": "a\x00b"}, "/text", "text contains a null character."),
        ([{"agree": True}], "", "Send a JSON object with agree, reason, text and files."),
        ({"files": "plan.pdf"}, "/files", "files must be a list of {name, content, content_type}."),
        ({"files": ["plan.pdf"]}, "/files/0", "Each file is an object with a name and base64 content."),
        ({"files": [{"name": "plan.pdf", "content": "not base64!"}]}, "/files/0/content", "base64"),
        ({"files": [{"name": "plan.pdf", "content": 12}]}, "/files/0/content", "base64"),
        ({"files": [{"content": "JVBERi0="}]}, "/files/0/name", "Give the file's name"),
        ({"files": [{"name": "../", "content": "JVBERi0="}]}, "/files/0/name", "Give the file's name"),
        ({"files": [{"name": "x" * 252 + ".pdf", "content": "JVBERi0="}]}, "/files/0/name", "longer than 255"),
        ({"files": [{"name": "a.pdf", "content": "JVBERi0=", "content_type": 5}]}, "/files/0/content_type", "string"),
    ],
    ids=[
        "agree-as-string",
        "agree-as-number",
        "reason-not-string",
        "text-not-string",
        "null-character",
        "not-an-object",
        "files-not-a-list",
        "file-not-an-object",
        "bad-base64",
        "content-not-string",
        "no-name",
        "name-only-folders",
        "name-too-long",
        "content-type-not-string",
    ],
)
def test_a_field_of_the_wrong_kind_is_pointed_at(southwark, key, description, body, pointer, message):
    response = answer(southwark, key, request_path(description, "/response"), body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == 400
    assert [d["pointer"] for d in error["detail"]] == [pointer]
    assert message in error["detail"][0]["message"]
    _assert_untouched(description)


@pytest.mark.django_db
def test_every_problem_is_listed_at_once(southwark, key, description):
    body = {"agree": "yes", "reason": 3, "files": [{"name": "a.pdf", "content": "%%%"}]}
    response = answer(southwark, key, request_path(description, "/response"), body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == "The answer could not be read."
    assert [d["pointer"] for d in error["detail"]] == ["/agree", "/reason", "/files/0/content"]


@pytest.mark.django_db
def test_malformed_json_is_a_400(southwark, key, description):
    response = answer(southwark, key, request_path(description, "/response"), b'{"agree": tru')
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["error"]["message"]
    _assert_untouched(description)


@pytest.mark.django_db
def test_a_body_of_another_type_is_a_415(southwark, key, description):
    response = answer(southwark, key, request_path(description, "/response"), b"agree=true", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == 415
    _assert_untouched(description)


@pytest.mark.django_db
def test_a_form_with_agree_that_is_not_true_or_false_is_a_400(southwark, key, description):
    response = answer_form(southwark, key, request_path(description, "/response"), {"agree": "maybe"})
    assert response.status_code == 400
    assert response.json()["error"]["detail"] == [{"pointer": "/agree", "message": "agree must be true or false."}]
    _assert_untouched(description)


@pytest.mark.django_db
def test_a_form_with_files_under_another_name_is_a_400(southwark, swk_users, key):
    request = sent(southwark, swk_users, additional_document())[0]
    upload = SimpleUploadedFile("site-plan.pdf", PDF, content_type="application/pdf")
    response = answer_form(southwark, key, request_path(request, "/response"), {"file": upload})
    assert response.status_code == 400
    assert response.json()["error"]["detail"][0]["pointer"] == "/file"
    _assert_untouched(request)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("site-plan.pdf", b"", "site-plan.pdf is empty."),
        ("site-plan.pdf", b"<html><body>Sign in</body></html>", "site-plan.pdf"),
        ("site-plan.pdf", PNG, "site-plan.pdf is a PNG image, not a PDF"),
        ("site-plan.exe", PDF, "not accepted"),
    ],
    ids=["empty", "html-named-pdf", "png-named-pdf", "exe"],
)
def test_a_file_that_is_not_what_it_says_is_refused(southwark, swk_users, key, name, content, message):
    request = sent(southwark, swk_users, additional_document())[0]
    files = [{"name": name, "content": b64(content)}]
    response = answer(southwark, key, request_path(request, "/response"), {"files": files})
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert message in error["message"]
    assert error["detail"][0]["pointer"] == "/files"
    _assert_untouched(request)


@pytest.mark.django_db
def test_a_file_request_answered_without_a_file_is_refused(southwark, swk_users, key):
    request = sent(southwark, swk_users, additional_document())[0]
    response = answer(southwark, key, request_path(request, "/response"), {"text": "Attached"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Choose a file to upload."
    _assert_untouched(request)


@pytest.mark.django_db
@override_settings(API_MAX_BODY_BYTES=1024, DOCUMENT_MAX_BYTES=4 * 1024)
def test_a_form_over_the_limit_is_refused_unread(southwark, swk_users, key):
    request = sent(southwark, swk_users, additional_document())[0]
    upload = SimpleUploadedFile("plan.pdf", PDF + b"0" * 8000, content_type="application/pdf")
    response = answer_form(southwark, key, request_path(request, "/response"), {"files": upload})
    assert response.status_code == 413
    assert response.json()["error"]["message"] == "The body is larger than 5 KB."
    _assert_untouched(request)


@pytest.mark.django_db
def test_a_request_is_answered_once(southwark, key, description):
    path = request_path(description, "/response")
    assert answer(southwark, key, path, {"agree": False, "reason": "There is no terrace."}).status_code == 200
    again = answer(southwark, key, path, {"agree": True})
    assert again.status_code == 422
    assert again.json()["error"]["message"] == "This request has already been answered."
    description.refresh_from_db()
    assert (description.approved, description.rejection_reason) == (False, "There is no terrace.")
    description.application.refresh_from_db()
    assert description.application.description == ORIGINAL


@pytest.mark.django_db
def test_a_cancelled_request_takes_no_answer(southwark, swk_users, key, description):
    validation_request_cancel(
        council=southwark,
        application_id=description.application_id,
        request_id=description.pk,
        user=swk_users["assessor"],
        reason="Asked by mistake.",
    )
    response = answer(southwark, key, request_path(description, "/response"), {"agree": True})
    assert response.status_code == 422
    assert "cancelled" in response.json()["error"]["message"]
    description.refresh_from_db()
    assert description.state == RequestState.CANCELLED
    assert description.approved is None
    description.application.refresh_from_db()
    assert description.application.description == ORIGINAL


# --- The description ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/schema?format=json", HTTP_HOST="localhost").json()
    base = "/api/v2/planning_applications/{reference}/validation_requests"
    paths = schema["paths"]
    assert paths[base]["get"]["operationId"] == "listValidationRequests"
    assert paths[base + "/{request_id}"]["get"]["operationId"] == "getValidationRequest"
    post = paths[base + "/{request_id}/response"]["post"]
    assert post["operationId"] == "answerValidationRequest"
    assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {"200", "400", "401", "403", "404", "413", "415", "422"} <= set(post["responses"])
    assert "answer" in schema["components"]["schemas"]["ValidationRequest"]["properties"]
