"""The assessment against the council's policies, heads of terms of a planning obligation, and site visit photos."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.catalogue import Family
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.assessment import checks, selectors, services
from bops.assessment.models import LibraryPolicy, Outcome, Section, SectionVersion
from bops.core.errors import DomainError
from bops.core.tasklist import TaskStatus
from bops.documents.services import Upload
from bops.validation.models import RequestKind, RequestState, ValidationRequest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)


@pytest.fixture
def library(southwark):
    return [
        LibraryPolicy.objects.create(council=southwark, reference="P13", title="Design of places"),
        LibraryPolicy.objects.create(council=southwark, reference="P56", title="Protection of amenity"),
        LibraryPolicy.objects.create(council=southwark, reference="P99", title="Withdrawn", is_active=False),
    ]


def _who(case, user):
    return {"council": case.council, "application_id": case.pk, "user": user}


def _status(case, slug):
    rows = [r for s in selectors.assessment_task_list(application=case).sections for r in s.rows]
    return next(r.status for r in rows if r.slug == slug)


def test_policies_and_heads_of_terms_are_full_planning_permission_tasks():
    slugs = checks.task_slugs(Family.PLANNING_PERMISSION)
    assert slugs.index("policies") < slugs.index("other-considerations")
    assert "heads-of-terms" in slugs
    for family in (Family.LAWFUL_DEVELOPMENT_CERTIFICATE, Family.PRIOR_APPROVAL, Family.OTHER):
        assert not {"policies", "heads-of-terms"} & set(checks.task_slugs(family))


def test_policies_are_added_assessed_and_complete_the_task(case, swk_users, library):
    officer = swk_users[Role.ASSESSOR]
    design = services.policy_add(**_who(case, officer), policy_id=library[0].pk)
    amenity = services.policy_add(**_who(case, officer), policy_id=library[1].pk)
    with pytest.raises(DomainError, match="already on the case"):
        services.policy_add(**_who(case, officer), policy_id=library[0].pk)
    with pytest.raises(DomainError, match="council's library"):
        services.policy_add(**_who(case, officer), policy_id=library[2].pk)
    assert _status(case, "policies") == TaskStatus.IN_PROGRESS

    answers = [
        services.PolicyAnswer(design.pk, Outcome.COMPLIES),
        services.PolicyAnswer(amenity.pk, Outcome.DOES_NOT_COMPLY),
    ]
    with pytest.raises(DomainError, match="does not comply with P56") as refused:
        services.policies_assess(**_who(case, officer), answers=answers)
    assert refused.value.field == f"comment_{amenity.pk}"

    answers[1] = services.PolicyAnswer(amenity.pk, Outcome.DOES_NOT_COMPLY, "Overlooks the neighbour's garden.")
    services.policies_assess(**_who(case, officer), answers=answers)
    assert _status(case, "policies") == TaskStatus.COMPLETED
    report = selectors.assessment_report(application=case)
    assert [(p.policy.reference, p.outcome) for p in report.policies] == [
        ("P13", Outcome.COMPLIES),
        ("P56", Outcome.DOES_NOT_COMPLY),
    ]

    services.policy_remove(**_who(case, officer), assessment_id=amenity.pk)
    assert _status(case, "policies") == TaskStatus.COMPLETED


def test_policies_are_refused_to_an_administrator_and_outside_assessment(southwark, swk_users, library):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    with pytest.raises(PermissionDenied):
        services.policy_add(**_who(case, swk_users[Role.ADMINISTRATOR]), policy_id=library[0].pk)
    closed = make_application_in(southwark, Status.NOT_STARTED, swk_users)
    with pytest.raises(DomainError, match="cannot be changed now"):
        services.policy_add(**_who(closed, swk_users[Role.ASSESSOR]), policy_id=library[0].pk)


def test_policies_page_adds_and_saves_all_at_once(case, swk_users, library, client_for):
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/assessment/policies"
    page = client.get(url).content.decode()
    assert "P13 Design of places" in page and "Withdrawn" not in page
    assert client.post(url, {"action": "add", "policy": str(library[0].pk)}).status_code == 302
    assert client.post(url, {"action": "add", "policy": str(library[1].pk)}).status_code == 302
    first, second = selectors.policy_assessments(application=case)

    refused = client.post(
        url,
        {"action": "assess", f"outcome_{first.pk}": "complies", f"outcome_{second.pk}": "does_not_comply"},
    )
    assert refused.status_code == 400
    assert "Say why the proposal does not comply with P56" in refused.content.decode()

    saved = client.post(
        url,
        {
            "action": "assess",
            f"outcome_{first.pk}": "complies",
            f"outcome_{second.pk}": "does_not_comply",
            f"comment_{second.pk}": "Too tall.",
        },
    )
    assert saved.status_code == 302
    report = client.get(f"/applications/{case.reference}/assessment/report").content.decode()
    assert "Assessment against policies" in report and "Too tall." in report


def test_policy_pages_are_not_found_for_other_families(southwark, swk_users, client_for):
    ldc = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    for path in ("policies", "heads-of-terms"):
        assert client.get(f"/applications/{ldc.reference}/assessment/{path}").status_code == 404


def test_heads_of_terms_are_versioned_and_sent_one_request_each(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    services.heads_of_terms_add(**_who(case, officer), title="Affordable housing", text="Two homes at social rent.")
    services.heads_of_terms_add(**_who(case, officer), title="Highways", text="A contribution of £5,000.")
    with pytest.raises(DomainError, match="already has a term"):
        services.heads_of_terms_add(**_who(case, officer), title="highways", text="Again.")
    assert _status(case, "heads-of-terms") == TaskStatus.IN_PROGRESS

    sent = services.heads_of_terms_send(**_who(case, officer))
    assert [r.kind for r in sent] == [RequestKind.HEADS_OF_TERMS] * 2
    assert sent[0].proposed == "Affordable housing: Two homes at social rent."
    assert _status(case, "heads-of-terms") == TaskStatus.COMPLETED
    with pytest.raises(DomainError, match="Every term has been sent"):
        services.heads_of_terms_send(**_who(case, officer))

    terms = selectors.heads_of_terms(application=case)
    assert [(t.title, t.request.pk) for t in terms] == [("Affordable housing", sent[0].pk), ("Highways", sent[1].pk)]
    section = Section.objects.get(application=case, slug="heads-of-terms")
    assert SectionVersion.objects.filter(section=section).count() == 1

    services.heads_of_terms_remove(**_who(case, officer), position=2)
    assert ValidationRequest.objects.get(pk=sent[1].pk).state == RequestState.CANCELLED
    assert [t.title for t in selectors.heads_of_terms(application=case)] == ["Affordable housing"]
    assert [t.title for t in selectors.assessment_report(application=case).heads_of_terms] == ["Affordable housing"]


def test_heads_of_terms_page(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/assessment/heads-of-terms"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"action": "send"})
    assert refused.status_code == 400 and "Add a term to send to the applicant." in refused.content.decode()
    assert client.post(url, {"action": "add", "title": "", "text": "x"}).status_code == 400
    assert client.post(url, {"action": "add", "title": "Open space", "text": "Keep the green."}).status_code == 302
    assert "Open space" in client.get(url).content.decode()
    assert client.post(url, {"action": "send"}).status_code == 302
    assert ValidationRequest.objects.filter(application=case, kind=RequestKind.HEADS_OF_TERMS).count() == 1
    assert client.post(f"{url}/1/remove").status_code == 302
    assert selectors.heads_of_terms(application=case) == []


def test_site_visit_keeps_image_photos_only(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(DomainError, match="not an image") as refused:
        services.site_visit_add(
            **_who(case, officer), visited_on=yesterday, photos=[Upload(name="notes.pdf", content=PDF)]
        )
    assert refused.value.field == "photos"
    assert not case.site_visits.exists()
    visit = services.site_visit_add(
        **_who(case, officer), visited_on=yesterday, photos=[Upload(name="rear.png", content=PNG)]
    )
    photo = visit.photos.get()
    assert photo.tags == [services.SITE_VISIT_PHOTO_TAG] and photo.content_type == "image/png"


def test_site_visit_page_uploads_photos(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.ASSESSOR])
    url = f"/applications/{case.reference}/assessment/site-visit"
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    photo = SimpleUploadedFile("front.png", PNG, content_type="image/png")
    assert client.post(url, {"action": "add", "visited_on": day, "photos": [photo]}).status_code == 302
    assert "front.png" in client.get(url).content.decode()
    pdf = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    refused = client.post(url, {"action": "add", "visited_on": day, "photos": [pdf]})
    assert refused.status_code == 400 and "not an image" in refused.content.decode()
