"""The outbox page (paged, filtered, each message's text as sent) and the text of the messages themselves."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.services import planning_application_send_receipt
from bops.applications.tests.builders import make_application
from bops.notifications.models import OutboxMessage
from bops.notifications.notifier import OutboxNotifier, message_text
from bops.validation.messages import validation_notice

# A description as applicants type it into a form: the second line indented.
INDENTED = "Single storey rear extension\n    with a flat roof and two roof lights"


def send(council, count, *, application=None, channel="email", start=0):
    for n in range(start, start + count):
        OutboxMessage.objects.create(
            council=council,
            application=application,
            channel=channel,
            to=f"person{n}@example.com" if channel == "email" else f"{n} Flat Road\nLondon\nSE1 1AA",
            subject=f"Message {n}",
            body=f"Dear person {n},\n\nSee https://southwark.localhost/respond/abc{n}\nThanks",
        )
    # Oldest first by creation time, as sent: message N is the newest.
    base = timezone.now() - timedelta(days=1)
    for offset, message in enumerate(OutboxMessage.objects.filter(council=council).order_by("id")):
        OutboxMessage.objects.filter(pk=message.pk).update(created_at=base + timedelta(minutes=offset))


def outbox(client_for, council, users, query=""):
    response = client_for(council, users[Role.ADMINISTRATOR]).get(f"/admin/outbox{query}")
    assert response.status_code == 200
    return response


def subjects(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<span class="govuk-details__summary-text">\s*(.*?)\s*</span>', html)


def test_the_outbox_shows_25_messages_a_page_newest_first_with_govuk_pagination(southwark, swk_users, client_for):
    send(southwark, 60)
    first = outbox(client_for, southwark, swk_users)
    assert subjects(first) == [f"Message {n}" for n in range(59, 34, -1)]
    html = first.content.decode()
    assert "60 messages, showing 1 to 25" in html
    assert 'class="govuk-pagination"' in html
    assert 'href="?page=2"' in html and 'href="?page=3"' in html
    last = outbox(client_for, southwark, swk_users, "?page=3")
    assert subjects(last) == [f"Message {n}" for n in range(9, -1, -1)]
    assert "<title>Outbox (page 3 of 3)" in last.content.decode()
    # A page past the end shows the last page rather than an error.
    assert subjects(outbox(client_for, southwark, swk_users, "?page=99")) == subjects(last)
    assert subjects(outbox(client_for, southwark, swk_users, "?page=nonsense")) == subjects(first)


def test_each_message_is_summarised_and_its_text_is_in_a_details_component(southwark, swk_users, client_for):
    send(southwark, 1)
    html = outbox(client_for, southwark, swk_users).content.decode()
    assert "<strong>Email</strong> to person0@example.com" in html
    details = html[html.index('<details class="govuk-details') : html.index("</details>")]
    assert "Message 0" in details
    assert '<p class="govuk-body">Dear person 0,</p>' in details
    assert '<a href="https://southwark.localhost/respond/abc0"' in details
    assert "<pre" not in html


def test_the_text_shown_has_no_indentation_from_the_page(southwark, swk_users, client_for):
    """The summary list the outbox used indented every line of a message after its first inside a <pre>."""
    OutboxNotifier().send_email(council=southwark, to="jo@example.com", subject="Three lines", body="One\nTwo\nThree")
    html = outbox(client_for, southwark, swk_users).content.decode()
    details = html[html.index('<div class="govuk-details__text">') : html.index("</details>")]
    assert "One<br>Two<br>Three" in details


def test_the_outbox_is_filtered_by_case_reference_and_by_kind(southwark, swk_users, client_for):
    case = make_application(southwark)
    other = make_application(southwark, address="14 Bellenden Road")
    OutboxMessage.objects.filter(council=southwark).delete()  # the receipts
    send(southwark, 3, application=case)
    send(southwark, 2, application=other, start=3)
    send(southwark, 2, application=case, channel="letter", start=5)

    full = outbox(client_for, southwark, swk_users, f"?reference={case.reference_in_full}")
    assert subjects(full) == ["Message 6", "Message 5", "Message 2", "Message 1", "Message 0"]
    assert "5 messages found" in full.content.decode()
    assert f'href="/applications/{case.reference}">{case.reference_in_full}</a>' in full.content.decode()
    short = case.reference.split("-")[1].lower()
    assert subjects(outbox(client_for, southwark, swk_users, f"?reference={short}")) == subjects(full)

    letters = outbox(client_for, southwark, swk_users, "?kind=letter")
    assert subjects(letters) == ["Message 6", "Message 5"]
    assert "<strong>Letter</strong> to 6 Flat Road, London, SE1 1AA" in letters.content.decode()
    both = outbox(client_for, southwark, swk_users, f"?kind=email&reference={other.reference}")
    assert subjects(both) == ["Message 4", "Message 3"]
    none = outbox(client_for, southwark, swk_users, "?reference=99-99999-XXXX")
    assert "No messages match" in none.content.decode()
    # An unknown kind is ignored.
    assert len(subjects(outbox(client_for, southwark, swk_users, "?kind=pigeon"))) == 7


def test_the_filters_are_kept_across_pages(southwark, swk_users, client_for):
    case = make_application(southwark)
    send(southwark, 30, application=case)
    html = outbox(client_for, southwark, swk_users, f"?reference={case.reference}&kind=email").content.decode()
    assert f'href="?reference={case.reference}&amp;kind=email&amp;page=2"' in html


def test_the_outbox_shows_only_the_councils_own_messages(southwark, lambeth, swk_users, client_for):
    send(southwark, 2)
    OutboxMessage.objects.create(council=lambeth, to="x@lambeth.example", subject="Lambeth's", body="Hello")
    response = outbox(client_for, southwark, swk_users)
    assert "Lambeth's" not in subjects(response)
    assert "2 messages" in response.content.decode()


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.REVIEWER])
def test_only_administrators_read_the_outbox(southwark, swk_users, client_for, role):
    assert client_for(southwark, swk_users[role]).get("/admin/outbox").status_code == 403


def test_the_outbox_costs_the_same_queries_whatever_it_holds(southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    cases = [make_application(southwark, address=f"{n} Bellenden Road") for n in range(3)]

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/outbox").status_code == 200
        return len(queries)

    for case in cases[:1]:
        send(southwark, 2, application=case)
    small = count_queries()
    for n, case in enumerate(cases):
        send(southwark, 20, application=case, start=100 + 20 * n)
    send(southwark, 20, channel="letter", start=500)
    assert count_queries() == small


# --- The text of the messages themselves ---------------------------------------------------------------------------


def lines_with_leading_space(text: str) -> list[str]:
    return [line for line in text.split("\n") if line != line.lstrip()]


@pytest.mark.django_db
def test_the_receipt_has_no_line_starting_with_spaces(southwark):
    case = make_application(southwark, description=INDENTED)
    OutboxMessage.objects.all().delete()
    planning_application_send_receipt(application=case)
    body = OutboxMessage.objects.get(to="jo@applicant.example").body
    assert "with a flat roof and two roof lights" in body
    assert lines_with_leading_space(body) == []


@pytest.mark.django_db
def test_the_validation_notice_has_no_line_starting_with_spaces(southwark):
    case = make_application(southwark, description=INDENTED)
    case.valid_from = timezone.localdate()
    OutboxMessage.objects.all().delete()
    validation_notice(application=case, user=None)
    body = OutboxMessage.objects.get(to="jo@applicant.example").body
    assert "Your application is valid from" in body
    assert lines_with_leading_space(body) == []


def test_a_councils_wording_pasted_with_indentation_is_sent_without_it():
    wording = "  Dear occupier,\r\n\r\n\r\n\r\n      We have received an application.  \n\t{council}\n"
    assert message_text(wording) == "Dear occupier,\n\nWe have received an application.\n{council}"
