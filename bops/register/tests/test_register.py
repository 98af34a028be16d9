"""The public register's case page: every case received but a pending one (DMPO 2015 art. 40), only publishable
documents, only redacted comments; the comment form with its limits."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application, make_application_in
from bops.consultation import comments
from bops.consultation.models import CaseConsultee, Consultation, Consultee, ConsulteeResponse, PublicComment
from bops.core.models import AuditEntry
from bops.documents.services import document_add

PDF = b"%PDF-1.4\n%%EOF\n"
SCRIPT = "<script>alert('x')</script> Too tall & too close"


def published(council, users, status=Status.IN_ASSESSMENT, **kwargs):
    """A case on the register: no officer chooses to publish it any more."""
    return make_application_in(council, status, users, **kwargs)


def add_document(application, name, *, publishable):
    document = document_add(
        application=application, user=None, name=name, content=PDF, content_type="application/pdf", tags=[]
    )
    document.publishable = publishable
    document.save(update_fields=["publishable"])
    return document


def comment_data(**overrides):
    data = {
        "name": "Pat Neighbour",
        "address": "14 Bellenden Road, London SE15 4RF",
        "email": "pat@neighbour.example",
        "stance": "objection",
        "topics": ["privacy", "light"],
        "text": "The extension would overlook my garden.",
    }
    return {**data, **overrides}


def public(council, ip="203.0.113.7"):
    return Client(HTTP_HOST=f"{council.subdomain}.localhost", REMOTE_ADDR=ip)


def page(application, ip="203.0.113.7"):
    return public(application.council, ip).get(f"/planning-applications/{application.reference}")


# --- Which cases are on the register ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_case_shows_its_details(southwark, swk_users):
    application = published(southwark, swk_users)
    response = page(application)
    assert response.status_code == 200
    html = response.content.decode()
    assert application.reference_in_full in html
    assert "12 Bellenden Road" in html
    assert "Erection of a single storey rear extension" in html
    assert "Assessment in progress" in html
    assert "A planning officer is assessing the application" in html
    assert "Comment on this application" in html
    assert "Sign out" not in html
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Status.NOT_STARTED, "Application submitted"),
        (Status.INVALIDATED, "Application submitted"),
        (Status.RETURNED, "Application returned"),
        (Status.DETERMINED, "Determined"),
        (Status.WITHDRAWN, "Withdrawn"),
    ],
)
def test_every_case_received_is_on_the_register_with_its_label(status, label, southwark, swk_users):
    application = published(southwark, swk_users, status)
    response = page(application)
    assert response.status_code == 200
    assert label in response.content.decode()


@pytest.mark.django_db
def test_a_case_still_arriving_is_not_on_the_register(southwark):
    application = make_application(southwark, accept=False)
    assert application.status == Status.PENDING
    response = page(application)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.django_db
def test_the_full_reference_also_finds_the_case(southwark, swk_users):
    application = published(southwark, swk_users)
    response = public(southwark).get(f"/planning-applications/{application.reference_in_full.lower()}")
    assert response.status_code == 200
    assert application.address in response.content.decode()


@pytest.mark.django_db
def test_another_councils_case_is_not_found(southwark, lambeth, swk_users):
    application = published(southwark, swk_users)
    response = public(lambeth).get(f"/planning-applications/{application.reference}")
    assert response.status_code == 404
    assert Client().get(f"/planning-applications/{application.reference}").status_code == 404


@pytest.mark.django_db
def test_the_consultation_end_date_is_shown(southwark, swk_users):
    application = published(southwark, swk_users)
    end = timezone.localdate() + timedelta(days=21)
    Consultation.objects.create(council=southwark, application=application, end_date=end)
    from bops.core.dates import format_date

    assert format_date(end) in page(application).content.decode()


# --- Documents ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_publishable_documents_are_listed_and_served(southwark, swk_users):
    application = published(southwark, swk_users)
    shown = add_document(application, "proposed-plans.pdf", publishable=True)
    hidden = add_document(application, "applicant-bank-details.pdf", publishable=False)
    html = page(application).content.decode()
    assert "proposed-plans.pdf" in html
    assert "applicant-bank-details.pdf" not in html
    client = public(southwark)
    base = f"/planning-applications/{application.reference}/documents"
    response = client.get(f"{base}/{shown.pk}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"{base}/{hidden.pk}").status_code == 404


@pytest.mark.django_db
def test_a_document_of_another_case_is_not_found(southwark, lambeth, swk_users, lbh_users):
    application = published(southwark, swk_users)
    other = published(southwark, swk_users)
    foreign = published(lambeth, lbh_users)
    other_doc = add_document(other, "other.pdf", publishable=True)
    foreign_doc = add_document(foreign, "foreign.pdf", publishable=True)
    client = public(southwark)
    for doc in (other_doc, foreign_doc):
        assert client.get(f"/planning-applications/{application.reference}/documents/{doc.pk}").status_code == 404


# --- Comments shown ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_redacted_comments_are_shown_and_only_as_redacted(southwark, swk_users):
    application = published(southwark, swk_users)
    item = comments.public_comment_submit(
        council=southwark,
        application_id=application.pk,
        comment=comments.NewComment(
            name="Pat Neighbour", address="14 Secret Street", email="pat@x.example", stance="objection", text=SCRIPT
        ),
        client_key="k",
    )
    html = page(application).content.decode()
    assert "alert(" not in html
    assert "No comments have been published yet" in html

    comments.public_comment_redact(
        council=southwark,
        application_id=application.pk,
        comment_id=item.pk,
        user=swk_users[Role.ASSESSOR],
        redacted_text=SCRIPT.replace("Too tall", "Far too tall"),
    )
    html = page(application).content.decode()
    assert "&lt;script&gt;alert(" in html
    assert "<script>alert(" not in html
    assert "Far too tall" in html
    assert "Objection" in html
    for private in ("14 Secret Street", "pat@x.example", "Pat Neighbour"):
        assert private not in html


@pytest.mark.django_db
def test_consultee_responses_are_shown_once_redacted(southwark, swk_users):
    application = published(southwark, swk_users)
    consultation = Consultation.objects.create(council=southwark, application=application)
    consultee = Consultee.objects.create(
        council=southwark, name="Hana Ways", organisation="Highways team", email="hw@southwark.example"
    )
    case_consultee = CaseConsultee.objects.create(council=southwark, consultation=consultation, consultee=consultee)
    response = ConsulteeResponse.objects.create(
        council=southwark,
        case_consultee=case_consultee,
        stance="amendments_needed",
        text="Call me on 07700 900000. Move the crossover.",
        received_at=timezone.now(),
    )
    assert "Highways team" not in page(application).content.decode()
    comments.consultee_response_redact(
        council=southwark,
        application_id=application.pk,
        response_id=response.pk,
        user=swk_users[Role.REVIEWER],
        redacted_text="Move the crossover.",
    )
    html = page(application).content.decode()
    assert "Highways team" in html
    assert "amendments needed" in html
    assert "Move the crossover." in html
    assert "07700" not in html


# --- The comment form --------------------------------------------------------------------------------------------


def comment_url(application):
    return f"/planning-applications/{application.reference}/comment"


@pytest.mark.django_db
def test_a_comment_is_stored_in_full_and_thanked(southwark, swk_users):
    application = published(southwark, swk_users)
    client = public(southwark)
    assert client.get(comment_url(application)).status_code == 200
    response = client.post(comment_url(application), comment_data(text=SCRIPT))
    assert response.status_code == 302
    assert response["Location"] == f"{comment_url(application)}/sent"
    thanks = client.get(response["Location"]).content.decode()
    assert "published once" in thanks or "will then be published" in thanks
    item = PublicComment.objects.get()
    assert item.text == SCRIPT
    assert (item.name, item.stance, item.topics, item.source) == (
        "Pat Neighbour",
        "objection",
        ["privacy", "light"],
        "online",
    )
    assert not item.is_published
    assert item.client_key == comments.client_key_for("203.0.113.7")
    assert "203.0.113.7" not in item.client_key
    entry = AuditEntry.objects.get(event="public_comment_received")
    assert entry.application_id == application.pk
    assert "Pat" not in str(entry.data) and "Bellenden" not in str(entry.data) and "pat@" not in str(entry.data)


@pytest.mark.django_db
def test_a_comment_without_stance_is_refused_with_a_clear_error(southwark, swk_users):
    application = published(southwark, swk_users)
    data = comment_data()
    del data["stance"]
    response = public(southwark).post(comment_url(application), data)
    assert response.status_code == 400
    assert "Say whether you support, object or are neutral" in response.content.decode()
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
def test_a_comment_without_address_is_refused(southwark, swk_users):
    application = published(southwark, swk_users)
    response = public(southwark).post(comment_url(application), comment_data(address=""))
    assert response.status_code == 400
    assert "Enter your address" in response.content.decode()
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
def test_script_typed_into_the_form_is_shown_escaped(southwark, swk_users):
    application = published(southwark, swk_users)
    response = public(southwark).post(comment_url(application), comment_data(stance="", text=SCRIPT))
    assert response.status_code == 400
    html = response.content.decode()
    assert "&lt;script&gt;" in html
    assert "<script>alert" not in html


@pytest.mark.django_db
def test_a_100_kb_comment_is_refused_with_a_clear_error(southwark, swk_users):
    application = published(southwark, swk_users)
    response = public(southwark).post(comment_url(application), comment_data(text="x" * 100 * 1024))
    assert response.status_code == 400
    assert "Your comment must be 10,000 characters or fewer" in response.content.decode()
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.DETERMINED, Status.WITHDRAWN])
def test_a_closed_case_takes_no_comments(status, southwark, swk_users):
    application = published(southwark, swk_users, status)
    client = public(southwark)
    assert "Comments are closed" in page(application).content.decode()
    response = client.get(comment_url(application))
    assert response.status_code == 200
    assert "Comments are closed" in response.content.decode()
    response = client.post(comment_url(application), comment_data())
    assert response.status_code == 409
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
def test_comments_on_another_councils_case_are_not_found(southwark, lambeth, swk_users):
    application = published(southwark, swk_users)
    response = public(lambeth).post(comment_url(application), comment_data())
    assert response.status_code == 404
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
def test_too_many_comments_on_one_case_get_429_and_are_not_stored(southwark, swk_users):
    application = published(southwark, swk_users)
    client = public(southwark)
    for _ in range(comments.MAX_PER_CASE_PER_HOUR):
        assert client.post(comment_url(application), comment_data()).status_code == 302
    response = client.post(comment_url(application), comment_data(text="One more"))
    assert response.status_code == 429
    assert "too many comments" in response.content.decode()
    assert PublicComment.objects.count() == comments.MAX_PER_CASE_PER_HOUR
    assert not PublicComment.objects.filter(text="One more").exists()
    # Someone else may still comment, and so may the same sender an hour later.
    assert public(southwark, ip="198.51.100.1").post(comment_url(application), comment_data()).status_code == 302
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert client.post(comment_url(application), comment_data()).status_code == 302


@pytest.mark.django_db
def test_too_many_comments_in_a_day_across_cases_get_429(southwark, swk_users):
    cases = [published(southwark, swk_users) for _ in range(comments.MAX_PER_DAY // comments.MAX_PER_CASE_PER_HOUR + 1)]
    client = public(southwark)
    sent = 0
    for application in cases:
        for _ in range(comments.MAX_PER_CASE_PER_HOUR):
            if sent == comments.MAX_PER_DAY:
                break
            assert client.post(comment_url(application), comment_data()).status_code == 302
            sent += 1
    response = client.post(comment_url(cases[-1]), comment_data())
    assert response.status_code == 429
    assert "too many comments today" in response.content.decode()
    assert PublicComment.objects.count() == comments.MAX_PER_DAY


@pytest.mark.django_db
def test_the_form_needs_a_csrf_token(southwark, swk_users):
    application = published(southwark, swk_users)
    client = Client(HTTP_HOST=f"{southwark.subdomain}.localhost", enforce_csrf_checks=True)
    assert client.post(comment_url(application), comment_data()).status_code == 403
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
def test_without_a_base_map_the_case_map_shows_the_addresses_around_the_site(southwark, swk_users):
    from bops.consultation.addresses import addresses_fill_around

    application = published(southwark, swk_users)
    addresses_fill_around([application])
    html = page(application).content.decode()
    assert "No base map" in html
    assert "data-points=" in html
    assert "The grey dots are the" in html
    southwark.os_maps_api_key = "AbCdEfGh0123456789abcdefAbCdEfGh"
    southwark.save()
    with_key = page(application).content.decode()
    assert "data-points=" not in with_key and 'basemap="OSRaster"' in with_key
    assert southwark.os_maps_api_key not in with_key
