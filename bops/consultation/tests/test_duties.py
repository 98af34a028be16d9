"""The publicity the law requires before a decision (issue 11, defect 2): a prior approval for a larger home extension
was determined with no neighbour notified. GPDO 2015 Sch. 2 Part 1 para. A.4(5) requires notice to each adjoining
owner or occupier, and the decision waits for the 21 days of the objection period."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.consultation import neighbours, notices
from bops.consultation.addresses import addresses_fill_around
from bops.consultation.duties import publicity_owed, publicity_refusal
from bops.core.dates import LONDON, consultation_end_date
from bops.core.errors import DomainError
from bops.decisions import services as decisions

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2025, 3, 3, 10, tzinfo=LONDON)  # a Monday, no public holiday in the weeks after


def _awaiting(southwark, swk_users, code: str):
    """A case awaiting determination, its recommendation agreed, with none of its publicity done."""
    case = make_application_in(
        southwark, Status.AWAITING_DETERMINATION, swk_users, code=code, submitted_at=RECEIVED, publicity=False
    )
    decisions.recommendation_review(
        council=southwark, application_id=case.pk, user=swk_users[Role.REVIEWER], agree=True
    )
    return case


def _determine(case, reviewer):
    return decisions.determine(
        council=case.council, application_id=case.pk, user=reviewer, determined_on=timezone.localdate()
    )


def test_a_larger_home_extension_is_determined_only_after_the_neighbours_objection_period(southwark, swk_users):
    reviewer, officer = swk_users[Role.REVIEWER], swk_users[Role.ASSESSOR]
    with time_machine.travel(RECEIVED + timedelta(days=1), tick=False):
        case = _awaiting(southwark, swk_users, "pa.part1.classA")
        with pytest.raises(DomainError) as refused:
            _determine(case, reviewer)
        assert "Neighbour notification is required by GPDO 2015 Sch. 2 Part 1 para. A.4(5)" in refused.value.message
        case.refresh_from_db()
        assert case.status == Status.AWAITING_DETERMINATION

        addresses_fill_around([case])
        adjoining = [s.key for s in neighbours.neighbour_suggestions(application=case) if s.adjoining]
        assert adjoining
        neighbours.neighbour_letters_send(council=southwark, application_id=case.pk, user=officer, chosen=adjoining)

    sent = date(2025, 3, 4)
    ends = consultation_end_date(start=sent, period_days=21)
    assert ends == date(2025, 3, 24)
    waiting = "the period for comments ends on 24 March 2025, so the case can be decided from 25 March 2025"
    with time_machine.travel(datetime(2025, 3, 24, 16, tzinfo=LONDON), tick=False), pytest.raises(DomainError) as early:
        _determine(case, reviewer)
    assert early.value.message == f"Neighbour notification (GPDO 2015 Sch. 2 Part 1 para. A.4(5)): {waiting}."
    with time_machine.travel(datetime(2025, 3, 25, 9, tzinfo=LONDON), tick=False):
        _determine(case, reviewer)
    case.refresh_from_db()
    assert case.status == Status.DETERMINED


def test_a_householder_case_needs_a_site_notice_or_letters(southwark, swk_users):
    with time_machine.travel(RECEIVED + timedelta(days=1), tick=False):
        case = _awaiting(southwark, swk_users, "pp.full.householder")
        reason = publicity_refusal(case, today=timezone.localdate())
        assert (
            reason is not None and "Site notice or neighbour notification is required by DMPO 2015 art. 15(5)" in reason
        )
        notices.site_notice_save(
            council=southwark,
            application_id=case.pk,
            user=swk_users[Role.ASSESSOR],
            choice=notices.SiteNoticeChoice(required=True, delivery="print", location_instructions="Gate"),
            displayed_on=timezone.localdate(),
        )
        (duty,) = publicity_owed(case, today=timezone.localdate()).duties
        assert duty.state == "waiting"
        assert duty.status == "Site notice: put up on 4 March 2025; the period for comments ends on 24 March 2025"
    with time_machine.travel(datetime(2025, 3, 25, 9, tzinfo=LONDON), tick=False):
        assert publicity_refusal(case, today=timezone.localdate()) is None


def test_a_failed_letter_leaves_the_neighbour_unnotified(southwark, swk_users):
    with time_machine.travel(RECEIVED + timedelta(days=1), tick=False):
        case = _awaiting(southwark, swk_users, "pa.part1.classA")
        addresses_fill_around([case])
        adjoining = [s.key for s in neighbours.neighbour_suggestions(application=case) if s.adjoining]
        batch = neighbours.neighbour_letters_send(
            council=southwark, application_id=case.pk, user=swk_users[Role.ASSESSOR], chosen=adjoining
        )
        batch.letters[0].status = "failed"
        batch.letters[0].save(update_fields=["status"])
    with time_machine.travel(datetime(2025, 4, 1, 9, tzinfo=LONDON), tick=False):
        reason = publicity_refusal(case, today=timezone.localdate())
    assert reason is not None and "1 letter could not be delivered: send it again" in reason


def test_a_lawful_development_certificate_needs_no_publicity(southwark, swk_users):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    owed = publicity_owed(case, today=timezone.localdate())
    assert owed.duties == [] and publicity_refusal(case, today=timezone.localdate()) is None


def test_an_eia_case_needs_a_site_notice_and_a_press_notice(southwark, swk_users):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    case.eia_required = True
    case.save(update_fields=["eia_required"])
    labels = [(d.requirement.label, d.requirement.source) for d in publicity_owed(case, today=date.today()).duties]
    assert labels == [
        ("Site notice", "DMPO 2015 art. 15(2)-(3)(a)(i)"),
        ("Press notice", "DMPO 2015 art. 15(2)-(3)(a)(ii)"),
    ]


# --- The consultation page shows what is owed ------------------------------------------------------------------


def test_the_consultation_page_shows_the_notification_still_owed_with_its_law(southwark, swk_users, client_for):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="pa.part1.classA")
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    page = client.get(f"/applications/{case.reference}/consultation").content.decode()
    assert "Publicity the law requires" in page
    assert "Neighbour notification" in page and "Not sent yet" in page
    assert "Required by GPDO 2015 Sch. 2 Part 1 para. A.4(5)" in page
    assert "The case cannot be decided until each of these is done" in page
    assert f'href="/applications/{case.reference}/consultation/neighbours"' in page


def test_the_consultation_page_says_when_an_ldc_needs_no_publicity(southwark, swk_users, client_for):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    page = client.get(f"/applications/{case.reference}/consultation").content.decode()
    assert "are not consulted on" in page
