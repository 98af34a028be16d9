from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.decisions import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def determined(southwark, swk_users):
    return make_application_in(southwark, Status.DETERMINED, swk_users)


def _day(days_ago: int):
    return timezone.localdate() - timedelta(days=days_ago)


def test_lodge_and_update_in_order(southwark, swk_users, determined):
    officer = swk_users[Role.ASSESSOR]
    appeal = services.appeal_lodge(council=southwark, application_id=determined.pk, user=officer, lodged_on=_day(0))
    appeal = services.appeal_update(
        council=southwark,
        application_id=determined.pk,
        user=officer,
        appeal_id=appeal.pk,
        validated_on=_day(0),
        started_on=_day(0),
        determined_on=_day(0),
        decision="dismissed",
    )
    assert appeal.decision == "dismissed"
    assert AuditEntry.objects.filter(application=determined, event="appeal_decision").exists()


def test_dates_out_of_order_refused(southwark, swk_users, determined):
    officer = swk_users[Role.ASSESSOR]
    appeal = services.appeal_lodge(council=southwark, application_id=determined.pk, user=officer, lodged_on=_day(0))
    with pytest.raises(DomainError, match="validated before it was lodged"):
        services.appeal_update(
            council=southwark, application_id=determined.pk, user=officer, appeal_id=appeal.pk, validated_on=_day(3)
        )
    with pytest.raises(DomainError, match="started before it was validated"):
        services.appeal_update(
            council=southwark,
            application_id=determined.pk,
            user=officer,
            appeal_id=appeal.pk,
            validated_on=_day(0),
            started_on=_day(0) - timedelta(days=1),
        )


def test_future_dates_and_decision_without_date_refused(southwark, swk_users, determined):
    officer = swk_users[Role.ASSESSOR]
    with pytest.raises(DomainError, match="today or in the past"):
        services.appeal_lodge(council=southwark, application_id=determined.pk, user=officer, lodged_on=_day(-1))
    appeal = services.appeal_lodge(council=southwark, application_id=determined.pk, user=officer, lodged_on=_day(0))
    with pytest.raises(DomainError, match="date the appeal was decided"):
        services.appeal_update(
            council=southwark, application_id=determined.pk, user=officer, appeal_id=appeal.pk, decision="allowed"
        )


def test_only_determined_cases_and_officers(southwark, swk_users):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    with pytest.raises(DomainError, match="determined case"):
        services.appeal_lodge(
            council=southwark, application_id=case.pk, user=swk_users[Role.REVIEWER], lodged_on=_day(0)
        )
    with pytest.raises(PermissionDenied):
        services.appeal_lodge(
            council=southwark, application_id=case.pk, user=swk_users[Role.ADMINISTRATOR], lodged_on=_day(0)
        )


def test_appeals_page(southwark, lambeth, lbh_users, swk_users, client_for, determined):
    path = f"/applications/{determined.reference}/appeals"
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    assert client.get(path).status_code == 200
    bad = client.post(path, {"lodged_on": "1/1/2099"})
    assert bad.status_code == 400 and "today or in the past" in bad.content.decode()
    assert client.post(path, {"lodged_on": timezone.localdate().strftime("%d/%m/%Y")}).status_code == 302
    assert "Appeal lodged" in client.get(path).content.decode()
    assert client_for(lambeth, lbh_users[Role.ASSESSOR]).get(path).status_code == 404
