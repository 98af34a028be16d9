"""The demo data, loaded once for the module (it takes some seconds) and checked from every side: the caseload, the
sign-ins, and that each case is true to its status (its report, its publicity, its register entry, the links in
the messages it sent)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client
from django.utils import timezone

from bops.accounts.models import User
from bops.applications.boundary import parse_boundary
from bops.applications.catalogue import Family
from bops.applications.demo import CASES_PER_COUNCIL, DEMO_PASSWORD, sign_ins, tiny_pdf
from bops.applications.models import PlanningApplication, Status
from bops.applications.selectors import deadline_for
from bops.assessment.models import Recommendation
from bops.assessment.selectors import assessment_task_list
from bops.consultation.duties import publicity_owed
from bops.consultation.models import (
    CaseConsultee,
    Consultation,
    Consultee,
    ConsulteeResponse,
    Neighbour,
    NeighbourLetter,
    PublicComment,
    SiteNotice,
)
from bops.consultation.rules import needs_consultation
from bops.core.models import AuditEntry
from bops.core.tasklist import TaskStatus
from bops.councils.models import Council
from bops.decisions.models import Appeal, Determination
from bops.documents.models import Document
from bops.notifications.models import OutboxMessage
from bops.validation.models import RequestState

PAST_ASSESSMENT = (Status.AWAITING_DETERMINATION, Status.IN_COMMITTEE, Status.DETERMINED)
OPEN_VALIDATED = (Status.IN_ASSESSMENT, Status.AWAITING_DETERMINATION, Status.TO_BE_REVIEWED, Status.IN_COMMITTEE)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for every test here; rolled back after the last one."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo_data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return loaded


def _cases(*statuses):
    cases = PlanningApplication.objects.select_related("application_type", "council").order_by("council", "reference")
    return list(cases.filter(status__in=statuses) if statuses else cases)


def test_demo_data_makes_two_councils_with_realistic_caseloads_once(demo):
    councils = list(Council.objects.order_by("code"))
    assert [c.subdomain for c in councils] == ["lambeth", "southwark"]
    for council in councils:
        cases = PlanningApplication.objects.filter(council=council)
        assert cases.count() == CASES_PER_COUNCIL
        assert not cases.filter(status=Status.PENDING).exists()
        assert council.email.endswith(".example")
    assert not User.objects.exclude(email__endswith=".example").exists()
    assert not PlanningApplication.objects.exclude(applicant_email__endswith=".example").exists()
    assert not OutboxMessage.objects.filter(channel="email").exclude(to__endswith=".example").exists()
    assert "http://southwark.localhost:" in demo
    assert "http://lambeth.localhost:" in demo
    assert "assessor@southwark.example" in demo
    assert DEMO_PASSWORD in demo

    today = timezone.localdate()
    cases = _cases()
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
        Status.TO_BE_REVIEWED,
        Status.IN_COMMITTEE,
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
    assert not OutboxMessage.objects.filter(created_at__gt=now).exists()
    for case in cases:
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
    lambeths = PlanningApplication.objects.filter(council__subdomain="lambeth").values("reference")
    case = PlanningApplication.objects.filter(council=council, status=Status.DETERMINED).exclude(
        reference__in=lambeths
    )[0]
    assert client.get(f"/applications/{case.reference}").status_code == 404  # lambeth's officer, southwark's case
    client = Client(HTTP_HOST="southwark.localhost")
    client.post("/sign-in", {"email": "reviewer@southwark.example", "password": DEMO_PASSWORD})
    assert client.get(f"/applications/{case.reference}").status_code == 200


def test_every_case_past_assessment_has_its_whole_report_and_a_submitted_recommendation(demo):
    """Awaiting determination, in committee or determined: every assessment task of the case's family done
    through the services, and the recommendation submitted (agreed, for a determined case); a case sent back by
    the reviewer has everything but the recommendation, which waits for the officer."""
    past = _cases(*PAST_ASSESSMENT)
    families = {case.application_type.family for case in past}
    assert {Family.LAWFUL_DEVELOPMENT_CERTIFICATE, Family.PRIOR_APPROVAL, Family.PLANNING_PERMISSION} <= families
    for case in past:
        rows = [row for section in assessment_task_list(application=case).sections for row in section.rows]
        assert [r.slug for r in rows if r.status != TaskStatus.COMPLETED] == [], case.reference
        latest = case.recommendations.order_by("-created_at", "-id").first()
        assert latest is not None and latest.submitted_at is not None, case.reference
        assert latest.author.role == "assessor"
        assert AuditEntry.objects.filter(application=case, event="assessment_section_saved").exists()
        if case.status == Status.DETERMINED:
            assert latest.review == Recommendation.Review.AGREED
            assert Determination.objects.get(application=case).decision == latest.decision
    for case in _cases(Status.TO_BE_REVIEWED):
        rows = [row for section in assessment_task_list(application=case).sections for row in section.rows]
        assert [r.slug for r in rows if r.status != TaskStatus.COMPLETED] == ["recommendation"], case.reference
        assert case.recommendations.get().review == Recommendation.Review.CHALLENGED


def test_every_determined_case_had_the_publicity_its_type_requires_before_its_decision(demo):
    """A prior approval for a larger home extension notified its adjoining premises (GPDO 2015 Sch. 2 Part 1
    para. A.4(5)), a planning application wrote to its neighbours and put up its site notice (DMPO 2015 art. 15),
    and in each case the period for comments was over before the decision (DMPO 2015 art. 33)."""
    consulted = [c for c in _cases(Status.DETERMINED) if needs_consultation(c.application_type.spec)]
    assert {c.application_type.family for c in consulted} >= {Family.PRIOR_APPROVAL, Family.PLANNING_PERMISSION}
    for case in consulted:
        decided = Determination.objects.get(application=case).determined_on
        owed = publicity_owed(case, today=decided)
        assert owed.publicity.required and not owed.outstanding, (case.reference, [d.status for d in owed.duties])
        consultation = Consultation.objects.get(application=case)
        assert consultation.end_date < decided
        letters = NeighbourLetter.objects.filter(neighbour__consultation=consultation)
        assert letters.exists()
        assert all(timezone.localtime(letter.sent_at).date() <= decided - timedelta(days=21) for letter in letters)
        if case.application_type.family == Family.PLANNING_PERMISSION:
            notice = SiteNotice.objects.get(consultation=consultation)
            assert notice.required and notice.displayed_on <= decided - timedelta(days=21)


def test_the_neighbours_written_to_are_the_houses_beside_the_site(demo):
    """The gazetteer follows the demo's streets, so a prior approval's neighbours are the adjoining houses (two
    doors either way on the same side), and a planning application's are those and the houses across the road."""
    for case in _cases(*OPEN_VALIDATED, Status.DETERMINED):
        if not needs_consultation(case.application_type.spec):
            continue
        number, _, street = case.address_line_1.partition(" ")
        neighbours = list(Neighbour.objects.filter(consultation__application=case))
        numbers = {int(n.address.split(" ", 1)[0]) for n in neighbours if street in n.address}
        assert neighbours and int(number) not in numbers
        if case.application_type.family == Family.PRIOR_APPROVAL:
            assert numbers and numbers <= {int(number) - 2, int(number) + 2}, (case.reference, numbers)
        else:
            assert {int(number) - 2, int(number) + 2} & numbers
            assert any(n % 2 != int(number) % 2 for n in numbers)  # across the road


