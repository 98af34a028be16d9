"""The printable site notice: A4, the council's details, the closing date, the case, and a QR code to the register."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.consultation import notices
from bops.consultation.models import PublicityEvent
from bops.core.dates import consultation_end_date, format_date

pytestmark = pytest.mark.django_db

A4_POINTS = (595, 842)


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)


@pytest.fixture
def officer(southwark, swk_users, client_for):
    return client_for(southwark, swk_users[Role.ASSESSOR])


def _pdf(officer, case) -> PdfReader:
    response = officer.get(f"/applications/{case.reference}/consultation/site-notice.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _text(reader: PdfReader) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_notice_is_one_a4_page_with_the_case_and_the_council(officer, case, southwark):
    reader = _pdf(officer, case)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    text = _text(reader)
    for expected in (
        case.reference_in_full,
        case.address,
        case.description,
        southwark.name,
        southwark.email,
        southwark.phone,
    ):
        assert expected in text, expected
    # The link may break across lines.
    assert f"/planning-applications/{case.reference}" in text.replace(" ", "")


def test_before_it_goes_up_it_gives_the_end_if_put_up_today(officer, case):
    today = timezone.localdate()
    expected = consultation_end_date(start=today, period_days=21)
    assert f"Tell us what you think by {format_date(expected)}" in _text(_pdf(officer, case))


def test_once_it_is_up_it_gives_the_recorded_end_date(officer, case):
    displayed = timezone.localdate() - timedelta(days=3)
    response = officer.post(
        f"/applications/{case.reference}/consultation/site-notice",
        {
            "required": "yes",
            "delivery": "print",
            "quantity": "1",
            "location_instructions": "Gate",
            "displayed_on": displayed.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    end = PublicityEvent.objects.get(consultation__application=case).ends_on
    assert end == consultation_end_date(start=displayed, period_days=21)
    assert f"Tell us what you think by {format_date(end)}" in _text(_pdf(officer, case))


def test_a_later_end_from_other_publicity_is_the_one_shown(officer, case, swk_users):
    from bops.consultation.services import consultation_extend

    consultation_extend(
        council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR], days=60, reason="Amended plans"
    )
    case.refresh_from_db()
    later = case.consultation.end_date
    assert notices.site_notice_closing_date(case, today=timezone.localdate()) == later
    assert f"Tell us what you think by {format_date(later)}" in _text(_pdf(officer, case))


def test_the_notice_has_the_qr_code_as_an_image(officer, case):
    page = _pdf(officer, case).pages[0]
    resources = page["/Resources"]
    # segno's SVG is drawn as vector paths or an XObject; either way the page is more than text.
    assert "/XObject" in resources or b" re" in page.get_contents().get_data()


def test_eia_development_shows_30_days(officer, case):
    case.eia_required = True
    case.save(update_fields=["eia_required"])
    expected = timezone.localdate() + timedelta(days=29)
    text = _text(_pdf(officer, case))
    assert f"Tell us what you think by {format_date(expected)}" in text
    assert "30 days" in text


def test_administrators_and_other_councils_get_no_notice(case, southwark, swk_users, lambeth, lbh_users, client_for):
    path = f"/applications/{case.reference}/consultation/site-notice.pdf"
    assert client_for(southwark, swk_users[Role.ADMINISTRATOR]).get(path).status_code == 403
    assert client_for(lambeth, lbh_users[Role.REVIEWER]).get(path).status_code == 404
    assert client_for(southwark).get(path).status_code == 302


def test_a_case_that_is_not_consulted_on_has_no_notice(southwark, swk_users, officer):
    certificate = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    assert officer.get(f"/applications/{certificate.reference}/consultation/site-notice.pdf").status_code == 404
