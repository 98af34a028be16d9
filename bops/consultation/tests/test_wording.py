"""The council's wording of letters and emails: the administrators' pages, the checks, the preview, the audit,
and that what is saved is what a neighbour letter says."""

import pytest
from django.core.exceptions import PermissionDenied

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.consultation import neighbours, templates, wording
from bops.consultation.models import MessageTemplate
from bops.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LETTER = "/admin/wording/neighbour_letter"
MINE = {
    "subject": "Have your say on {reference}",
    "body": "Hello neighbour.\r\n\r\n{applicant} wants to build at {address}.",
}


@pytest.fixture
def admin(southwark, swk_users, client_for):
    return client_for(southwark, swk_users[Role.ADMINISTRATOR])


def test_the_list_shows_both_kinds_and_which_wording_is_in_use(southwark, swk_users, lambeth, lbh_users, admin):
    wording.message_template_save(council=lambeth, user=lbh_users[Role.ADMINISTRATOR], kind="neighbour_letter", **MINE)
    page = admin.get("/admin/wording").content.decode()
    assert "Neighbour letter" in page and "Consultee email" in page
    assert page.count("The default") == 3  # Lambeth's own wording is not Southwark's
    assert "Have your say" not in page


def test_an_administrator_saves_the_wording_and_it_is_audited(southwark, swk_users, admin):
    page = admin.get(LETTER).content.decode()
    assert "Dear occupier," in page  # the form starts from the default
    response = admin.post(LETTER, {**MINE, "action": "save"})
    assert response.status_code == 302 and response["Location"] == "/admin/wording"
    saved = MessageTemplate.objects.get(council=southwark, kind="neighbour_letter")
    assert saved.subject == MINE["subject"]
    assert saved.body == "Hello neighbour.\n\n{applicant} wants to build at {address}."
    entry = AuditEntry.objects.get(event="message_template_updated")
    assert entry.council == southwark and entry.actor == swk_users[Role.ADMINISTRATOR]
    assert entry.data["kind"] == "neighbour_letter"
    assert entry.data["before"] == {
        "subject": templates.DEFAULTS["neighbour_letter"][0],
        "body": templates.DEFAULTS["neighbour_letter"][1],
        "default": True,
    }
    assert entry.data["after"] == {"subject": saved.subject, "body": saved.body, "default": False}
    assert "Your council&#39;s own" in admin.get("/admin/wording").content.decode()


def test_an_assessor_is_refused(southwark, swk_users, client_for):
    assessor = client_for(southwark, swk_users[Role.ASSESSOR])
    assert assessor.get("/admin/wording").status_code == 403
    assert assessor.get(LETTER).status_code == 403
    assert assessor.post(LETTER, MINE).status_code == 403
    with pytest.raises(PermissionDenied):
        wording.message_template_save(council=southwark, user=swk_users[Role.ASSESSOR], kind="neighbour_letter", **MINE)
    assert not MessageTemplate.objects.exists()
    assert not AuditEntry.objects.filter(event="message_template_updated").exists()


def test_an_unknown_placeholder_is_refused_by_name_and_nothing_is_saved(southwark, admin):
    response = admin.post(LETTER, {"subject": "About {reference}", "body": "Dear {nonsense}, see {link}"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "<title>Error: " in page
    assert "Unknown placeholder {nonsense}" in page
    assert 'href="#id_body"' in page  # the summary links to the field with the fault
    assert not MessageTemplate.objects.exists()
    assert not AuditEntry.objects.filter(event="message_template_updated").exists()


def test_a_stray_brace_is_refused_and_nothing_is_saved(southwark, admin):
    response = admin.post(LETTER, {"subject": "About {reference}", "body": "Write to us by {closing_date or {"})
    assert response.status_code == 400
    assert "brace that is not part of a placeholder" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_an_unknown_kind_is_not_found(admin):
    assert admin.get("/admin/wording/press_notice").status_code == 404
    assert admin.post("/admin/wording/press_notice", MINE).status_code == 404


def test_the_preview_fills_the_placeholders_with_example_values(southwark, admin):
    page = admin.get("/admin/wording/consultee_email").content.decode()
    assert "Dear Harriet Hughes," in page
    assert "London Borough of Southwark would like your advice" in page
    assert "Site: 12 Example Road, London, SE1 1AA" in page
    # Previewing what is typed does not save it.
    response = admin.post(LETTER, {**MINE, "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Have your say on 25-00123-HAPP" in page
    assert "Jo Bloggs wants to build at 12 Example Road, London, SE1 1AA." in page
    assert not MessageTemplate.objects.exists()


def test_the_saved_wording_is_what_a_neighbour_letter_says(southwark, swk_users):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, officer=swk_users[Role.ASSESSOR])
    wording.message_template_save(
        council=southwark, user=swk_users[Role.ADMINISTRATOR], kind="neighbour_letter", **MINE
    )
    subject, body = neighbours.letter_wording(southwark)
    values = neighbours.letter_values(case, closing_date=case.received_at.date())
    assert templates.template_render(subject, values) == f"Have your say on {case.reference_in_full}"
    assert templates.template_render(body, values) == f"Hello neighbour.\n\nJo Bloggs wants to build at {case.address}."


def test_going_back_to_the_default_wording(southwark, swk_users, admin):
    wording.message_template_save(
        council=southwark, user=swk_users[Role.ADMINISTRATOR], kind="neighbour_letter", **MINE
    )
    assert "Go back to the default wording" in admin.get(LETTER).content.decode()
    response = admin.post(LETTER, {"action": "reset"})
    assert response.status_code == 302
    assert not MessageTemplate.objects.exists()
    assert neighbours.letter_wording(southwark) == templates.DEFAULTS["neighbour_letter"]
    entries = list(AuditEntry.objects.filter(event="message_template_updated").order_by("id"))
    assert len(entries) == 2 and entries[1].data["after"]["default"] is True
    assert entries[1].data["before"]["subject"] == MINE["subject"]
    # Already the default: nothing changes and nothing more is audited.
    assert admin.post(LETTER, {"action": "reset"}).status_code == 302
    assert AuditEntry.objects.filter(event="message_template_updated").count() == 2
    assert "Go back to the default wording" not in admin.get(LETTER).content.decode()


def test_the_decision_notice_wording_has_no_subject_and_is_saved(southwark, admin):
    page = admin.get("/admin/wording/decision_notice")
    assert page.status_code == 200 and 'name="subject"' not in page.content.decode()
    answer = admin.post(
        "/admin/wording/decision_notice", {"body": "Ask {council} about {reference}.", "action": "save"}
    )
    assert answer.status_code == 302
    refused = admin.post("/admin/wording/decision_notice", {"body": "Ask {nobody}.", "action": "save"})
    assert refused.status_code == 400 and "{nobody}" in refused.content.decode()
