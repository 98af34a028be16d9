"""Consultees: the directory, a case's consultees, their emails, officer-recorded responses and reminders."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import ApplicationConstraint, Status
from bops.applications.tests.builders import make_application_in
from bops.consultation import consultees
from bops.consultation.models import CaseConsultee, Consultee, MessageTemplate, PublicityEvent
from bops.core import scheduler
from bops.core.dates import consultation_end_date
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def directory_add(council, admin, **overrides):
    details = {
        "name": "Hana Highways",
        "organisation": "Highways team",
        "email": "hana@highways.example",
        "role": "Engineer",
        "internal": True,
        "constraint_codes": ("road.classified",),
        **overrides,
    }
    return consultees.consultee_create(council=council, user=admin, details=consultees.ConsulteeDetails(**details))


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, officer=swk_users[Role.ASSESSOR])


@pytest.fixture
def heritage(southwark, swk_users):
    return directory_add(
        southwark,
        swk_users[Role.ADMINISTRATOR],
        name="Harriet Heritage",
        organisation="Historic England",
        email="harriet@historicengland.example",
        internal=False,
        constraint_codes=("listed.gradeTwo", "designated.conservationArea"),
    )


def add_to_case(case, consultee, officer):
    return consultees.case_consultee_add(
        council=case.council, application_id=case.pk, user=officer, consultee_id=consultee.pk
    )


# --- The directory ------------------------------------------------------------------------------------------


def test_an_administrator_adds_changes_and_deactivates_a_consultee(southwark, swk_users, client_for):
    admin = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    assert admin.get("/admin/consultees").status_code == 200
    response = admin.post(
        "/admin/consultees/new",
        {
            "name": "Tom Trees",
            "organisation": "Tree team",
            "email": "Tom@Trees.example",
            "internal": "internal",
            "constraint_codes": ["tpo"],
        },
    )
    assert response.status_code == 302
    consultee = Consultee.objects.get(council=southwark)
    assert (consultee.email, consultee.internal, consultee.constraint_codes) == ("tom@trees.example", True, ["tpo"])
    response = admin.post(
        f"/admin/consultees/{consultee.pk}",
        {"name": "Tom Trees", "organisation": "Arboriculture", "email": "tom@trees.example", "internal": "external"},
    )
    assert response.status_code == 302
    consultee.refresh_from_db()
    assert (consultee.organisation, consultee.internal, consultee.constraint_codes) == ("Arboriculture", False, [])
    assert admin.post(f"/admin/consultees/{consultee.pk}/active", {"active": "false"}).status_code == 302
    consultee.refresh_from_db()
    assert not consultee.is_active
    events = list(AuditEntry.objects.filter(council=southwark).values_list("event", flat=True))
    assert {"consultee_created", "consultee_updated", "consultee_deactivated"} <= set(events)
    assert "Arboriculture" in admin.get("/admin/consultees").content.decode()


def test_the_directory_form_shows_errors(southwark, swk_users, client_for):
    admin = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    response = admin.post("/admin/consultees/new", {"name": "", "organisation": "X", "email": "not-an-email"})
    assert response.status_code == 400
    assert "Enter the consultee" in response.content.decode()
    assert not Consultee.objects.exists()


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.REVIEWER])
def test_officers_cannot_change_the_directory(role, southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[role])
    assert client.get("/admin/consultees").status_code == 403
    assert client.post("/admin/consultees/new", {"name": "X"}).status_code == 403
    with pytest.raises(PermissionDenied):
        directory_add(southwark, swk_users[role])


def test_unknown_constraint_codes_are_refused(southwark, swk_users):
    with pytest.raises(DomainError) as error:
        directory_add(southwark, swk_users[Role.ADMINISTRATOR], constraint_codes=("moonBase",))
    assert error.value.field == "constraint_codes"


def test_another_councils_consultee_cannot_be_changed(southwark, lambeth, swk_users, lbh_users, client_for):
    theirs = directory_add(lambeth, lbh_users[Role.ADMINISTRATOR])
    admin = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    assert admin.get(f"/admin/consultees/{theirs.pk}").status_code == 404
    assert admin.post(f"/admin/consultees/{theirs.pk}/active", {"active": "false"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active
    assert "Hana" not in admin.get("/admin/consultees").content.decode()


# --- A case's consultees ------------------------------------------------------------------------------------


def test_consultees_are_suggested_by_the_sites_current_constraints(case, heritage, southwark, swk_users, client_for):
    highways = directory_add(southwark, swk_users[Role.ADMINISTRATOR])
    ApplicationConstraint.objects.create(
        council=southwark, application=case, code="listed.gradeTwo", description="Listed", source="submission"
    )
    ApplicationConstraint.objects.create(
        council=southwark,
        application=case,
        code="road.classified",
        description="Road",
        source="submission",
        removed_at=timezone.now(),
    )
    suggested = consultees.consultee_suggestions(application=case)
    assert [(c, reasons) for c, reasons in suggested] == [(heritage, ["Listed building - Grade II"])]
    assert highways not in [c for c, _ in suggested]
    page = client_for(southwark, swk_users[Role.ASSESSOR]).get(
        f"/applications/{case.reference}/consultation/consultees"
    )
    assert "Suggested by the site" in page.content.decode() and "Listed building - Grade II" in page.content.decode()
    add_to_case(case, heritage, swk_users[Role.ASSESSOR])
    assert consultees.consultee_suggestions(application=case) == []


def test_an_officer_adds_and_removes_a_consultee(case, heritage, southwark, swk_users, client_for):
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    base = f"/applications/{case.reference}/consultation/consultees"
    assert officer.post(f"{base}/add", {"consultee": heritage.pk}).status_code == 302
    case_consultee = CaseConsultee.objects.get(consultee=heritage)
    assert officer.post(f"{base}/add", {"consultee": heritage.pk}).status_code == 400
    assert officer.post(f"{base}/{case_consultee.pk}/remove").status_code == 302
    assert not CaseConsultee.objects.exists()
    events = set(AuditEntry.objects.filter(application=case).values_list("event", flat=True))
    assert {"consultee_added", "consultee_removed"} <= events


def test_a_consultee_once_emailed_stays_on_the_case(case, heritage, swk_users):
    officer = swk_users[Role.ASSESSOR]
    case_consultee = add_to_case(case, heritage, officer)
    consultees.consultee_emails_send(
        council=case.council, application_id=case.pk, user=officer, case_consultee_ids=[case_consultee.pk]
    )
    with pytest.raises(DomainError, match="stays on the case"):
        consultees.case_consultee_remove(
            council=case.council, application_id=case.pk, user=officer, case_consultee_id=case_consultee.pk
        )


def test_a_case_not_yet_validated_is_not_consulted(southwark, swk_users, heritage, client_for):
    case = make_application_in(southwark, Status.NOT_STARTED, swk_users)
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    response = officer.post(f"/applications/{case.reference}/consultation/consultees/add", {"consultee": heritage.pk})
    assert response.status_code == 400
    assert "Validate the application" in response.content.decode()
    assert not CaseConsultee.objects.exists()


# --- Sending ------------------------------------------------------------------------------------------------


def test_sending_fills_the_placeholders_audits_the_text_and_opens_the_consultation(
    case, heritage, southwark, swk_users, client_for
):
    case_consultee = add_to_case(case, heritage, swk_users[Role.ASSESSOR])
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    base = f"/applications/{case.reference}/consultation/consultees"
    assert officer.post(f"{base}/send", {"consultees": [case_consultee.pk]}).status_code == 302

    today = timezone.localdate()
    due = consultation_end_date(start=today, period_days=21)  # day 1 is today; public holidays not counted
    case_consultee.refresh_from_db()
    assert case_consultee.status == CaseConsultee.Status.AWAITING_RESPONSE
    assert case_consultee.response_due == due
    message = OutboxMessage.objects.get(to="harriet@historicengland.example")
    assert message.subject == f"Consultation on {case.reference_in_full}: {case.address}"
    for expected in (
        "Dear Harriet Heritage",
        case.reference_in_full,
        case.address,
        case.description,
        "London Borough of Southwark",
        swk_users[Role.ASSESSOR].name,
        "http://southwark.localhost:8000/consultee/",
    ):
        assert expected in message.body
    assert "{" not in message.body
    audit = AuditEntry.objects.get(application=case, event="message_sent", data__to=[message.to])
    assert audit.data["body"] == message.body
    assert AuditEntry.objects.filter(application=case, event="consultee_emails_sent").exists()
    event = PublicityEvent.objects.get(consultation__application=case)
    assert (event.kind, event.on) == (PublicityEvent.Kind.CONSULTEES, today)
    case.consultation.refresh_from_db()
    assert case.consultation.end_date == event.ends_on


def test_the_councils_own_wording_is_used(case, heritage, swk_users):
    MessageTemplate.objects.create(
        council=case.council,
        kind=MessageTemplate.Kind.CONSULTEE_EMAIL,
        subject="Please advise on {reference}",
        body="Hello {name}, respond by {closing_date} at {link}. {officer}, {council}",
    )
    case_consultee = add_to_case(case, heritage, swk_users[Role.ASSESSOR])
    consultees.consultee_emails_send(
        council=case.council,
        application_id=case.pk,
        user=swk_users[Role.ASSESSOR],
        case_consultee_ids=[case_consultee.pk],
    )
    message = OutboxMessage.objects.get(to=heritage.email)
    assert message.subject == f"Please advise on {case.reference_in_full}"
    assert message.body.startswith("Hello Harriet Heritage, respond by ")
    assert "/consultee/" in message.body


def test_a_failed_email_marks_the_consultee_failed(case, heritage, swk_users, monkeypatch):
    class FailingNotifier:
        def send_email(self, *, council, to, subject, body, application=None):
            OutboxMessage.objects.create(
                council=council, application=application, to=to, subject=subject, body=body, status="failed"
            )

    monkeypatch.setattr(consultees, "get_notifier", FailingNotifier)
    case_consultee = add_to_case(case, heritage, swk_users[Role.ASSESSOR])
    consultees.consultee_emails_send(
        council=case.council,
        application_id=case.pk,
        user=swk_users[Role.ASSESSOR],
        case_consultee_ids=[case_consultee.pk],
    )
    case_consultee.refresh_from_db()
    assert case_consultee.status == CaseConsultee.Status.FAILED


def test_one_submit_adds_and_emails_a_consultee_and_lands_on_the_overview(
    case, heritage, southwark, swk_users, client_for
):
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    base = f"/applications/{case.reference}/consultation/consultees"
    assert "Add and send the email" in officer.get(base).content.decode()
    response = officer.post(f"{base}/add", {"consultee": heritage.pk, "and_email": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{case.reference}/consultation"
    assert CaseConsultee.objects.get().status == CaseConsultee.Status.AWAITING_RESPONSE
    assert OutboxMessage.objects.filter(to=heritage.email).count() == 1


def test_adding_and_emailing_a_consultee_already_on_the_case_changes_nothing(
    case, heritage, southwark, swk_users, client_for
):
    add_to_case(case, heritage, swk_users[Role.ASSESSOR])
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    base = f"/applications/{case.reference}/consultation/consultees"
    response = officer.post(f"{base}/add", {"consultee": heritage.pk, "and_email": "yes"})
    assert response.status_code == 400
    assert "already a consultee" in response.content.decode()
    assert not OutboxMessage.objects.filter(to=heritage.email).exists()


def test_emailing_again_needs_a_reason(case, heritage, swk_users, southwark, client_for):
    officer = swk_users[Role.ASSESSOR]
    case_consultee = add_to_case(case, heritage, officer)
    send = {
        "council": case.council,
        "application_id": case.pk,
        "user": officer,
        "case_consultee_ids": [case_consultee.pk],
    }
    consultees.consultee_emails_send(**send)
    client = client_for(southwark, officer)
    response = client.post(
        f"/applications/{case.reference}/consultation/consultees/send", {"consultees": [case_consultee.pk]}
    )
    assert response.status_code == 400
    assert "Say why" in response.content.decode()
    consultees.consultee_emails_send(**send, reason="Amended plans received")
    assert OutboxMessage.objects.filter(to=heritage.email).count() == 2
    entry = AuditEntry.objects.filter(event="consultee_emails_sent").order_by("-id").first()
    assert (entry.comment, entry.data["resend"]) == ("Amended plans received", 1)


def test_another_cases_consultee_cannot_be_emailed(case, heritage, southwark, swk_users):
    other = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    theirs = add_to_case(other, heritage, swk_users[Role.ASSESSOR])
    with pytest.raises(DomainError, match="no such consultee"):
        consultees.consultee_emails_send(
            council=southwark, application_id=case.pk, user=swk_users[Role.ASSESSOR], case_consultee_ids=[theirs.pk]
        )
    assert not OutboxMessage.objects.exists()


# --- Responses recorded by an officer -----------------------------------------------------------------------


def test_an_officer_records_a_response_received_by_post(case, heritage, southwark, swk_users, client_for):
    case_consultee = add_to_case(case, heritage, swk_users[Role.ASSESSOR])
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    path = f"/applications/{case.reference}/consultation/consultees/{case_consultee.pk}/response"
    assert officer.get(path).status_code == 200
    yesterday = timezone.localdate() - timedelta(days=1)
    response = officer.post(
        path,
        {
            "stance": "objection",
            "text": "Harm to the listed building.",
            "received_on": yesterday.strftime("%d/%m/%Y"),
            "files": [SimpleUploadedFile("letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf")],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case_consultee.refresh_from_db()
    assert case_consultee.status == CaseConsultee.Status.RESPONDED
    stored = case_consultee.responses.get()
    assert (stored.stance, stored.text, stored.recorded_by) == (
        "objection",
        "Harm to the listed building.",
        swk_users[Role.ASSESSOR],
    )
    assert timezone.localtime(stored.received_at).date() == yesterday
    assert [d.name for d in stored.documents.all()] == ["letter.pdf"]
    assert not stored.documents.get().publishable
    assert "Harm to the listed building." in officer.get(path.rsplit("/", 2)[0]).content.decode()


def test_a_response_date_in_the_future_is_refused(case, heritage, southwark, swk_users, client_for):
    case_consultee = add_to_case(case, heritage, swk_users[Role.ASSESSOR])
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    path = f"/applications/{case.reference}/consultation/consultees/{case_consultee.pk}/response"
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = officer.post(path, {"stance": "objection", "text": "X", "received_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert not case_consultee.responses.exists()


# --- Reminders ----------------------------------------------------------------------------------------------


def test_overdue_consultees_are_reminded_once_with_a_fresh_link(case, heritage, southwark, swk_users):
    assert "consultee-reminders" in {job.name for job in scheduler.DAILY_JOBS}
    case_consultee = add_to_case(case, heritage, swk_users[Role.ASSESSOR])
    consultees.consultee_emails_send(
        council=southwark,
        application_id=case.pk,
        user=swk_users[Role.ASSESSOR],
        case_consultee_ids=[case_consultee.pk],
    )
    case_consultee.refresh_from_db()
    due = case_consultee.response_due
    assert due == consultation_end_date(start=timezone.localdate(), period_days=21)
    assert consultees.consultee_reminders_send(today=due) == "0 consultees reminded"
    with time_machine.travel(timezone.now() + timedelta(days=22), tick=False):
        assert consultees.consultee_reminders_send(today=due + timedelta(days=1)) == "1 consultees reminded"
        assert consultees.consultee_reminders_send(today=due + timedelta(days=2)) == "0 consultees reminded"
    reminders = OutboxMessage.objects.filter(to=heritage.email, subject__startswith="Reminder")
    assert reminders.count() == 1
    assert "/consultee/" in reminders.get().body
    assert AuditEntry.objects.filter(event="message_sent", data__message="consultee_reminder").count() == 1
