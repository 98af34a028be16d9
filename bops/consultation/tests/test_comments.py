"""Officers' handling of responses: the list with counts, redaction (which publishes), comments recorded from paper,
and the summary the assessment reads."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.consultation import comments
from bops.consultation.models import CaseConsultee, Consultation, Consultee, ConsulteeResponse, PublicComment
from bops.consultation.selectors_comments import consultation_summary
from bops.core.errors import DomainError
from bops.core.models import AuditEntry

ORIGINAL = "I am Pat at 14 Bellenden Road, 07700 900123. <b>The wall is too high.</b>"
REDACTED = "<b>The wall is too high.</b>"


def case_in(council, users, status=Status.IN_ASSESSMENT):
    return make_application_in(council, status, users)


def submit(application, *, stance="objection", topics=("privacy",), text=ORIGINAL, key="k"):
    return comments.public_comment_submit(
        council=application.council,
        application_id=application.pk,
        comment=comments.NewComment(
            name="Pat Neighbour",
            address="14 Bellenden Road",
            email="pat@x.example",
            stance=stance,
            topics=list(topics),
            text=text,
        ),
        client_key=key,
    )


def consultee_response(application, *, stance="objection", text="Call Hana on 07700 900000. Refuse."):
    council = application.council
    consultation, _ = Consultation.objects.get_or_create(council=council, application=application)
    consultee = Consultee.objects.create(
        council=council, name="Hana Ways", organisation="Highways team", email="hw@x.example"
    )
    case_consultee = CaseConsultee.objects.create(council=council, consultation=consultation, consultee=consultee)
    return ConsulteeResponse.objects.create(
        council=council, case_consultee=case_consultee, stance=stance, text=text, received_at=timezone.now()
    )


def responses_url(application):
    return f"/applications/{application.reference}/consultation/responses"


# --- The list ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_every_officer_reads_the_responses_with_originals_and_counts(role, southwark, swk_users, client_for):
    application = case_in(southwark, swk_users)
    submit(application)
    submit(application, stance="support", topics=(), text="Lovely design")
    consultee_response(application)
    response = client_for(southwark, swk_users[role]).get(responses_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert "07700 900123" in html  # officers see the original
    assert "&lt;b&gt;The wall" in html and "<b>The wall" not in html
    assert "14 Bellenden Road" in html and "pat@x.example" in html
    assert "Highways team" in html
    assert "To redact" in html
    assert ("Redact and publish" in html) == (role != Role.ADMINISTRATOR)
    assert ("Record a comment received on paper" in html) == (role != Role.ADMINISTRATOR)


@pytest.mark.django_db
def test_the_list_costs_the_same_whatever_the_number_of_responses(southwark, swk_users, client_for):
    application = case_in(southwark, swk_users)
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    submit(application)
    consultee_response(application)
    with CaptureQueriesContext(connection) as few:
        client.get(responses_url(application))
    for n in range(4):
        submit(application, key=f"k{n}")
        consultee_response(application)
    with CaptureQueriesContext(connection) as many:
        client.get(responses_url(application))
    assert len(many) == len(few)


@pytest.mark.django_db
def test_another_councils_responses_are_not_found(southwark, lambeth, swk_users, lbh_users, client_for):
    application = case_in(lambeth, lbh_users)
    item = submit(application)
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    assert client.get(responses_url(application)).status_code == 404
    own = case_in(southwark, swk_users)
    response = client.post(f"{responses_url(own)}/comments/{item.pk}/redact", {"redacted_text": "x"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert not item.is_published


# --- Redaction ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_redaction_keeps_the_original_publishes_the_redacted_text_and_is_audited(southwark, swk_users, client_for):
    application = case_in(southwark, swk_users)
    item = submit(application)
    officer = swk_users[Role.ASSESSOR]
    client = client_for(southwark, officer)
    url = f"{responses_url(application)}/comments/{item.pk}/redact"
    form = client.get(url)
    assert form.status_code == 200
    assert "07700 900123" in form.content.decode()  # prefilled with the original
    response = client.post(url, {"redacted_text": REDACTED})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == ORIGINAL
    assert item.redacted_text == REDACTED
    assert item.redacted_by == officer
    assert item.redacted_at is not None and item.is_published
    entry = AuditEntry.objects.get(event="public_comment_redacted")
    assert entry.actor == officer and entry.application_id == application.pk
    assert entry.data == {"comment": item.pk, "again": False}
    assert "07700" not in str(entry.data)

    register = client_for(southwark).get(f"/planning-applications/{application.reference}").content.decode()
    assert "&lt;b&gt;The wall is too high.&lt;/b&gt;" in register
    assert "07700" not in register and "Bellenden Road, 07700" not in register


@pytest.mark.django_db
def test_an_empty_redaction_is_refused(southwark, swk_users, client_for):
    application = case_in(southwark, swk_users)
    item = submit(application)
    client = client_for(southwark, swk_users[Role.REVIEWER])
    response = client.post(f"{responses_url(application)}/comments/{item.pk}/redact", {"redacted_text": "  "})
    assert response.status_code == 400
    assert "Enter the text to publish" in response.content.decode()
    item.refresh_from_db()
    assert not item.is_published


@pytest.mark.django_db
def test_a_consultee_response_is_redacted_through_its_page(southwark, swk_users, client_for):
    application = case_in(southwark, swk_users)
    item = consultee_response(application)
    client = client_for(southwark, swk_users[Role.REVIEWER])
    url = f"{responses_url(application)}/consultees/{item.pk}/redact"
    assert client.get(url).status_code == 200
    assert client.post(url, {"redacted_text": "Refuse."}).status_code == 302
    item.refresh_from_db()
    assert (item.redacted_text, item.redacted_by) == ("Refuse.", swk_users[Role.REVIEWER])
    assert item.text.startswith("Call Hana")
    assert AuditEntry.objects.filter(event="consultee_response_redacted", application=application).exists()


@pytest.mark.django_db
def test_an_administrator_cannot_redact(southwark, swk_users, client_for):
    application = case_in(southwark, swk_users)
    item = submit(application)
    response_item = consultee_response(application)
    admin = swk_users[Role.ADMINISTRATOR]
    client = client_for(southwark, admin)
    base = responses_url(application)
    assert client.post(f"{base}/comments/{item.pk}/redact", {"redacted_text": "x"}).status_code == 403
    assert client.post(f"{base}/consultees/{response_item.pk}/redact", {"redacted_text": "x"}).status_code == 403
    with pytest.raises(PermissionDenied):
        comments.public_comment_redact(
            council=southwark, application_id=application.pk, comment_id=item.pk, user=admin, redacted_text="x"
        )
    item.refresh_from_db()
    assert not item.is_published


@pytest.mark.django_db
def test_the_service_refuses_a_comment_of_another_case(southwark, swk_users):
    application = case_in(southwark, swk_users)
    other = case_in(southwark, swk_users)
    item = submit(other)
    with pytest.raises(DomainError):
        comments.public_comment_redact(
            council=southwark,
            application_id=application.pk,
            comment_id=item.pk,
            user=swk_users[Role.ASSESSOR],
            redacted_text="x",
        )


# --- Paper comments ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_records_a_paper_comment(southwark, swk_users, client_for):
    application = case_in(southwark, swk_users, Status.AWAITING_DETERMINATION)
    officer = swk_users[Role.ASSESSOR]
    client = client_for(southwark, officer)
    url = f"{responses_url(application)}/new"
    assert client.get(url).status_code == 200
    yesterday = timezone.localdate() - timedelta(days=1)
    data = {
        "received_on": yesterday.strftime("%d/%m/%Y"),
        "name": "Sam Letter",
        "address": "3 Choumert Road",
        "stance": "support",
        "topics": ["design"],
        "text": "Handwritten: a fine design.",
    }
    assert client.post(url, data).status_code == 302
    item = PublicComment.objects.get()
    assert (item.source, item.recorded_by, item.stance, item.topics) == ("officer", officer, "support", ["design"])
    assert timezone.localtime(item.received_at).date() == yesterday
    assert not item.is_published
    assert AuditEntry.objects.filter(event="public_comment_recorded", actor=officer).exists()


@pytest.mark.django_db
def test_a_paper_comment_needs_its_fields_and_a_past_date(southwark, swk_users, client_for):
    application = case_in(southwark, swk_users)
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    url = f"{responses_url(application)}/new"
    response = client.post(url, {"name": "Sam"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter their address" in html and "Say whether they support" in html and "Enter the comment" in html
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(
        url, {"received_on": tomorrow, "name": "Sam", "address": "3 Road", "stance": "neutral", "text": "Hm"}
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
def test_an_administrator_cannot_record_a_comment(southwark, swk_users, client_for):
    application = case_in(southwark, swk_users)
    client = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    data = {"name": "Sam", "address": "3 Road", "stance": "neutral", "text": "Hm"}
    assert client.post(f"{responses_url(application)}/new", data).status_code == 403
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
def test_no_paper_comment_before_validation(southwark, swk_users, client_for):
    application = make_application_in(southwark, Status.NOT_STARTED, swk_users)
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    data = {"name": "Sam", "address": "3 Road", "stance": "neutral", "text": "Hm"}
    response = client.post(f"{responses_url(application)}/new", data)
    assert response.status_code == 400
    assert "Validate the application" in response.content.decode()


# --- The services' own checks ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_submit_service_checks_what_the_form_checks(southwark, swk_users):
    application = case_in(southwark, swk_users)
    with pytest.raises(DomainError) as error:
        submit(application, stance="love it")
    assert error.value.field == "stance"
    with pytest.raises(DomainError) as error:
        submit(application, text="x" * (comments.MAX_TEXT + 1))
    assert error.value.field == "text"
    with pytest.raises(DomainError) as error:
        submit(application, topics=("weather",))
    assert error.value.field == "topics"
    assert not PublicComment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.NOT_STARTED, Status.INVALIDATED, Status.DETERMINED, Status.WITHDRAWN])
def test_a_case_not_validated_or_no_longer_being_decided_takes_no_online_comments(status, southwark, swk_users):
    application = make_application_in(southwark, status, swk_users)
    with pytest.raises(DomainError) as error:
        submit(application)
    assert error.value.code == "closed"


@pytest.mark.django_db
@pytest.mark.parametrize("status", comments.COMMENTS_OPEN)
def test_every_validated_case_being_decided_takes_comments_with_no_choice_to_publish(status, southwark, swk_users):
    application = make_application_in(southwark, status, swk_users)
    assert comments.comments_are_open(application)
    assert submit(application).pk


# --- The summary -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_summary_counts_by_stance_and_topic(southwark, swk_users):
    application = case_in(southwark, swk_users)
    submit(application, stance="objection", topics=("privacy", "light"))
    submit(application, stance="objection", topics=("privacy",))
    submit(application, stance="support", topics=())
    consultee_response(application, stance="objection")
    consultee_response(application, stance="no_objection")
    other = case_in(southwark, swk_users)
    submit(other, stance="neutral")

    summary = consultation_summary(application)
    assert summary.comments == 3 and summary.comments_unredacted == 3
    assert {t.key: t.count for t in summary.by_stance} == {"support": 1, "neutral": 0, "objection": 2}
    topics = {t.key: t.count for t in summary.by_topic}
    assert topics["privacy"] == 2 and topics["light"] == 1 and topics["noise"] == 0
    assert summary.untagged == 1
    assert summary.consultee_responses == 2
    assert {t.key: t.count for t in summary.consultees_by_stance} == {
        "no_objection": 1,
        "amendments_needed": 0,
        "objection": 1,
    }
