"""The statuses the cross-cutting tenancy test should expect for this stage's views, on a case not yet validated."""

import pytest

from bops.accounts.models import Role
from bops.applications.tests.builders import make_application

pytestmark = pytest.mark.django_db

CALLS = {
    "review": (
        "GET",
        "/applications/{ref}/review",
        None,
        {Role.ASSESSOR: 200, Role.REVIEWER: 200, Role.ADMINISTRATOR: 200},
    ),
    "review-post": (
        "POST",
        "/applications/{ref}/review",
        {"agree": "yes"},
        {Role.ASSESSOR: 403, Role.REVIEWER: 400, Role.ADMINISTRATOR: 403},
    ),
    "committee": (
        "POST",
        "/applications/{ref}/review/committee",
        {"reasons": "Call-in"},
        {Role.ASSESSOR: 403, Role.REVIEWER: 400, Role.ADMINISTRATOR: 403},
    ),
    "decision": (
        "GET",
        "/applications/{ref}/decision",
        None,
        {Role.ASSESSOR: 200, Role.REVIEWER: 200, Role.ADMINISTRATOR: 200},
    ),
    "notice-pdf": (
        "GET",
        "/applications/{ref}/decision/notice.pdf",
        None,
        {Role.ASSESSOR: 404, Role.REVIEWER: 404, Role.ADMINISTRATOR: 403},
    ),
    "appeals": (
        "GET",
        "/applications/{ref}/appeals",
        None,
        {Role.ASSESSOR: 200, Role.REVIEWER: 200, Role.ADMINISTRATOR: 200},
    ),
    "appeal-update": (
        "POST",
        "/applications/{ref}/appeals/999999",
        {},
        {Role.ASSESSOR: 400, Role.REVIEWER: 400, Role.ADMINISTRATOR: 403},
    ),
}


@pytest.mark.parametrize("name", CALLS)
def test_role_statuses(southwark, swk_users, client_for, name):
    method, path, data, expected = CALLS[name]
    case = make_application(southwark)
    url = path.format(ref=case.reference)
    anonymous = getattr(client_for(southwark), method.lower())(url, data or {})
    assert anonymous.status_code == 302
    for role, status in expected.items():
        response = getattr(client_for(southwark, swk_users[role]), method.lower())(url, data or {})
        assert response.status_code == status, (role, response.content[:300])
