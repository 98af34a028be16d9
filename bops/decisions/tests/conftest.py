import pytest

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import add_recommendation, make_application_in


@pytest.fixture
def ready(southwark, swk_users):
    """A householder case awaiting determination with its recommendation agreed by the reviewer."""

    def make(code: str = "pp.full.householder", **kwargs):
        case = make_application_in(southwark, Status.AWAITING_DETERMINATION, swk_users, code=code, **kwargs)
        add_recommendation(case, swk_users[Role.ASSESSOR], agreed_by=swk_users[Role.REVIEWER])
        return case

    return make
