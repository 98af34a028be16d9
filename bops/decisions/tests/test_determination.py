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
from bops.decisions.models import Determination
from bops.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _determine(council, case, user, **kwargs):
    kwargs.setdefault("determined_on", timezone.localdate())
    return services.determine(council=council, application_id=case.pk, user=user, **kwargs)


def test_reviewer_determines_and_the_notice_is_stored_and_sent(southwark, swk_users, ready):
    case = ready()
    determination = _determine(southwark, case, swk_users[Role.REVIEWER])
    case.refresh_from_db()
    assert case.status == Status.DETERMINED
    assert determination.decision == "granted"
    assert determination.notice.tags == ["decisionNotice"]
    assert determination.notice.publishable
    assert determination.notice.file.read().startswith(b"%PDF")
    messages = OutboxMessage.objects.filter(application=case)
    assert any("/planning-applications/" in m.body and "Planning permission" in m.body for m in messages)
    assert AuditEntry.objects.filter(application=case, event="decision_notice_issued").exists()


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.ADMINISTRATOR])
def test_only_a_reviewer_determines(southwark, swk_users, ready, role):
    case = ready()
    with pytest.raises(PermissionDenied):
        _determine(southwark, case, swk_users[role])
    assert not Determination.objects.filter(application=case).exists()


def test_future_date_refused(southwark, swk_users, ready):
    case = ready()
    with pytest.raises(DomainError, match="today or in the past"):
        _determine(southwark, case, swk_users[Role.REVIEWER], determined_on=timezone.localdate() + timedelta(days=1))


def test_date_before_valid_from_refused(southwark, swk_users, ready):
    case = ready()
    with pytest.raises(DomainError, match="before the application was valid"):
        _determine(southwark, case, swk_users[Role.REVIEWER], determined_on=case.valid_from - timedelta(days=1))


def test_determined_twice_refused(southwark, swk_users, ready):
    case = ready()
    _determine(southwark, case, swk_users[Role.REVIEWER])
    with pytest.raises(DomainError, match="already determined"):
        _determine(southwark, case, swk_users[Role.REVIEWER])
    assert Determination.objects.filter(application=case).count() == 1


def test_no_agreed_recommendation_refused_and_nothing_changes(southwark, swk_users):
    case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users)
    documents = case.documents.count()
    with pytest.raises(DomainError, match="Agree with the recommendation"):
        _determine(southwark, case, swk_users[Role.REVIEWER])
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DETERMINATION
    assert case.documents.count() == documents
    assert not Determination.objects.filter(application=case).exists()


def test_open_post_validation_request_refused(southwark, swk_users, ready):
    from bops.validation.models import ValidationRequest

    case = ready()
    ValidationRequest.objects.create(
        council=southwark,
        application=case,
        sequence=1,
        kind="other_change",
        state="open",
        post_validation=True,
        reason="Sign the form",
    )
    with pytest.raises(DomainError, match="waits for the applicant"):
        _determine(southwark, case, swk_users[Role.REVIEWER])
    assert not Determination.objects.filter(application=case).exists()
