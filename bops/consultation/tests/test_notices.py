"""Site notices and press notices: whether one is needed, who is told, the dates that move the consultation, and
the decision waiting for a required notice."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from PIL import Image

from bops.accounts.models import Role
from bops.applications.lifecycle import Event
from bops.applications.models import Status
from bops.applications.services import planning_application_transition
from bops.applications.tests.builders import add_recommendation, make_application_in
from bops.assessment.tests.builders import complete_assessment
from bops.consultation import notices
from bops.consultation.models import Consultation, PressNotice, PublicityEvent, SiteNotice
from bops.core.dates import LONDON, consultation_end_date
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.documents.models import Document
from bops.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _file(name: str, content: bytes, content_type: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)


@pytest.fixture
def officer(southwark, swk_users, client_for):
    return client_for(southwark, swk_users[Role.ASSESSOR])


def _url(case, page: str) -> str:
    return f"/applications/{case.reference}/consultation/{page}"


def _site(officer, case, **data):
    return officer.post(_url(case, "site-notice"), {"required": "yes", "quantity": "2", **data})


def _overview(case) -> str:
    return f"/applications/{case.reference}/consultation"


def _needed(officer, case, delivery: str = "print"):
    response = _site(officer, case, delivery=delivery, location_instructions="On the front railings")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == _overview(case)  # the next useful page: what publicity is still owed
    return SiteNotice.objects.get(consultation__application=case)


def _displayed(officer, case, day: date | str, **files):
    """The same one form, saved again with the day the notice went up."""
    return _site(
        officer,
        case,
        delivery="print",
        location_instructions="On the front railings",
        displayed_on=day if isinstance(day, str) else day.strftime("%d/%m/%Y"),
        **files,
    )


def _end(case) -> date:
    return Consultation.objects.get(application=case).end_date


# --- Site notice: is one needed, and who is told ----------------------------------------------------------------


def test_the_page_asks_whether_a_site_notice_is_needed(officer, case):
    page = officer.get(_url(case, "site-notice"))
    assert page.status_code == 200
    assert "Does the case need a site notice?" in page.content.decode()
    assert "Date the notice went up" in page.content.decode()  # in the same form: one submit


def test_a_notice_not_needed_is_recorded_and_sends_nothing(officer, case):
    response = officer.post(_url(case, "site-notice"), {"required": "no"})
    assert response.status_code == 302
    notice = SiteNotice.objects.get(consultation__application=case)
    assert notice.required is False
    assert notice.delivery == ""
    assert not OutboxMessage.objects.exists()
    assert AuditEntry.objects.filter(application=case, event="site_notice_saved", data__required=False).exists()


def test_the_councils_team_is_emailed_the_link_to_print_it(officer, case, southwark):
    notice = _needed(officer, case, delivery="internal")
    assert notice.quantity == 2
    message = OutboxMessage.objects.get()
    assert message.to == southwark.email
    assert f"/applications/{case.reference}/consultation/site-notice.pdf" in message.body
    assert "On the front railings" in message.body
    entry = AuditEntry.objects.get(application=case, event="message_sent")
    assert entry.data["body"] == message.body
    assert entry.data["message"] == "site_notice_internal"


def test_the_applicant_is_emailed_how_to_put_it_up_for_21_days(officer, case):
    case.agent_email = "agent@agents.example"
    case.save(update_fields=["agent_email"])
    _needed(officer, case, delivery="applicant")
    messages = OutboxMessage.objects.order_by("to")
    assert [m.to for m in messages] == ["agent@agents.example", "jo@applicant.example"]
    body = messages[0].body
    assert "keep it up for 21 days" in body
    assert "Tell us what you think by" in body
    assert case.reference_in_full in body
    entry = AuditEntry.objects.get(application=case, event="message_sent")
    assert entry.data["body"] == body
    assert entry.data["to"] == ["agent@agents.example", "jo@applicant.example"]


def test_printing_it_yourself_sends_nothing_and_points_to_the_pdf(officer, case):
    response = _site(officer, case, delivery="print", location_instructions="Gate")
    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()
    page = officer.get(_url(case, "site-notice")).content.decode()
    assert "print the notice and put it up" in page
    assert f"/applications/{case.reference}/consultation/site-notice.pdf" in page


def test_applicant_delivery_without_an_email_address_is_refused(officer, case):
    case.applicant_email = ""
    case.save(update_fields=["applicant_email"])
    response = _site(officer, case, delivery="applicant", location_instructions="Gate")
    assert response.status_code == 400
    assert "no email address for the applicant or agent" in response.content.decode()
    assert not SiteNotice.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"location_instructions": "Gate"}, "Choose who will put the notice up"),
        ({"delivery": "print", "location_instructions": "Gate", "quantity": "101"}, "Print 100 copies or fewer"),
        ({"delivery": "print", "location_instructions": "Gate", "quantity": "0"}, "Print at least 1 copy"),
        ({"delivery": "print", "location_instructions": " "}, "Say where the notice should go"),
        ({"delivery": "by pigeon", "location_instructions": "Gate"}, "Select a valid choice"),
    ],
)
def test_a_needed_notice_without_its_details_is_refused_with_an_error_summary(officer, case, data, error):
    response = _site(officer, case, **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert error in page
    assert not SiteNotice.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_no_answer_is_refused(officer, case):
    response = officer.post(_url(case, "site-notice"), {})
    assert response.status_code == 400
    assert "Say whether the case needs a site notice" in response.content.decode()


# --- Site notice: the day it went up --------------------------------------------------------------------------


def test_the_day_it_went_up_starts_21_days_with_public_holidays_not_counted(officer, case):
    _needed(officer, case)
    today = timezone.localdate()
    response = _displayed(officer, case, today)
    assert response.status_code == 302
    assert _end(case) == consultation_end_date(start=today, period_days=21)
    event = PublicityEvent.objects.get(consultation__application=case)
    assert (event.kind, event.on, event.period_days) == (PublicityEvent.Kind.SITE_NOTICE, today, 21)
    assert AuditEntry.objects.filter(application=case, event="site_notice_displayed").exists()
    assert AuditEntry.objects.filter(application=case, event="consultation_event").exists()


def test_a_bank_holiday_in_the_21_days_adds_a_day(southwark, swk_users, client_for):
    # Spring bank holiday 2025 is Monday 26 May: a notice up on 20 May runs to 10 June, not 9 June.
    with time_machine.travel(datetime(2025, 5, 22, 12, tzinfo=LONDON), tick=False):
        case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
        officer = client_for(southwark, swk_users[Role.ASSESSOR])
        _needed(officer, case)
        assert _displayed(officer, case, date(2025, 5, 20)).status_code == 302
    assert _end(case) == date(2025, 6, 10)
    assert _end(case) == consultation_end_date(start=date(2025, 5, 20), period_days=21)


def test_eia_development_gets_30_days_counted_straight_through(officer, case):
    case.eia_required = True
    case.save(update_fields=["eia_required"])
    _needed(officer, case)
    today = timezone.localdate()
    _displayed(officer, case, today)
    assert _end(case) == today + timedelta(days=29)


def test_a_day_in_the_future_is_refused_and_nothing_changes(officer, case):
    _needed(officer, case)
    response = _displayed(officer, case, timezone.localdate() + timedelta(days=1))
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()
    assert SiteNotice.objects.get().displayed_on is None
    assert not PublicityEvent.objects.exists()


def test_a_day_before_the_case_was_valid_is_refused(officer, case):
    _needed(officer, case)
    response = _displayed(officer, case, case.valid_from - timedelta(days=1))
    assert response.status_code == 400
    assert "on or after the valid-from date" in response.content.decode()
    assert not PublicityEvent.objects.exists()


def test_a_date_that_is_not_a_date_is_refused(officer, case):
    _needed(officer, case)
    response = _displayed(officer, case, "31/02/2025")
    assert response.status_code == 400
    assert "as a real date" in response.content.decode()


def test_whether_it_is_needed_and_the_day_it_went_up_are_saved_in_one_submit(officer, case):
    today = timezone.localdate()
    response = _displayed(officer, case, today)
    assert response.status_code == 302
    assert response["Location"] == _overview(case)
    notice = SiteNotice.objects.get()
    assert (notice.required, notice.delivery, notice.displayed_on) == (True, "print", today)
    assert PublicityEvent.objects.get().kind == PublicityEvent.Kind.SITE_NOTICE


def test_a_date_for_a_notice_not_needed_is_refused(officer, case):
    response = officer.post(_url(case, "site-notice"), {"required": "no", "displayed_on": "1/1/2025"})
    assert response.status_code == 400
    assert "A notice that is not needed has no date" in response.content.decode()
    assert not SiteNotice.objects.exists()


def test_saving_the_notice_again_to_add_its_date_does_not_send_it_again(officer, case):
    _needed(officer, case, delivery="internal")
    response = _site(
        officer,
        case,
        delivery="internal",
        location_instructions="On the front railings",
        displayed_on=timezone.localdate().strftime("%d/%m/%Y"),
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.count() == 1  # the team was told once
    assert SiteNotice.objects.get().displayed_on == timezone.localdate()


def test_a_site_notice_the_law_requires_cannot_be_recorded_as_not_needed(southwark, swk_users, client_for):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="listed")
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    response = officer.post(_url(case, "site-notice"), {"required": "no"})
    assert response.status_code == 400
    assert "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 5" in response.content.decode()
    response = officer.post(_url(case, "press-notice"), {"required": "no"})
    assert response.status_code == 400
    assert not SiteNotice.objects.exists() and not PressNotice.objects.exists()


def test_a_photo_is_kept_as_a_document_tagged_site_notice(officer, case):
    _needed(officer, case)
    response = _displayed(officer, case, timezone.localdate(), photo=_file("notice.png", _png(), "image/png"))
    assert response.status_code == 302
    notice = SiteNotice.objects.get()
    assert notice.evidence.tags == ["siteNotice"]
    assert notice.evidence.content_type == "image/png"
    assert notice.evidence.application == case
    page = officer.get(_url(case, "site-notice")).content.decode()
    assert "notice.png" in page
    assert f"/applications/{case.reference}/documents/{notice.evidence.pk}" in page


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_changes(officer, case):
    _needed(officer, case)
    pdf = _file("notice.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf")
    response = _displayed(officer, case, timezone.localdate(), photo=pdf)
    assert response.status_code == 400
    assert "is not a photo" in response.content.decode()
    assert SiteNotice.objects.get().displayed_on is None
    assert not Document.objects.exists()
    assert not PublicityEvent.objects.exists()


def test_a_file_that_is_not_what_its_name_says_is_refused(officer, case):
    _needed(officer, case)
    response = _displayed(
        officer, case, timezone.localdate(), photo=_file("notice.jpg", b"<html></html>", "image/jpeg")
    )
    assert response.status_code == 400
    assert not Document.objects.exists()


def test_recording_another_day_is_refused_and_the_same_day_adds_a_photo(officer, case):
    _needed(officer, case)
    today = timezone.localdate()
    _displayed(officer, case, today)
    assert _displayed(officer, case, today - timedelta(days=1)).status_code == 400
    assert _displayed(officer, case, today, photo=_file("n.png", _png(), "image/png")).status_code == 302
    assert PublicityEvent.objects.count() == 1
    assert SiteNotice.objects.get().evidence is not None


def test_a_notice_already_up_cannot_be_made_not_needed(officer, case):
    _needed(officer, case)
    _displayed(officer, case, timezone.localdate())
    response = officer.post(_url(case, "site-notice"), {"required": "no"})
    assert response.status_code == 400
    assert SiteNotice.objects.get().required is True


# --- Press notice ---------------------------------------------------------------------------------------------


def _press(officer, case, **data):
    return officer.post(_url(case, "press-notice"), {"required": "yes", **data})


def _published(officer, case, day: date, **data):
    return officer.post(_url(case, "press-notice/published"), {"published_on": day.strftime("%d/%m/%Y"), **data})


def test_a_press_notice_not_needed_sends_nothing(officer, case):
    assert officer.get(_url(case, "press-notice")).status_code == 200
    assert officer.post(_url(case, "press-notice"), {"required": "no"}).status_code == 302
    notice = PressNotice.objects.get()
    assert (notice.required, notice.reasons, notice.requested_at) == (False, [], None)
    assert not OutboxMessage.objects.exists()


def test_a_needed_press_notice_is_requested_from_the_council_with_reasons_and_link(officer, case, southwark):
    response = _press(officer, case, reasons=["listed_building", "other"], other_reason="Village green nearby")
    assert response.status_code == 302
    notice = PressNotice.objects.get()
    assert notice.reasons == ["listed_building", "other"]
    assert notice.requested_at is not None
    message = OutboxMessage.objects.get()
    assert message.to == southwark.email
    assert "Affects a listed building or its setting" in message.body
    assert "Village green nearby" in message.body
    assert f"/planning-applications/{case.reference}" in message.body
    assert case.description in message.body
    assert AuditEntry.objects.get(application=case, event="message_sent").data["body"] == message.body
    assert AuditEntry.objects.filter(application=case, event="press_notice_saved").exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose why a press notice is needed"),
        ({"reasons": ["other"]}, "Say what the other reason is"),
        ({"reasons": ["made_up"]}, "Choose the reasons from the list"),
    ],
)
def test_a_needed_press_notice_needs_its_reasons(officer, case, data, error):
    response = _press(officer, case, **data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not PressNotice.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_publication_starts_14_days(officer, case):
    _press(officer, case, reasons=["conservation_area"])
    today = timezone.localdate()
    response = _published(officer, case, today, comment="Southwark News", evidence=_file("p.png", _png(), "image/png"))
    assert response.status_code == 302
    notice = PressNotice.objects.get()
    assert notice.published_on == today
    assert notice.comment == "Southwark News"
    assert notice.evidence.tags == ["pressNotice"]
    assert _end(case) == consultation_end_date(start=today, period_days=14)
    assert PublicityEvent.objects.get().kind == PublicityEvent.Kind.PRESS_NOTICE
    page = officer.get(_url(case, "press-notice")).content.decode()
    assert "Affects the character of a conservation area" in page
    assert "Southwark News" in page


def test_publication_for_eia_development_starts_30_days(officer, case):
    case.eia_required = True
    case.save(update_fields=["eia_required"])
    _press(officer, case, reasons=["eia"])
    today = timezone.localdate()
    _published(officer, case, today)
    assert _end(case) == today + timedelta(days=29)


def test_publication_in_the_future_or_before_the_request_is_refused(officer, case):
    _press(officer, case, reasons=["major_development"])
    today = timezone.localdate()
    future = _published(officer, case, today + timedelta(days=1))
    assert future.status_code == 400
    assert "must be today or in the past" in future.content.decode()
    before = _published(officer, case, today - timedelta(days=1))
    assert before.status_code == 400
    assert "on or after the day it was requested" in before.content.decode()
    assert PressNotice.objects.get().published_on is None
    assert not PublicityEvent.objects.exists()


def test_a_published_press_notice_cannot_be_changed(officer, case):
    _press(officer, case, reasons=["major_development"])
    _published(officer, case, timezone.localdate())
    assert officer.post(_url(case, "press-notice"), {"required": "no"}).status_code == 400
    assert PressNotice.objects.get().required is True


# --- The decision waits for a required notice's date ------------------------------------------------------------


def _determine(application, reviewer):
    application.recommendations.update(review="agreed", reviewed_by=reviewer)
    return planning_application_transition(
        council=application.council, application_id=application.pk, user=reviewer, event=Event.DETERMINE
    )


def test_the_decision_waits_for_the_site_notice_and_press_notice_dates(southwark, swk_users, client_for):
    started = timezone.now() - timedelta(days=80)
    with time_machine.travel(started, tick=False):
        case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
        officer = client_for(southwark, swk_users[Role.ASSESSOR])
        _needed(officer, case)
        _press(officer, case, reasons=["major_development"])
    officer = client_for(southwark, swk_users[Role.ASSESSOR])  # the session made in the past has expired
    complete_assessment(case, swk_users[Role.ASSESSOR])
    add_recommendation(case, swk_users[Role.ASSESSOR])
    case = planning_application_transition(
        council=southwark, application_id=case.pk, user=swk_users[Role.ASSESSOR], event=Event.SUBMIT_RECOMMENDATION
    )
    assert case.status == Status.AWAITING_DETERMINATION
    with pytest.raises(DomainError, match="is required by DMPO 2015 art. 15"):
        _determine(case, swk_users[Role.REVIEWER])
    assert _displayed(officer, case, started.astimezone(LONDON).date() + timedelta(days=1)).status_code == 302
    with pytest.raises(DomainError, match=r"Press notice is required by DMPO 2015 art. 15\(4\)\(b\)"):
        _determine(case, swk_users[Role.REVIEWER])
    assert _published(officer, case, started.astimezone(LONDON).date() + timedelta(days=2)).status_code == 302
    assert _determine(case, swk_users[Role.REVIEWER]).status == Status.DETERMINED


def test_a_notice_not_needed_does_not_hold_the_decision(southwark, swk_users, client_for):
    # A larger home extension is publicised by letters to the adjoining premises (the builder sends them).
    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, code="pa.part1.classA")
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    assert officer.post(_url(case, "site-notice"), {"required": "no"}).status_code == 302
    assert officer.post(_url(case, "press-notice"), {"required": "no"}).status_code == 302
    assert _determine(case, swk_users[Role.REVIEWER]).status == Status.DETERMINED


# --- Who may, and on which cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["site-notice", "press-notice", "site-notice.pdf"])
def test_administrators_may_not_see_the_notice_pages(case, southwark, swk_users, client_for, page):
    admin = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    assert admin.get(_url(case, page)).status_code == 403


@pytest.mark.parametrize(
    ("page", "data"),
    [
        ("site-notice", {"required": "no"}),
        ("press-notice", {"required": "no"}),
        ("press-notice/published", {"published_on": "1/1/2025"}),
    ],
)
def test_administrators_may_not_save(case, southwark, swk_users, client_for, page, data):
    admin = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    assert admin.post(_url(case, page), data).status_code == 403
    assert not SiteNotice.objects.exists() and not PressNotice.objects.exists()


@pytest.mark.parametrize("page", ["site-notice", "press-notice", "site-notice.pdf"])
def test_another_councils_case_is_not_found(case, lambeth, lbh_users, client_for, page):
    other = client_for(lambeth, lbh_users[Role.ASSESSOR])
    assert other.get(_url(case, page)).status_code == 404
    assert other.post(_url(case, "site-notice"), {"required": "no"}).status_code == 404
    assert not SiteNotice.objects.exists()


def test_the_reviewer_may_work_on_notices(case, southwark, swk_users, client_for):
    reviewer = client_for(southwark, swk_users[Role.REVIEWER])
    assert reviewer.post(_url(case, "site-notice"), {"required": "no"}).status_code == 302


@pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.WITHDRAWN])
def test_cases_not_validated_or_closed_are_refused(southwark, swk_users, client_for, status):
    case = make_application_in(southwark, status, swk_users)
    officer = client_for(southwark, swk_users[Role.ASSESSOR])
    page = officer.get(_url(case, "site-notice"))
    assert page.status_code == 200
    assert "Does the case need a site notice?" not in page.content.decode()
    response = officer.post(_url(case, "site-notice"), {"required": "no"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert officer.post(_url(case, "press-notice"), {"required": "no"}).status_code == 400
    assert not SiteNotice.objects.exists() and not PressNotice.objects.exists()


def test_the_service_checks_the_role_too(case, swk_users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notices.site_notice_save(
            council=case.council,
            application_id=case.pk,
            user=swk_users[Role.ADMINISTRATOR],
            choice=notices.SiteNoticeChoice(required=False),
        )
