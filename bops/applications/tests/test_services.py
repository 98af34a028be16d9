from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications import services
from bops.applications.models import ApplicationType, PlanningApplication, Status
from bops.applications.tests.builders import make_application, make_application_in, make_user
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.notifications.models import OutboxMessage

LONDON = ZoneInfo("Europe/London")


@pytest.mark.django_db
@time_machine.travel(datetime(2024, 3, 6, 12, tzinfo=LONDON), tick=False)
def test_references_count_per_council_from_100(southwark, lambeth):
    first = make_application(southwark, submitted_at=datetime(2024, 3, 4, 10, 0, tzinfo=LONDON))
    second = make_application(southwark, code="ldc.proposed", submitted_at=datetime(2024, 3, 5, 10, 0, tzinfo=LONDON))
    other = make_application(lambeth, submitted_at=datetime(2024, 3, 5, 10, 0, tzinfo=LONDON))
    assert first.reference == "24-00100-HAPP"
    assert first.reference_in_full == "SWK-24-00100-HAPP"
    assert second.reference == "24-00101-LDCP"
    assert other.reference == "24-00100-HAPP"
    assert other.reference_in_full == "LBH-24-00100-HAPP"


@pytest.mark.django_db
def test_key_dates_come_from_the_dates_engine(southwark):
    # Submitted on a Saturday evening: received at 09:00 on Monday; 8 weeks counted from the day after.
    application = make_application(southwark, submitted_at=datetime(2024, 1, 6, 19, 30, tzinfo=LONDON))
    assert timezone.localtime(application.received_at) == datetime(2024, 1, 8, 9, 0, tzinfo=LONDON)
    assert application.statutory_date == datetime(2024, 3, 4).date()
    assert application.due_date == application.statutory_date
    assert application.target_date == datetime(2024, 2, 12).date()  # 21 days before, the council's default


@pytest.mark.django_db
def test_prior_approval_for_a_larger_home_extension_has_42_days(southwark):
    application = make_application(
        southwark, code="pa.part1.classA", submitted_at=datetime(2024, 1, 8, 10, tzinfo=LONDON)
    )
    assert application.statutory_date == datetime(2024, 2, 19).date()


@pytest.mark.django_db
def test_a_council_override_of_the_period_is_used(southwark, swk_users):
    services.application_type_configure(
        council=southwark,
        user=swk_users[Role.ADMINISTRATOR],
        code="pp.full.householder",
        is_active=True,
        period_days_override=70,
    )
    application = make_application(southwark, submitted_at=datetime(2024, 1, 8, 10, tzinfo=LONDON))
    assert application.statutory_date == datetime(2024, 3, 18).date()
    entry = AuditEntry.objects.get(event="application_type_updated")
    assert entry.data["after"] == {"is_active": True, "period_days_override": 70, "required_documents": []}


@pytest.mark.django_db
def test_only_an_administrator_configures_types(southwark, swk_users):
    with pytest.raises(Exception, match="role"):
        services.application_type_configure(
            council=southwark,
            user=swk_users[Role.REVIEWER],
            code="pp.full.householder",
            is_active=False,
            period_days_override=None,
        )
    assert ApplicationType.objects.get(council=southwark, code="pp.full.householder").is_active


@pytest.mark.django_db
def test_an_inactive_type_is_refused(southwark):
    application_type = ApplicationType.objects.get(council=southwark, code="pp.full.major")
    assert not application_type.is_active
    with pytest.raises(DomainError, match="not accepted by this council"):
        services.planning_application_create(
            council=southwark,
            user=None,
            application_type=application_type,
            site=services.Site(address_line_1="1 High Street", postcode="SE1 1AA"),
            description="Flats",
            applicant=services.Person(name="A", email="a@x.example"),
        )
    assert not PlanningApplication.objects.exists()


@pytest.mark.django_db
def test_a_bad_boundary_leaves_nothing_behind(southwark):
    application_type = ApplicationType.objects.get(council=southwark, code="pp.full.householder")
    with pytest.raises(DomainError, match="(?i)polygon"):
        services.planning_application_create(
            council=southwark,
            user=None,
            application_type=application_type,
            site=services.Site(address_line_1="1 High Street", postcode="SE1 1AA"),
            description="Extension",
            applicant=services.Person(name="A", email="a@x.example"),
            boundary={"type": "Point", "coordinates": [-0.07, 51.47]},
        )
    southwark.refresh_from_db()
    assert southwark.last_application_number == 99
    assert not PlanningApplication.objects.exists()


