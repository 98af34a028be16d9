import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from bops.accounts.models import User
from bops.applications.boundary import parse_boundary
from bops.applications.demo import CASES_PER_COUNCIL, DEMO_PASSWORD, sign_ins, tiny_pdf
from bops.applications.models import PlanningApplication, Status
from bops.applications.selectors import deadline_for
from bops.core.models import AuditEntry
from bops.councils.models import Council
from bops.documents.models import Document


@pytest.fixture
def demo(db):
    out = StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def test_demo_data_makes_two_councils_with_realistic_caseloads_once(demo):
    """One load checked from every side: loading takes a few seconds."""
    councils = list(Council.objects.order_by("code"))
    assert [c.subdomain for c in councils] == ["lambeth", "southwark"]
    for council in councils:
        cases = PlanningApplication.objects.filter(council=council)
        assert cases.count() == CASES_PER_COUNCIL
        assert not cases.filter(status=Status.PENDING).exists()
        assert council.email.endswith(".example")
    assert not User.objects.exclude(email__endswith=".example").exists()
    assert not PlanningApplication.objects.exclude(applicant_email__endswith=".example").exists()
    assert "http://southwark.localhost:" in demo
    assert "http://lambeth.localhost:" in demo
    assert "assessor@southwark.example" in demo
    assert DEMO_PASSWORD in demo

    today = timezone.localdate()
    cases = list(PlanningApplication.objects.select_related("application_type", "council"))
    for case in cases:
        parsed = parse_boundary(case.boundary)
        assert 100 < parsed.area_m2 < 400, case.address
        assert abs(parsed.centroid_lat - case.latitude) < 0.001
        assert re.fullmatch(r"\d{2}-\d{5}-[A-Z0-9]+", case.reference)
        assert re.fullmatch(r"\d{12}", case.uprn)
        assert case.received_at >= case.submitted_at
        submitted = case.documents.exclude(name__startswith="decision-notice-")  # the notice is the council's
        assert 1 <= submitted.count() <= 3
    deadlines = [deadline_for(case, today=today) for case in cases]
    assert any(d and d.state == "overdue" for d in deadlines)
    assert any(d and d.state == "due_soon" for d in deadlines)
    assert sum(1 for d in deadlines if d and d.deemed_consent) >= 2
    statuses = {case.status for case in cases}
    assert {
        Status.NOT_STARTED,
        Status.IN_ASSESSMENT,
        Status.AWAITING_DETERMINATION,
        Status.DETERMINED,
        Status.WITHDRAWN,
        Status.RETURNED,
        Status.CLOSED,
        Status.INVALIDATED,
    } <= statuses
    assigned = sum(1 for case in cases if case.assigned_officer_id)
    assert 0.5 < assigned / len(cases) < 0.75
    # The history was played in order: nothing happened in the future, and each case was created first.
    now = timezone.now()
    assert not AuditEntry.objects.filter(created_at__gt=now).exists()
    for case in cases[:10]:
        events = list(AuditEntry.objects.filter(application=case).order_by("created_at", "id"))
        assert events[0].event == "created"
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)

    document = Document.objects.first()
    with document.file.open("rb") as handle:
        content = handle.read()
    _check_pdf(content)
    assert len(content) < 2000
    assert document.tags

    counts = (Council.objects.count(), User.objects.count(), PlanningApplication.objects.count())
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "Demo data already loaded" in out.getvalue()
    assert (Council.objects.count(), User.objects.count(), PlanningApplication.objects.count()) == counts


def test_every_demo_officer_can_sign_in(demo):
    for sign_in in sign_ins():
        client = Client(HTTP_HOST=sign_in.url_host)
        response = client.post("/sign-in", {"email": sign_in.email, "password": sign_in.password})
        assert response.status_code == 302, sign_in.email
        assert client.get("/?tab=all").status_code == 200
    council = Council.objects.get(subdomain="southwark")
    case = PlanningApplication.objects.filter(council=council, status=Status.DETERMINED).first()
    assert client.get(f"/applications/{case.reference}").status_code == 404  # lambeth's officer, southwark's case
    client = Client(HTTP_HOST="southwark.localhost")
    client.post("/sign-in", {"email": "reviewer@southwark.example", "password": DEMO_PASSWORD})
    assert client.get(f"/applications/{case.reference}").status_code == 200


def test_the_demo_register_has_published_documents_decisions_and_appeals(demo):
    """The public register of the demo shows what a council's would: every case received, documents an officer
    published, decisions with their notices (Part 2 of the register), and appealed refusals."""
    from bops.decisions.models import Appeal, Determination

    council = Council.objects.get(subdomain="southwark")
    public = Client(HTTP_HOST="southwark.localhost")
    listed = public.get("/api/@next/public/applications?maxresults=50").json()
    assert listed["pagination"]["totalResults"] == PlanningApplication.objects.filter(council=council).count()
    determined = PlanningApplication.objects.filter(council=council, status=Status.DETERMINED)
    assert determined.count() == Determination.objects.filter(council=council).count() >= 6
    assert Appeal.objects.filter(council=council).exists()
    case = determined.first()
    documents = public.get(f"/api/v2/public/planning_applications/{case.reference}/documents").json()
    assert documents["decisionNotice"]["url"]
    assert len(documents["files"]) >= 2
    labels = {item["data"]["application"]["stage"] for item in listed["data"]}
    assert {"submission", "assessment", "appeal"} <= labels


def _check_pdf(content: bytes) -> None:
    assert content.startswith(b"%PDF-1.4\n")
    assert content.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)\n", content).group(1))
    assert content[xref_at:].startswith(b"xref\n")
    entries = re.findall(rb"(\d{10}) 00000 n \n", content[xref_at:])
    assert len(entries) == 5
    for number, offset in enumerate(entries, start=1):
        assert content[int(offset) :].startswith(b"%d 0 obj\n" % number)
    length = int(re.search(rb"/Length (\d+) >>\nstream\n", content).group(1))
    stream_at = content.index(b"stream\n") + len(b"stream\n")
    assert content[stream_at + length :].startswith(b"\nendstream")


def test_tiny_pdf_escapes_text():
    content = tiny_pdf("Plan (rev A) \\ final", "Café")
    _check_pdf(content)
    assert b"(Plan \\(rev A\\) \\\\ final) Tj" in content