def test_cases_in_consultation_have_their_letters_sent_notices_up_and_consultees_emailed(demo):
    for council in Council.objects.all():
        open_cases = [
            c for c in _cases(*OPEN_VALIDATED) if c.council == council and needs_consultation(c.application_type.spec)
        ]
        today = timezone.localdate()
        running = [c for c in open_cases if Consultation.objects.get(application=c).end_date >= today]
        assert running, council  # some are in their consultation now
        for case in open_cases:
            consultation = Consultation.objects.get(application=case)
            neighbours = Neighbour.objects.filter(consultation=consultation)
            assert neighbours.exists(), case.reference
            assert not neighbours.filter(letters=None).exists()
            notice = SiteNotice.objects.filter(consultation=consultation).first()
            if case.application_type.family == Family.PLANNING_PERMISSION:
                assert notice.required and notice.displayed_on, case.reference
        consulted = CaseConsultee.objects.filter(council=council)
        assert consulted.exists()
        assert not consulted.filter(emailed_at=None).exists()
        assert ConsulteeResponse.objects.filter(council=council).exists()
        assert {c.organisation for c in Consultee.objects.filter(council=council)} >= {
            "Historic England",
            "Environment Agency",
        }
        # An officer has some comments still to redact before they are published.
        assert PublicComment.objects.filter(council=council, redacted_at=None).exists()