@pytest.mark.django_db
def test_an_email_for_the_applicant_or_agent_is_required(southwark):
    application_type = ApplicationType.objects.get(council=southwark, code="pp.full.householder")
    with pytest.raises(DomainError, match="email address") as error:
        services.planning_application_create(
            council=southwark,
            user=None,
            application_type=application_type,
            site=services.Site(address_line_1="1 High Street", postcode="SE1 1AA"),
            description="Extension",
            applicant=services.Person(name="A"),
        )
    assert error.value.field == "applicant_email"


@pytest.mark.django_db
@time_machine.travel(datetime(2024, 1, 9, 12, tzinfo=LONDON), tick=False)
def test_changing_the_type_keeps_the_old_reference_and_is_audited(southwark, swk_users):
    application = make_application(southwark, submitted_at=datetime(2024, 1, 8, 10, tzinfo=LONDON))
    changed = services.planning_application_change_type(
        council=southwark, application_id=application.pk, user=swk_users[Role.ASSESSOR], code="pa.part1.classA"
    )
    assert changed.reference == "24-00100-PA1A"
    assert changed.previous_references == ["24-00100-HAPP"]
    assert changed.statutory_date == datetime(2024, 2, 19).date()
    assert "24-00100-happ" in changed.search_text
    entry = AuditEntry.objects.get(application=application, event="type_changed")
    assert entry.data["old_reference"] == "24-00100-HAPP"
    assert entry.data["new_reference"] == "24-00100-PA1A"


@pytest.mark.django_db
def test_the_type_of_a_closed_case_cannot_change(southwark, swk_users):
    application = make_application_in(southwark, Status.WITHDRAWN, swk_users)
    with pytest.raises(DomainError, match="closed case"):
        services.planning_application_change_type(
            council=southwark, application_id=application.pk, user=swk_users[Role.ASSESSOR], code="ldc.proposed"
        )


@pytest.mark.django_db
def test_assigning_tells_the_officer_and_is_audited(southwark, swk_users):
    application = make_application(southwark)
    officer = make_user(southwark, Role.ASSESSOR, name="Ama Mensah")
    services.planning_application_assign(
        council=southwark, application_id=application.pk, user=swk_users[Role.REVIEWER], officer_id=officer.pk
    )
    application.refresh_from_db()
    assert application.assigned_officer == officer
    message = OutboxMessage.objects.get(to=officer.email)
    assert application.reference_in_full in message.subject
    entry = AuditEntry.objects.get(application=application, event="assigned")
    assert entry.data == {"from": None, "to": "Ama Mensah"}


@pytest.mark.django_db
def test_an_officer_of_another_council_cannot_be_assigned(southwark, swk_users, lbh_users):
    application = make_application(southwark)
    with pytest.raises(DomainError, match="officer of your council"):
        services.planning_application_assign(
            council=southwark,
            application_id=application.pk,
            user=swk_users[Role.ASSESSOR],
            officer_id=lbh_users[Role.ASSESSOR].pk,
        )
    application.refresh_from_db()
    assert application.assigned_officer is None


@pytest.mark.django_db
def test_an_administrator_cannot_be_assigned_cases(southwark, swk_users):
    application = make_application(southwark)
    with pytest.raises(DomainError, match="officer of your council"):
        services.planning_application_assign(
            council=southwark,
            application_id=application.pk,
            user=swk_users[Role.ASSESSOR],
            officer_id=swk_users[Role.ADMINISTRATOR].pk,
        )


@pytest.mark.django_db
def test_valid_from_moves_the_statutory_date(southwark, swk_users):
    application = make_application(southwark, submitted_at=timezone.now() - timedelta(days=30))
    received = timezone.localtime(application.received_at).date()
    later = received + timedelta(days=3)
    changed = services.planning_application_set_valid_from(
        council=southwark, application_id=application.pk, user=swk_users[Role.ASSESSOR], valid_from=later
    )
    assert changed.statutory_date == later + timedelta(days=56)


@pytest.mark.django_db
@pytest.mark.parametrize(("offset", "message"), [(-1, "before the application was received"), (40, "in the future")])
def test_valid_from_cannot_be_before_receipt_or_in_the_future(southwark, swk_users, offset, message):
    application = make_application(southwark, submitted_at=timezone.now() - timedelta(days=30))
    day = timezone.localtime(application.received_at).date() + timedelta(days=offset)
    with pytest.raises(DomainError, match=message):
        services.planning_application_set_valid_from(
            council=southwark, application_id=application.pk, user=swk_users[Role.ASSESSOR], valid_from=day
        )
    application.refresh_from_db()
    assert application.valid_from is None
