import io
from datetime import date

import pytest
from django.utils import timezone
from pypdf import PdfReader

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.assessment.models import Condition, Recommendation
from bops.decisions import services
from bops.decisions.notice import _add_months, appeal_rights, site_map_svg

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _determine(council, case, reviewer, decision="granted") -> str:
    Recommendation.objects.filter(application=case).update(decision=decision)
    determination = services.determine(
        council=council, application_id=case.pk, user=reviewer, determined_on=timezone.localdate()
    )
    return _text(determination.notice.file.read())


def test_ldc_proposed_granted_certifies_under_s192_with_schedules(southwark, swk_users, ready):
    case = ready(code="ldc.proposed", description="Loft conversion with rear dormer")
    text = _determine(southwark, case, swk_users[Role.REVIEWER])
    assert "London Borough of Southwark" in text and "Decision notice" in text
    assert "section 192 of the Town and Country Planning Act 1990" in text
    assert "if begun on the date of the application" in text
    assert "First Schedule" in text and "Loft conversion with rear dormer" in text
    assert "Second Schedule" in text and "12 Bellenden Road" in text
    assert "Sam Signer" in text and "Director of Planning" in text
    assert "DRAFT" not in text


def test_ldc_existing_uses_s191(southwark, swk_users, ready):
    case = ready(code="ldc.existing")
    text = _determine(southwark, case, swk_users[Role.REVIEWER])
    assert "section 191" in text and "was lawful on the date of the application" in text


def test_prior_approval_refused_has_six_months_to_appeal(southwark, swk_users, ready):
    case = ready(code="pa.part1.classA")
    text = _determine(southwark, case, swk_users[Role.REVIEWER], decision="refused")
    assert "Prior approval is refused" in text
    assert "within 6 months" in text


def test_householder_refused_has_twelve_weeks_to_appeal(southwark, swk_users, ready):
    case = ready()
    text = _determine(southwark, case, swk_users[Role.REVIEWER], decision="refused")
    assert "Planning permission is refused" in text
    assert "within 12 weeks" in text


def test_conditions_numbered_with_reasons_pre_commencement_only_when_approved(southwark, swk_users, ready):
    from bops.validation.models import ValidationRequest

    case = ready()
    request = ValidationRequest.objects.create(
        council=southwark,
        application=case,
        sequence=9,
        kind="pre_commencement_condition",
        state="closed",
        post_validation=True,
        reason="Agree the condition",
        approved=True,
    )
    Condition.objects.create(
        council=southwark,
        application=case,
        position=1,
        text="Begin within three years.",
        reason="Section 91 of the Act.",
    )
    Condition.objects.create(
        council=southwark,
        application=case,
        position=2,
        text="Submit a drainage plan first.",
        reason="To prevent flooding.",
        pre_commencement=True,
        validation_request=request,
    )
    Condition.objects.create(
        council=southwark,
        application=case,
        position=3,
        text="Unagreed precommencement.",
        reason="Never shown.",
        pre_commencement=True,
    )
    text = _determine(southwark, case, swk_users[Role.REVIEWER])
    assert "Conditions" in text
    assert text.index("Submit a drainage plan first.") < text.index("Begin within three years.")
    assert "Reason: To prevent flooding." in text and "Reason: Section 91 of the Act." in text
    assert "Unagreed" not in text
    assert "conditions of this decision" in text  # appeal against conditions: 6 months


def test_refusal_prints_no_conditions(southwark, swk_users, ready):
    case = ready()
    Condition.objects.create(
        council=southwark, application=case, position=1, text="Begin within three years.", reason="Section 91."
    )
    text = _determine(southwark, case, swk_users[Role.REVIEWER], decision="refused")
    assert "Begin within three years." not in text


def test_site_map_is_drawn_from_the_boundary():
    svg = site_map_svg(
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [[[0, 51], [0.001, 51], [0.001, 51.001], [0, 51]]]},
        }
    )
    assert svg.startswith("<svg") and '<path d="M ' in svg
    assert site_map_svg(None) == ""


def test_six_months_clamps_to_the_month_end():
    assert _add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert _add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)


def test_no_appeal_rights_for_a_grant_without_conditions(southwark, swk_users):
    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
    assert appeal_rights(case, "granted", date(2026, 1, 1)) is None
    assert appeal_rights(case, "refused", date(2026, 1, 1)).deadline == date(2026, 3, 26)


def test_draft_notice_for_officers_only(southwark, lambeth, swk_users, lbh_users, client_for, ready):
    case = ready()
    path = f"/applications/{case.reference}/decision/notice.pdf"
    assert client_for(southwark).get(path).status_code == 302
    assert client_for(lambeth, lbh_users[Role.REVIEWER]).get(path).status_code in (403, 404)
    response = client_for(southwark, swk_users[Role.ASSESSOR]).get(path)
    assert response.status_code == 200
    assert "DRAFT" in _text(response.content)
    services.determine(
        council=southwark, application_id=case.pk, user=swk_users[Role.REVIEWER], determined_on=timezone.localdate()
    )
    final = client_for(southwark, swk_users[Role.ASSESSOR]).get(path)
    assert final.status_code == 200 and "DRAFT" not in _text(final.content)


def test_the_councils_own_closing_words_are_printed_on_the_notice(southwark, swk_users):
    from bops.applications.models import Status
    from bops.applications.tests.builders import make_application_in
    from bops.consultation.wording import message_template_save
    from bops.decisions.notice import closing_words

    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
    assert southwark.email in closing_words(case)  # the default wording
    message_template_save(
        council=southwark,
        user=swk_users["administrator"],
        kind="decision_notice",
        subject="",
        body="Questions about {reference}? Write to {email}.",
    )
    assert closing_words(case) == f"Questions about {case.reference_in_full}? Write to {southwark.email}."