def test_the_demo_register_has_published_documents_comments_decisions_and_appeals(demo):
    """The public register of the demo shows what a council's would: every case received, documents an officer
    published, comments and consultee responses published after redaction, decisions with their notices (Part 2
    of the register), and appealed refusals."""
    for validated in _cases(*OPEN_VALIDATED, Status.DETERMINED):
        assert validated.documents.filter(publishable=True).exists(), validated.reference
    for council in Council.objects.all():
        public = Client(HTTP_HOST=f"{council.subdomain}.localhost")
        listed = public.get("/api/@next/public/applications?maxresults=50").json()
        assert listed["pagination"]["totalResults"] == PlanningApplication.objects.filter(council=council).count()
        labels = {item["data"]["application"]["stage"] for item in listed["data"]}
        assert {"submission", "assessment", "appeal"} <= labels
        determined = PlanningApplication.objects.filter(council=council, status=Status.DETERMINED)
        assert determined.count() == Determination.objects.filter(council=council).count() >= 6
        assert Appeal.objects.filter(council=council).exists()
        case = determined.first()
        documents = public.get(f"/api/v2/public/planning_applications/{case.reference}/documents").json()
        assert documents["decisionNotice"]["url"]
        assert len(documents["files"]) >= 2
        published = PublicComment.objects.filter(council=council, redacted_at__isnull=False)
        assert published.values("application").distinct().count() >= 5
        comment = published.filter(stance="objection").exclude(text=F("redacted_text")).first()
        page = public.get(f"/planning-applications/{comment.application.reference}")
        assert page.status_code == 200
        text = page.content.decode()
        assert comment.redacted_text in text
        assert "07700 900" not in text  # the personal details taken out are not shown
        assert ConsulteeResponse.objects.filter(council=council, redacted_at__isnull=False).exists()


def _path(message: OutboxMessage, prefix: str) -> str:
    found = re.search(rf"https?://[^/\s]+(/{prefix}/[^\s]+)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_outbox_links_to_applicants_and_consultees_open_live_requests(demo):
    """An evaluator following a link from the outbox lands on a request they can answer now: the applicant on an
    open request of a case being assessed, the consultee on the response form of a case in consultation."""
    for council in Council.objects.all():
        client = Client(HTTP_HOST=f"{council.subdomain}.localhost")
        asked = OutboxMessage.objects.filter(
            council=council, application__status=Status.IN_ASSESSMENT, body__contains="/respond/"
        ).first()
        assert asked is not None
        request = asked.application.validation_requests.get(state=RequestState.OPEN)
        page = client.get(_path(asked, "respond"))
        assert page.status_code == 200
        assert "To answer" in page.content.decode()
        answer = client.get(f"{_path(asked, 'respond')}/requests/{request.pk}")
        assert answer.status_code == 200
        assert '<form method="post"' in answer.content.decode()

        emailed = OutboxMessage.objects.filter(
            council=council, application__status=Status.IN_ASSESSMENT, body__contains="/consultee/"
        )
        running = [m for m in emailed if m.application.consultation.end_date >= timezone.localdate()]
        assert running
        page = client.get(_path(running[0], "consultee"))
        assert page.status_code == 200
        assert 'name="stance"' in page.content.decode()


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
