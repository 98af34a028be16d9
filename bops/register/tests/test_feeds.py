"""The register's Atom feeds: new applications and decisions, per council, valid Atom 1.0 read back as XML."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application, make_application_in
from bops.decisions.models import Determination

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(council, name):
    response = Client(HTTP_HOST=f"{council.subdomain}.localhost").get(f"/planning-applications/feeds/{name}.atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=60"
    return ET.fromstring(response.content)


def entries(root):
    return root.findall(f"{ATOM}entry")


def assert_valid_atom(root):
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.find(f"{ATOM}{name}").text
    for entry in entries(root):
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate"
        assert "/planning-applications/" in link.get("href")


@pytest.mark.django_db
def test_the_new_applications_feed_has_the_newest_received_first_and_no_pending_case(southwark, lambeth, swk_users):
    now = timezone.now()
    old = make_application(southwark, address="1 Old Road", submitted_at=now - timedelta(days=30))
    new = make_application(southwark, address="2 New Road", submitted_at=now - timedelta(days=2))
    make_application(southwark, accept=False, address="3 Arriving Road")
    root = feed(southwark, "new")
    assert_valid_atom(root)
    titles = [e.find(f"{ATOM}title").text for e in entries(root)]
    assert titles == [f"{new.reference_in_full}: {new.address}", f"{old.reference_in_full}: {old.address}"]
    link = entries(root)[0].find(f"{ATOM}link").get("href")
    assert link == f"http://southwark.localhost/planning-applications/{new.reference}"
    assert "Erection of a single storey rear extension" in entries(root)[0].find(f"{ATOM}summary").text
    assert entries(feed(lambeth, "new")) == []


@pytest.mark.django_db
def test_the_new_applications_feed_holds_50(southwark):
    for n in range(52):
        make_application(southwark, address=f"{n} Rye Lane")
    assert len(entries(feed(southwark, "new"))) == 50


@pytest.mark.django_db
def test_the_decisions_feed_has_the_decided_cases_with_their_decision(southwark, swk_users):
    undecided = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    decided = make_application_in(southwark, Status.DETERMINED, swk_users, address="9 Refused Road")
    Determination.objects.create(
        council=southwark,
        application=decided,
        decision="refused",
        reasons="Too big",
        determined_on=timezone.localdate(),
        determined_by=swk_users[Role.REVIEWER],
    )
    root = feed(southwark, "decisions")
    assert_valid_atom(root)
    [entry] = entries(root)
    assert entry.find(f"{ATOM}title").text == f"{decided.reference_in_full}: {decided.address}"
    assert "Decision: refused" in entry.find(f"{ATOM}summary").text
    assert undecided.reference not in ET.tostring(root).decode()
