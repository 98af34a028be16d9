"""The case page links each assessment task still open."""

import pytest

from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in

pytestmark = pytest.mark.django_db


def test_the_case_page_links_the_open_assessment_tasks(client_for, southwark, swk_users):
    from bops.assessment.services import section_save

    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    officer = client_for(southwark, swk_users["assessor"])
    summary = f'href="/applications/{case.reference}/assessment/summary-of-works"'
    recommendation = f'href="/applications/{case.reference}/assessment/recommendation"'
    before = officer.get(f"/applications/{case.reference}").content.decode()
    assert summary in before and recommendation in before
    section_save(
        council=southwark, application_id=case.pk, user=swk_users["assessor"], slug="summary-of-works", text="A dormer"
    )
    after = officer.get(f"/applications/{case.reference}").content.decode()
    assert summary not in after and recommendation in after
