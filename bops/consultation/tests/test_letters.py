"""Neighbour letters: the wording, the batch, resending, the applicant's copy, the PDF, sending in the background,
and delivery status."""

import io
import json
from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone
from pypdf import PdfReader

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in, square
from bops.consultation import neighbours, rules, templates
from bops.consultation.addresses import addresses_fill_around
from bops.consultation.models import MessageTemplate, Neighbour, NeighbourLetter, PublicityEvent
from bops.consultation.tasks import send_neighbour_letters
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.notifications.models import OutboxMessage
from bops.notifications.notifier import OutboxNotifier
from bops.notifications.tests.fake_notify import API_KEY, FakeNotify
from bops.register.selectors import register_url

AROUND = square(lon=-0.0711, lat=51.4686, size=0.0009)


@pytest.fixture
def case(southwark, swk_users):
    application = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, officer=swk_users[Role.ASSESSOR])
    addresses_fill_around([application])
    neighbours.neighbours_add_within(
        council=southwark, application_id=application.pk, user=swk_users[Role.ASSESSOR], polygon=json.dumps(AROUND)
    )
    return application


def _send(case, user, **kwargs):
    """Send a batch, then run the task it enqueues on commit (a test's transaction never commits by itself)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return neighbours.neighbour_letters_send(council=case.council, application_id=case.pk, user=user, **kwargs)


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_every_placeholder_is_filled(case, swk_users):
    batch = _send(case, swk_users[Role.ASSESSOR])
    count = Neighbour.objects.count()
    assert len(batch.letters) == count == NeighbourLetter.objects.count()
    body = NeighbourLetter.objects.first().body
    for value in (
        case.reference_in_full,
        case.address,
        case.description,
        format_date(batch.closing_date),
        "Assessor of SWK",
        "London Borough of Southwark",
        register_url(case),
    ):
        assert value in body
    assert "{" not in body
    letters = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.LETTER)
    assert letters.count() == count
    assert letters.first().to.startswith("The Occupier\n")
    assert letters.first().subject == f"Planning application {case.reference_in_full}"
    entry = AuditEntry.objects.get(event="neighbour_letters_sent")
    assert entry.data["count"] == count and entry.data["body"] in body


def test_the_councils_own_wording_is_used(case, swk_users):
    MessageTemplate.objects.create(
        council=case.council,
        kind=MessageTemplate.Kind.NEIGHBOUR_LETTER,
        subject="Have your say on {reference}",
        body="Hello neighbour. {applicant} wants to build at {address}. Write by {closing_date}.",
    )
    batch = _send(case, swk_users[Role.ASSESSOR])
    assert batch.letters[0].body == (
        f"Hello neighbour. Jo Bloggs wants to build at {case.address}. Write by {format_date(batch.closing_date)}."
    )
    assert (
        OutboxMessage.objects.filter(channel="letter").first().subject == f"Have your say on {case.reference_in_full}"
    )


def test_an_unknown_placeholder_is_refused_when_saved_and_when_used(case, swk_users):
    with pytest.raises(DomainError) as refused:
        templates.template_check("neighbour_letter", subject="", body="Dear {occupier_name}, see {link}")
    assert "{occupier_name}" in refused.value.message
    # A template put in without the check (by hand in the database) stops the letters with a clear message.
    MessageTemplate.objects.create(council=case.council, kind="neighbour_letter", body="Dear {occupier_name}")
    with pytest.raises(DomainError, match="wording cannot be used: Unknown placeholder"):
        _send(case, swk_users[Role.ASSESSOR])
    assert not NeighbourLetter.objects.exists()


def test_the_end_date_moves_with_the_letters(case, swk_users):
    today = timezone.localdate()
    batch = _send(case, swk_users[Role.ASSESSOR])
    case.consultation.refresh_from_db()
    expected = rules.period_end(start=today, period_days=21, skip_holidays=True)
    assert batch.event.kind == PublicityEvent.Kind.NEIGHBOUR_LETTERS and batch.event.on == today
    assert case.consultation.end_date == batch.closing_date == batch.event.ends_on == expected
    assert format_date(expected) in batch.letters[0].body


def test_only_new_neighbours_are_written_to_unless_a_reason_is_given(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    first = _send(case, officer)
    with pytest.raises(DomainError, match="Every neighbour has had a letter"):
        _send(case, officer)
    chosen = [first.letters[0].neighbour_id, first.letters[1].neighbour_id]
    with pytest.raises(DomainError) as refused:
        _send(case, officer, resend_ids=chosen)
    assert refused.value.field == "resend_reason"
    with pytest.raises(DomainError, match="Choose the neighbours"):
        _send(case, officer, resend_reason="Amended plans")
    again = _send(case, officer, resend_ids=chosen, resend_reason="Amended plans  received")
    assert len(again.letters) == 2
    assert all(letter.body.startswith("Application updated: Amended plans received\n\n") for letter in again.letters)
    assert all(letter.resend_reason == "Amended plans received" for letter in again.letters)
    assert PublicityEvent.objects.filter(kind="neighbour_letters").count() == 2


def test_the_applicant_and_agent_get_a_copy(case, swk_users):
    case.agent_email = "agent@agents.example"
    case.save(update_fields=["agent_email"])
    batch = _send(case, swk_users[Role.ASSESSOR])
    copies = OutboxMessage.objects.filter(channel=OutboxMessage.Channel.EMAIL, subject__contains="your neighbours")
    assert sorted(copies.values_list("to", flat=True)) == ["agent@agents.example", "jo@applicant.example"]
    assert batch.letters[0].body in copies.first().body
    entry = AuditEntry.objects.get(event="message_sent", data__message="neighbour_letter_copy")
    assert batch.letters[0].body in entry.data["body"]


def test_the_batch_pdf_reads_back_with_address_closing_date_and_reference(case, swk_users, client_for):
    officer = swk_users[Role.ASSESSOR]
    batch = _send(case, officer)
    neighbour = Neighbour.objects.order_by("address").first()
    pdf = neighbours.batch_pdf(application=case, letter_id=batch.letters[0].pk)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(batch.letters)
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert "The Occupier" in first_page
    assert neighbour.address.split(",")[0] in first_page
    assert format_date(batch.closing_date) in first_page
    assert case.reference_in_full in first_page
    assert "London Borough of Southwark" in first_page
    response = client_for(case.council, officer).get(
        f"/applications/{case.reference}/consultation/neighbours/letters/{batch.letters[0].pk}.pdf"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_resent_letter_prints_the_reason_at_the_top(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    first = _send(case, officer)
    again = _send(case, officer, resend_ids=[first.letters[0].neighbour_id], resend_reason="Taller roof proposed")
    text = " ".join(_pdf_text(neighbours.batch_pdf(application=case, letter_id=again.letters[0].pk)).split())
    assert "Application updated: Taller roof proposed" in text
    assert text.index("Application updated") < text.index("Dear occupier")


def test_the_pdf_is_for_officers_of_the_council_only(case, swk_users, lbh_users, lambeth, client_for):
    batch = _send(case, swk_users[Role.ASSESSOR])
    path = f"/applications/{case.reference}/consultation/neighbours/letters/{batch.letters[0].pk}.pdf"
    assert client_for(case.council, swk_users[Role.ADMINISTRATOR]).get(path).status_code == 403
    assert client_for(lambeth, lbh_users[Role.ASSESSOR]).get(path).status_code == 404
    other = make_application_in(lambeth, Status.IN_ASSESSMENT, lbh_users)
    foreign = f"/applications/{other.reference}/consultation/neighbours/letters/{batch.letters[0].pk}.pdf"
    assert client_for(lambeth, lbh_users[Role.ASSESSOR]).get(foreign).status_code == 404


def test_sending_through_the_page(case, swk_users, client_for):
    client = client_for(case.council, swk_users[Role.REVIEWER])
    url = f"/applications/{case.reference}/consultation/neighbours/letters"
    response = client.post(url, {})
    assert response.status_code == 302
    assert NeighbourLetter.objects.count() == Neighbour.objects.count()
    refused = client.post(url, {"resend": [str(Neighbour.objects.first().pk)]})
    assert refused.status_code == 400 and "Say why the letter is sent again" in refused.content.decode()
    assert client.post(url, {}).status_code == 400


@pytest.fixture
def notify(settings):
    with FakeNotify() as fake:
        settings.NOTIFIER, settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL = "notify", API_KEY, fake.url
        settings.NOTIFY_EMAIL_TEMPLATE_ID, settings.NOTIFY_REPLY_TO_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a", ""
        yield fake


def test_letters_go_to_notify_as_pdfs_and_their_status_is_refreshed(case, swk_users, notify):
    batch = _send(case, swk_users[Role.ASSESSOR])
    assert len(notify.letters) == len(batch.letters)
    kept = NeighbourLetter.objects.select_related("outbox_message", "neighbour")
    sent = {letter.outbox_message.provider_id: letter for letter in kept}
    assert set(sent) == set(notify.letters)
    some_id = next(iter(sent))
    text = " ".join(_pdf_text(notify.letters[some_id]["pdf"]).split())
    assert sent[some_id].neighbour.address.split(",")[0] in text and case.reference_in_full in text
    assert all(letter.status == NeighbourLetter.Status.SENT for letter in sent.values())

    ids = list(sent)
    notify.statuses[ids[0]] = "received"
    notify.statuses[ids[1]] = "validation-failed"
    notify.statuses[ids[2]] = "accepted"
    summary = neighbours.neighbour_letters_refresh(today=timezone.localdate())
    status = {i: NeighbourLetter.objects.get(pk=sent[i].pk).status for i in ids}
    assert status[ids[0]] == "posted" and status[ids[1]] == "failed" and status[ids[2]] == "printed"
    assert all(status[i] == "sent" for i in ids[3:])  # pending-virus-check: with Notify, not printed yet
    assert summary == "3 letters changed status (1 failed)"
    assert AuditEntry.objects.get(event="neighbour_letter_failed").application == case
    # Posted and failed letters are not asked about again.
    neighbours.neighbour_letters_refresh(today=timezone.localdate())
    assert NeighbourLetter.objects.get(pk=sent[ids[0]].pk).status == "posted"


def test_letters_still_queued_and_old_ones_are_not_asked_about(case, swk_users, notify):
    with TestCase.captureOnCommitCallbacks() as enqueued:
        neighbours.neighbour_letters_send(council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR])
    today = timezone.localdate()
    assert neighbours.neighbour_letters_refresh(today=today) == "0 letters changed status (0 failed)"
    enqueued[0]()
    old = NeighbourLetter.objects.order_by("id").first()
    NeighbourLetter.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=30))
    for provider_id in notify.letters:
        notify.statuses[provider_id] = "received"
    neighbours.neighbour_letters_refresh(today=today)
    assert NeighbourLetter.objects.get(pk=old.pk).status == "sent"
    assert set(NeighbourLetter.objects.exclude(pk=old.pk).values_list("status", flat=True)) == {"posted"}


def test_the_daily_job_is_registered():
    from bops.core.scheduler import DAILY_JOBS

    job = next(j for j in DAILY_JOBS if j.name == "neighbour-letter-status")
    assert job.target == "bops.consultation.neighbours.neighbour_letters_refresh"


def test_a_refused_letter_is_recorded_as_failed(case, swk_users, settings):
    with FakeNotify(fail_with=400) as fake:
        settings.NOTIFIER, settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL = "notify", API_KEY, fake.url
        settings.NOTIFY_EMAIL_TEMPLATE_ID, settings.NOTIFY_REPLY_TO_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a", ""
        batch = _send(case, swk_users[Role.ASSESSOR])
    letters = NeighbourLetter.objects.select_related("outbox_message")
    assert {letter.status for letter in letters} == {"failed"}
    assert "Letter rejected" in letters[0].outbox_message.failure
    failures = AuditEntry.objects.filter(event="neighbour_letter_failed", application=case)
    assert failures.count() == len(batch.letters)
    assert "Letter rejected" in failures.first().data["reason"]


# --- Sending in the background ----------------------------------------------------------------------------------


def test_the_request_only_queues_the_letters_and_the_task_sends_them(case, swk_users, monkeypatch):
    def no_pdf_in_the_request(*args, **kwargs):
        raise AssertionError("the request must not render letters")

    monkeypatch.setattr(neighbours, "render_pdf_pages", no_pdf_in_the_request)
    with TestCase.captureOnCommitCallbacks() as enqueued:
        batch = neighbours.neighbour_letters_send(
            council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR]
        )
    count = Neighbour.objects.count()
    assert len(batch.letters) == count and len(enqueued) == 1
    assert set(NeighbourLetter.objects.values_list("status", flat=True)) == {"queued"}
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.LETTER).exists()
    assert OutboxMessage.objects.filter(channel=OutboxMessage.Channel.EMAIL, subject__contains="neighbours").exists()

    monkeypatch.undo()
    enqueued[0]()
    assert set(NeighbourLetter.objects.values_list("status", flat=True)) == {"sent"}
    assert OutboxMessage.objects.filter(channel=OutboxMessage.Channel.LETTER).count() == count
    assert not NeighbourLetter.objects.filter(outbox_message__isnull=True).exists()


def test_running_the_task_twice_sends_each_letter_once(case, swk_users, notify):
    batch = _send(case, swk_users[Role.ASSESSOR])
    ids = [letter.pk for letter in batch.letters]
    assert len(notify.letters) == len(ids)
    again = send_neighbour_letters.enqueue(letter_ids=ids, subject="Planning application")
    assert again.return_value == f"0 letters sent, 0 failed, {len(ids)} no longer queued"
    assert len(notify.letters) == len(ids)
    assert OutboxMessage.objects.filter(channel=OutboxMessage.Channel.LETTER).count() == len(ids)


def test_a_letter_sent_by_another_run_while_this_one_rendered_is_not_sent_again(case, swk_users, monkeypatch):
    with TestCase.captureOnCommitCallbacks():
        batch = neighbours.neighbour_letters_send(
            council=case.council, application_id=case.pk, user=swk_users[Role.ASSESSOR]
        )
    first = batch.letters[0].pk
    render = neighbours.render_pdf_pages

    def render_while_another_run_sends(template, pages):
        monkeypatch.setattr(neighbours, "render_pdf_pages", render)
        assert neighbours.neighbour_letter_deliver(letter_id=first, subject="S", qr_codes={}) == "sent"
        return render(template, pages)

    monkeypatch.setattr(neighbours, "render_pdf_pages", render_while_another_run_sends)
    assert neighbours.neighbour_letter_deliver(letter_id=first, subject="S", qr_codes={}) == "skipped"
    assert OutboxMessage.objects.filter(channel=OutboxMessage.Channel.LETTER).count() == 1


def test_a_letter_that_cannot_be_sent_is_marked_failed_and_the_others_go(case, swk_users, monkeypatch):
    broken = Neighbour.objects.order_by("address")[1]
    send_letter = OutboxNotifier.send_letter

    def refuse_one(self, **kwargs):
        if kwargs["address_lines"] == neighbours.address_lines(broken.address):
            raise RuntimeError("the printer's queue is full")
        return send_letter(self, **kwargs)

    monkeypatch.setattr(OutboxNotifier, "send_letter", refuse_one)
    batch = _send(case, swk_users[Role.ASSESSOR])
    status = dict(NeighbourLetter.objects.values_list("neighbour_id", "status"))
    assert status.pop(broken.pk) == "failed"
    assert set(status.values()) == {"sent"}
    assert OutboxMessage.objects.filter(channel=OutboxMessage.Channel.LETTER).count() == len(batch.letters) - 1
    failure = AuditEntry.objects.get(event="neighbour_letter_failed")
    assert failure.application == case and failure.data["address"] == broken.address
    assert failure.data["reason"] == "RuntimeError: the printer's queue is full"
    # The officer sees why on the neighbours page.
    assert NeighbourLetter.objects.get(neighbour=broken).failure == "RuntimeError: the printer's queue is full"
