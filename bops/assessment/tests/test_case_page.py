"""The case page says which assessment checks are still open."""

import pytest

from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in

pytestmark = pytest.mark.django_db


def test_the_case_page_lists_the_open_assessment_checks(client_for, southwark, swk_users):
    from bops.assessment.services import section_save

    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    officer = client_for(southwark, swk_users["assessor"])
    before = officer.get(f"/applications/{case.reference}").content.decode()
    assert "Still open:" in before and "Summary of works" in before
    section_save(
        council=southwark, application_id=case.pk, user=swk_users["assessor"], slug="summary-of-works", text="A dormer"
    )
    after = officer.get(f"/applications/{case.reference}").content.decode()
    still_open = after.split("Still open:")[1].split("</p>")[0]
    assert "Summary of works" not in still_open and "Make the recommendation" in still_open
