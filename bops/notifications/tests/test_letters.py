"""Letters through the Notifier: the outbox keeps a record; Notify gets the PDF and tells where the letter is."""

import pytest

from bops.councils.models import Council
from bops.notifications.models import OutboxMessage
from bops.notifications.notifier import NOTIFY_LETTER_STATUSES, NotifyNotifier, OutboxNotifier
from bops.notifications.tests.fake_notify import API_KEY, FakeNotify
from bops.notifications.tests.test_notify import TEMPLATE

PDF = b"%PDF-1.7\n% a letter\n%%EOF\n"
LINES = ["The Occupier", "10 Bellenden Road", "London", "SE15 4RF"]


def _send(notifier):
    return notifier.send_letter(
        council=Council.objects.get(subdomain="southwark"),
        application=None,
        address_lines=LINES,
        subject="Planning application SWK-1",
        body="Dear occupier",
        pdf=PDF,
    )


@pytest.mark.django_db
def test_the_outbox_keeps_a_letter_and_counts_it_sent(southwark):
    message = _send(OutboxNotifier())
    assert message.channel == OutboxMessage.Channel.LETTER
    assert message.to == "The Occupier\n10 Bellenden Road\nLondon\nSE15 4RF"
    assert OutboxNotifier().letter_status(message.provider_id) == "sent"


@pytest.mark.django_db
def test_a_letter_goes_to_notify_as_a_precompiled_pdf(southwark):
    with FakeNotify() as notify:
        notifier = NotifyNotifier(api_key=API_KEY, email_template_id=TEMPLATE, base_url=notify.url)
        message = _send(notifier)
        assert notify.letters[message.provider_id] == {"reference": str(message.pk), "pdf": PDF}
        assert (message.provider, message.status, message.channel) == ("notify", "sent", "letter")
        assert notifier.letter_status(message.provider_id) == "sent"
        for notify_status, ours in (("accepted", "printed"), ("received", "posted"), ("permanent-failure", "failed")):
            notify.statuses[message.provider_id] = notify_status
            assert notifier.letter_status(message.provider_id) == ours
        assert notifier.letter_status("00000000-0000-0000-0000-000000000000") is None  # unknown to Notify


@pytest.mark.django_db
def test_a_refused_letter_is_recorded_not_raised(southwark):
    with FakeNotify(fail_with=400) as notify:
        message = _send(NotifyNotifier(api_key=API_KEY, email_template_id=TEMPLATE, base_url=notify.url))
    assert message.status == "failed" and "Letter rejected" in message.failure


def test_every_notify_letter_status_means_one_of_ours():
    assert set(NOTIFY_LETTER_STATUSES.values()) == {"sent", "printed", "posted", "failed"}
