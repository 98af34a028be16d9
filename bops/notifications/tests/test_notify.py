"""The GOV.UK Notify adapter, against a local server that checks the JWT and answers as Notify does."""

import pytest

from bops.notifications.models import OutboxMessage
from bops.notifications.notifier import NotifyNotifier, OutboxNotifier, get_notifier
from bops.notifications.tests.fake_notify import API_KEY, FakeNotify

TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@pytest.mark.django_db
def test_an_email_goes_through_notify_and_is_recorded(southwark):
    with FakeNotify() as notify:
        NotifyNotifier(api_key=API_KEY, email_template_id=TEMPLATE, base_url=notify.url).send_email(
            council=southwark, to="jo@applicant.example", subject="Application received", body="Dear Jo"
        )
    sent = notify.received[0]
    assert sent["email_address"] == "jo@applicant.example"
    assert sent["template_id"] == TEMPLATE
    assert sent["personalisation"] == {"subject": "Application received", "body": "Dear Jo"}
    message = OutboxMessage.objects.get()
    assert message.provider == "notify"
    assert message.status == "sent"
    assert message.provider_id
    assert sent["reference"] == str(message.pk)


@pytest.mark.django_db
def test_a_refusal_is_recorded_not_raised(southwark):
    with FakeNotify(fail_with=400) as notify:
        NotifyNotifier(api_key=API_KEY, email_template_id=TEMPLATE, base_url=notify.url).send_email(
            council=southwark, to="jo@applicant.example", subject="S", body="B"
        )
    message = OutboxMessage.objects.get()
    assert message.status == "failed"
    assert "Can't send to this recipient" in message.failure


@pytest.mark.django_db
def test_a_wrong_key_is_refused_by_notify(southwark):
    wrong = API_KEY[:-36] + "00000000-0000-0000-0000-000000000000"
    with FakeNotify() as notify:
        NotifyNotifier(api_key=wrong, email_template_id=TEMPLATE, base_url=notify.url).send_email(
            council=southwark, to="jo@applicant.example", subject="S", body="B"
        )
    assert notify.received == []
    assert OutboxMessage.objects.get().status == "failed"


@pytest.mark.django_db
def test_an_unreachable_notify_is_recorded(southwark):
    NotifyNotifier(api_key=API_KEY, email_template_id=TEMPLATE, base_url="http://127.0.0.1:9").send_email(
        council=southwark, to="jo@applicant.example", subject="S", body="B"
    )
    assert OutboxMessage.objects.get().status == "failed"


def test_the_setting_chooses_the_adapter(settings):
    settings.NOTIFIER = "outbox"
    assert isinstance(get_notifier(), OutboxNotifier)
    settings.NOTIFIER, settings.NOTIFY_API_KEY, settings.NOTIFY_EMAIL_TEMPLATE_ID = "notify", API_KEY, TEMPLATE
    settings.NOTIFY_BASE_URL, settings.NOTIFY_REPLY_TO_ID = "http://127.0.0.1:9", ""
    assert isinstance(get_notifier(), NotifyNotifier)
