"""Fixtures shared by every context's tests: two councils, each with one user per role."""

import pytest
from django.test import Client

from bops.accounts.models import Role
from bops.applications.tests.builders import make_council, make_user


@pytest.fixture
def southwark(db):
    return make_council(subdomain="southwark", code="SWK", name="London Borough of Southwark")


@pytest.fixture
def lambeth(db):
    return make_council(subdomain="lambeth", code="LBH", name="London Borough of Lambeth")


@pytest.fixture
def swk_users(southwark):
    return {role: make_user(southwark, role) for role in Role.values}


@pytest.fixture
def lbh_users(lambeth):
    return {role: make_user(lambeth, role) for role in Role.values}


@pytest.fixture
def client_for():
    """A test client on a council's subdomain, signed in as `user` when one is given."""

    def make(council, user=None):
        client = Client(HTTP_HOST=f"{council.subdomain}.localhost")
        if user is not None:
            client.force_login(user, backend="bops.accounts.backends.CouncilEmailBackend")
        return client

    return make
