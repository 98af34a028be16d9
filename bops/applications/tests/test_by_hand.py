"""Officers add paper and emailed applications by hand."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bops.accounts.models import Role
from bops.applications.models import PlanningApplication, Status
from bops.applications.tests.builders import square
from bops.notifications.models import OutboxMessage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FORM = {
    "application_type": "pp.full.householder",
    "received_on": "",
    "address_line_1": "12 Bellenden Road",
    "town": "London",
    "postcode": "se15 4rf",
    "uprn": "200003456789",
    "description": "Single storey rear extension",
    "boundary": json.dumps(square()),
    "applicant_name": "Jo Bloggs",
    "applicant_email": "jo@applicant.example",
}


@pytest.mark.django_db
def test_an_officer_adds_an_application_with_documents(
    southwark, swk_users, client_for, django_capture_on_commit_callbacks
):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    assert client.get("/applications/new").status_code == 200
    files = [SimpleUploadedFile("Site plan.pdf", PDF, content_type="application/pdf")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/applications/new", {**FORM, "documents": files})
    assert response.status_code == 302
    application = PlanningApplication.objects.get()
    assert response["Location"] == f"/applications/{application.reference}"
    assert application.status == Status.NOT_STARTED
    assert application.postcode == "SE15 4RF"
    assert application.boundary_area_m2 > 0
    assert [d.name for d in application.documents.all()] == ["Site plan.pdf"]
    assert OutboxMessage.objects.get(to="jo@applicant.example").subject.startswith("Application received")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "files", "message"),
    [
        ({"application_type": ""}, [], "Choose the application type"),
        ({"application_type": "pp.full.major"}, [], "Select a valid choice"),
        ({"postcode": "NOT A CODE"}, [], "Enter a real postcode"),
        ({"applicant_email": ""}, [], "Enter an email address for the applicant or the agent"),
        ({"boundary": "{nope"}, [], "could not be read as JSON"),
        ({"boundary": json.dumps({"type": "Point", "coordinates": [-0.07, 51.47]})}, [], "Polygon"),
        ({"received_on": "31/2/2024"}, [], "Enter the date received as a real date"),
        ({"received_on": "1/1/2099"}, [], "cannot be in the future"),
        ({}, [("plan.pdf", b"<!doctype html><html>login</html>", "application/pdf")], "HTML"),
        ({}, [("plan.pdf", b"", "application/pdf")], "empty"),
        ({}, [("tool.exe", b"MZ\x90\x00", "application/octet-stream")], "not accepted"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_made(southwark, swk_users, client_for, changes, files, message):
    uploads = [SimpleUploadedFile(name, content, content_type=kind) for name, content, kind in files]
    response = client_for(southwark, swk_users[Role.ASSESSOR]).post(
        "/applications/new", {**FORM, **changes, "documents": uploads}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not PlanningApplication.objects.exists()
    southwark.refresh_from_db()
    assert southwark.last_application_number == 99


@pytest.mark.django_db
def test_a_paper_application_keeps_the_date_it_was_received(southwark, swk_users, client_for):
    client_for(southwark, swk_users[Role.ASSESSOR]).post("/applications/new", {**FORM, "received_on": "4/3/2024"})
    application = PlanningApplication.objects.get()
    assert application.received_at.date().isoformat() == "2024-03-04"
    assert application.statutory_date.isoformat() == "2024-04-29"


@pytest.mark.django_db
def test_administrators_cannot_add_applications(southwark, swk_users, client_for):
    response = client_for(southwark, swk_users[Role.ADMINISTRATOR]).post("/applications/new", FORM)
    assert response.status_code == 403
    assert not PlanningApplication.objects.exists()
