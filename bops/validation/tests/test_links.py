"""Signed applicant links (links.py): they open one case of one council, for APPLICANT_LINK_DAYS, and cannot be
forged, altered, borrowed by another council, or turned towards another case (bops-domain.md §3.3 fixed)."""

import base64
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import signing

from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.core.errors import DomainError
from bops.notifications.models import OutboxMessage
from bops.validation import messages, services
from bops.validation.links import SALT, LinkError, link_read, link_token
from bops.validation.models import RequestState, ValidationRequest

LONDON = ZoneInfo("Europe/London")
MADE = datetime(2024, 5, 1, 9, 0, tzinfo=LONDON)


def read(token, council_id):
    return link_read(token, council_id=council_id)


def test_a_link_opens_its_case(time_machine):
    time_machine.move_to(MADE, tick=False)
    token = link_token(council_id=3, application_id=41)
    link = read(token, 3)
    assert (link.application_id, link.expired) == (41, False)


def test_a_link_still_works_on_its_last_day(settings, time_machine):
    settings.APPLICANT_LINK_DAYS = 30
    time_machine.move_to(MADE, tick=False)
    token = link_token(council_id=3, application_id=41)
    time_machine.move_to(MADE + timedelta(days=30), tick=False)
    assert read(token, 3).expired is False


@pytest.mark.parametrize("days", [7, 30])
def test_an_expired_link_reads_as_expired_not_invalid(settings, time_machine, days):
    settings.APPLICANT_LINK_DAYS = days
    time_machine.move_to(MADE, tick=False)
    token = link_token(council_id=3, application_id=41)
    time_machine.move_to(MADE + timedelta(days=days, seconds=1), tick=False)
    link = read(token, 3)
    assert (link.application_id, link.expired) == (41, True)
    time_machine.move_to(MADE + timedelta(days=days * 12), tick=False)
    assert read(token, 3).expired is True


def test_another_councils_link_is_refused_even_when_expired(settings, time_machine):
    time_machine.move_to(MADE, tick=False)
    token = link_token(council_id=3, application_id=41)
    with pytest.raises(LinkError, match="This link is not valid"):
        read(token, 4)
    time_machine.move_to(MADE + timedelta(days=settings.APPLICANT_LINK_DAYS + 1), tick=False)
    with pytest.raises(LinkError):
        read(token, 4)


def _tampered(token: str, payload: dict) -> str:
    """The same signature over a different payload: what someone editing the address would try."""
    _, rest = token.split(":", 1)
    data = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{data}:{rest}"


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="signature-altered"),
        pytest.param(lambda token: token[:5] + token[6:], id="cut-short"),
        pytest.param(lambda token: token + "x", id="lengthened"),
        pytest.param(lambda token: _tampered(token, {"c": 3, "a": 42}), id="another-case-smuggled-in"),
        pytest.param(lambda token: _tampered(token, {"c": 3, "a": "41"}), id="id-as-text"),
        pytest.param(
            lambda token: signing.dumps({"c": 3, "a": 42}, key="not-our-secret", salt=SALT, compress=True),
            id="signed-with-another-key",
        ),
        pytest.param(lambda token: signing.dumps({"c": 3, "a": 42}, compress=True), id="signed-for-another-purpose"),
        pytest.param(lambda token: "", id="empty"),
        pytest.param(lambda token: "not-a-link", id="garbage"),
        pytest.param(lambda token: "a:b:c", id="colons"),
    ],
)
def test_a_forged_or_altered_link_is_refused(forge, time_machine):
    time_machine.move_to(MADE, tick=False)
    token = link_token(council_id=3, application_id=41)
    with pytest.raises(LinkError, match="This link is not valid"):
        read(forge(token), 3)


@pytest.mark.parametrize(
    "payload",
    [{"c": 3, "a": "41"}, {"c": 3}, {"c": "3", "a": 41}, [3, 41], {"c": 3, "a": None}],
    ids=["id-as-text", "no-case", "council-as-text", "a-list", "no-id"],
)
def test_only_a_council_and_a_case_id_are_accepted_even_when_signed(payload):
    """Defence in depth: a token of the right shape is the only one read, whatever else gets signed with the key."""
    token = signing.dumps(payload, salt=SALT, compress=True)
    with pytest.raises(LinkError):
        read(token, 3)


# --- Links in the council's messages ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_link_in_an_email_opens_that_case_on_the_councils_own_address(southwark, lambeth, swk_users):
    application = make_application_in(southwark, Status.INVALIDATED, swk_users)
    url = messages.applicant_link(application)
    assert url.startswith("http") and "//southwark." in url
    token = url.rsplit("/respond/", 1)[1]
    assert read(token, southwark.pk).application_id == application.pk
    with pytest.raises(LinkError):
        read(token, lambeth.pk)


@pytest.mark.django_db
def test_one_cases_link_cannot_answer_another_cases_request(southwark, swk_users):
    mine = make_application_in(southwark, Status.INVALIDATED, swk_users)
    theirs = make_application_in(southwark, Status.INVALIDATED, swk_users)
    their_request = ValidationRequest.objects.get(application=theirs)
    link = read(link_token(council_id=southwark.pk, application_id=mine.pk), southwark.pk)

    with pytest.raises(DomainError, match="There is no such request on this case"):
        services.validation_request_answer(
            council=southwark,
            application_id=link.application_id,
            request_id=their_request.pk,
            answer=services.Answered(text="Signed."),
            through="link",
        )
    their_request.refresh_from_db()
    assert their_request.state == RequestState.OPEN


@pytest.mark.django_db
def test_a_fresh_link_goes_only_to_the_addresses_on_the_case_and_not_too_often(southwark, swk_users, time_machine):
    time_machine.move_to(MADE, tick=False)
    application = make_application_in(southwark, Status.INVALIDATED, swk_users)
    before = OutboxMessage.objects.filter(application=application).count()
    assert services.applicant_link_resend(council=southwark, application_id=application.pk) is True
    assert services.applicant_link_resend(council=southwark, application_id=application.pk) is False
    sent = list(OutboxMessage.objects.filter(application=application).order_by("pk"))[before:]
    assert [m.to for m in sent] == [application.applicant_email]
    token = sent[0].body.split("/respond/", 1)[1].split()[0]
    assert read(token, southwark.pk).application_id == application.pk

    time_machine.move_to(MADE + timedelta(minutes=services.NEW_LINK_MINUTES + 1), tick=False)
    assert services.applicant_link_resend(council=southwark, application_id=application.pk) is True


@pytest.mark.django_db
def test_no_fresh_link_for_another_councils_case(southwark, lambeth, swk_users):
    application = make_application_in(southwark, Status.INVALIDATED, swk_users)
    with pytest.raises(DomainError, match="There is no such case in your council"):
        services.applicant_link_resend(council=lambeth, application_id=application.pk)
