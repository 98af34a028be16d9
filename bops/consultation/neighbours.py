"""Neighbours and their letters: who is written to, what they are told, and whether the letter was posted.

The page offers the addresses around the site (addresses.addresses_around_site) and the adjoining properties the
applicant gave, the adjoining ones ticked, so that one submit adds the chosen ones and writes to them: the notice
to adjoining owners or occupiers that GPDO 2015 Sch. 2 Part 1 para. A.4(5) and DMPO 2015 art. 15 call for. Further
neighbours are added from an address search or an area drawn on the map; one can be removed until a letter has
gone to it. "Send letters" writes to every neighbour not yet written to (and, with a reason, to chosen ones again)
as one batch: each letter is written from the council's
wording and kept with its full text as queued; the batch is a neighbour-letter publicity event (which moves the
consultation's end date), and the applicant and agent get a copy. A background task then renders each queued
letter as a PDF and sends it through the Notifier, one letter at a time (`neighbour_letters_deliver`).

Every write by an officer locks the case, checks the role, and is audited.
"""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from bops.accounts.models import User
from bops.accounts.permissions import check_role
from bops.applications.models import PlanningApplication
from bops.consultation import templates
from bops.consultation.addresses import (
    MAX_ADDRESSES,
    FoundAddress,
    addresses_around_site,
    get_address_lookup,
    polygon_parse,
)
from bops.consultation.models import Consultation, MessageTemplate, Neighbour, NeighbourLetter, PublicityEvent
from bops.consultation.services import (
    OFFICER_ROLES,
    consultation_ensure,
    consultation_open_for_work,
    lock_application,
    publicity_event_add,
)
from bops.core import dates
from bops.core.audit import audit_record
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.core.pdf import qr_data_uri, render_pdf_pages
from bops.councils.models import Council
from bops.notifications.notifier import LETTER_FAILED, OutboxNotifier, get_notifier
from bops.register.selectors import register_url
from bops.submissions.models import SubmittedDetails
from bops.validation.messages import send_to_applicant

logger = logging.getLogger(__name__)

SEARCH_LIMIT = 50
LETTER_TEMPLATE = "consultation/pdf/neighbour_letter.html"
UPDATED = "Application updated: "
# Notify keeps a letter's status for 7 days; a letter not posted by then is not asked about again.
STATUS_DAYS = 7
# Questions in a submission whose answers are the adjoining properties the applicant named.
_ADJOINING_WORDS = ("adjoining", "neighbour", "neighbor")


# --- Reads ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeighbourRow:
    neighbour: Neighbour
    latest: NeighbourLetter | None

    @property
    def can_remove(self) -> bool:
        return self.latest is None


def neighbour_rows(*, application: PlanningApplication) -> list[NeighbourRow]:
    """The case's neighbours, each with its latest letter, in two queries whatever their number."""
    neighbours = list(
        Neighbour.objects.filter(council=application.council, consultation__application=application).order_by(
            "address", "id"
        )
    )
    latest: dict[int, NeighbourLetter] = {}
    for letter in NeighbourLetter.objects.filter(
        council=application.council, neighbour__in=[n.pk for n in neighbours]
    ).order_by("created_at", "id"):
        latest[letter.neighbour_id] = letter
    return [NeighbourRow(n, latest.get(n.pk)) for n in neighbours]


def applicant_suggestions(*, application: PlanningApplication) -> list[str]:
    """Addresses the applicant gave as adjoining properties (prior approvals ask for them), not yet neighbours."""
    details = SubmittedDetails.objects.filter(application=application).first()
    if details is None:
        return []
    given: list[str] = []
    for item in details.responses or []:
        question = str(item.get("question", "")).lower() if isinstance(item, dict) else ""
        if not any(word in question for word in _ADJOINING_WORDS):
            continue
        for answer in item.get("answers") or []:
            text = " ".join(str(answer).split())
            if "," in text and text not in given:
                given.append(text)
    known = set(
        Neighbour.objects.filter(council=application.council, consultation__application=application).values_list(
            "address", flat=True
        )
    )
    return [a for a in given if a not in known]


def address_search(*, text: str) -> list[FoundAddress]:
    return get_address_lookup().search(text, SEARCH_LIMIT)


APPLICANT_KEY = "applicant:"
AROUND_KEY = "uprn:"


@dataclass(frozen=True)
class Suggestion:
    """An address offered to write to: `key` is the form's value, `why` the evidence shown beside it."""

    key: str
    address: FoundAddress
    adjoining: bool
    why: str


def neighbour_suggestions(*, application: PlanningApplication) -> list[Suggestion]:
    """The adjoining properties the applicant gave, then the addresses around the site (adjoining first, nearest
    first), leaving out the site itself and the case's neighbours. The lookup's refusal is a DomainError."""
    existing = Neighbour.objects.filter(council=application.council, consultation__application=application)
    known_uprns = set(existing.exclude(uprn="").values_list("uprn", flat=True))
    known = {a.lower() for a in existing.values_list("address", flat=True)}
    site = f"{application.address_line_1}, ".lower() if application.address_line_1 else None
    suggestions = [
        Suggestion(
            key=f"{APPLICANT_KEY}{text}",
            address=FoundAddress(address=text, uprn="", latitude=None, longitude=None),
            adjoining=True,
            why="Given by the applicant as an adjoining property",
        )
        for text in applicant_suggestions(application=application)
    ]
    known |= {s.address.address.lower() for s in suggestions}
    for near in addresses_around_site(
        boundary=application.boundary,
        latitude=application.latitude,
        longitude=application.longitude,
        site_uprn=application.uprn,
    ):
        text = near.found.address
        if near.found.uprn in known_uprns or text.lower() in known or (site and text.lower().startswith(site)):
            continue
        where = "inside the red line" if near.metres == 0 else f"{near.metres} m from the red line"
        suggestions.append(
            Suggestion(
                key=f"{AROUND_KEY}{near.found.uprn}",
                address=near.found,
                adjoining=near.adjoining,
                why=f"{'Adjoining' if near.adjoining else 'Nearby'}: {where}",
            )
        )
    return suggestions


# --- Adding and removing ----------------------------------------------------------------------------------------


def _open(*, council: Council, application_id: int, user: User) -> PlanningApplication:
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    return application


def _add(
    application: PlanningApplication, *, found: Iterable[FoundAddress], source: str, user: User
) -> list[Neighbour]:
    consultation = consultation_ensure(application)
    existing = Neighbour.objects.filter(council=application.council, consultation=consultation)
    uprns = set(existing.exclude(uprn="").values_list("uprn", flat=True))
    addresses = {a.lower() for a in existing.values_list("address", flat=True)}
    added = []
    for item in found:
        if (item.uprn and item.uprn in uprns) or item.address.lower() in addresses:
            continue
        if application.uprn and item.uprn == application.uprn:
            continue  # the site itself is the applicant's, not a neighbour's
        if len([p for p in item.address.split(",") if p.strip()]) < 2:
            raise DomainError(
                f"{item.address} is not a full postal address: a letter needs at least the street and the town.",
                field="addresses",
            )
        added.append(
            Neighbour(
                council=application.council,
                consultation=consultation,
                address=item.address[:400],
                uprn=item.uprn,
                latitude=item.latitude,
                longitude=item.longitude,
                source=source,
            )
        )
        uprns.add(item.uprn)
        addresses.add(item.address.lower())
    try:
        with transaction.atomic():
            Neighbour.objects.bulk_create(added)
    except IntegrityError as error:
        raise DomainError("Someone else has just added some of these neighbours: try again.") from error
    if added:
        audit_record(
            council=application.council,
            user=user,
            application=application,
            event="neighbours_added",
            data={"source": source, "addresses": [n.address for n in added]},
        )
    return added


@transaction.atomic
def neighbours_add_from_search(
    *, council: Council, application_id: int, user: User, query: str, uprns: list[str]
) -> list[Neighbour]:
    """Add the chosen results of a search; the search is run again here, so only real addresses are added."""
    application = _open(council=council, application_id=application_id, user=user)
    if not uprns:
        raise DomainError("Choose at least one address.", field="uprns")
    chosen = set(uprns)
    found = [a for a in address_search(text=query) if a.uprn in chosen]
    if not found:
        raise DomainError("Those addresses were not found again: search again.", field="uprns")
    return _add(application, found=found, source=Neighbour.Source.SEARCH, user=user)


@transaction.atomic
def neighbours_add_within(*, council: Council, application_id: int, user: User, polygon: str) -> list[Neighbour]:
    """Add every address inside an area drawn on the map (the site's own excepted); the area is kept."""
    application = _open(council=council, application_id=application_id, user=user)
    geometry = polygon_parse(polygon)
    found = get_address_lookup().within(geometry, MAX_ADDRESSES + 2)
    found = [a for a in found if not (application.uprn and a.uprn == application.uprn)]
    if len(found) > MAX_ADDRESSES:
        raise DomainError(f"The area has more than {MAX_ADDRESSES} addresses: draw a smaller area.", field="polygon")
    if not found:
        raise DomainError("There are no addresses in that area: draw a larger one.", field="polygon")
    consultation = consultation_ensure(application)
    consultation.polygon = {"type": "Feature", "geometry": geometry, "properties": {}}
    consultation.save(update_fields=["polygon", "updated_at"])
    return _add(application, found=found, source=Neighbour.Source.MAP, user=user)


def _add_chosen(application: PlanningApplication, *, chosen: Iterable[str], user: User) -> list[Neighbour]:
    """Add the chosen suggestions, found again here so that only addresses really offered are added."""
    chosen = list(dict.fromkeys(chosen))
    if not chosen:
        return []
    offered = {s.key: s for s in neighbour_suggestions(application=application)}
    missing = [key for key in chosen if key not in offered]
    if missing:
        raise DomainError("Some of the chosen addresses are no longer offered: choose again.", field="chosen")
    picked = [offered[key] for key in chosen]
    from_applicant = [s.address for s in picked if s.key.startswith(APPLICANT_KEY)]
    around = [s.address for s in picked if not s.key.startswith(APPLICANT_KEY)]
    return _add(application, found=from_applicant, source=Neighbour.Source.APPLICANT, user=user) + _add(
        application, found=around, source=Neighbour.Source.AROUND, user=user
    )


@transaction.atomic
def neighbour_remove(*, council: Council, application_id: int, user: User, neighbour_id: int) -> None:
    application = _open(council=council, application_id=application_id, user=user)
    neighbour = Neighbour.objects.filter(
        council=council, consultation__application=application, pk=neighbour_id
    ).first()
    if neighbour is None:
        raise DomainError("There is no such neighbour on this case.")
    if neighbour.letters.exists():
        raise DomainError(f"A letter has already gone to {neighbour.address}: it cannot be removed.")
    address = neighbour.address
    neighbour.delete()
    audit_record(
        council=council, user=user, application=application, event="neighbour_removed", data={"address": address}
    )


# --- Letters ----------------------------------------------------------------------------------------------------


def letter_wording(council: Council) -> tuple[str, str]:
    """The council's subject and body for neighbour letters, or the default; checked before use."""
    own = MessageTemplate.objects.filter(council=council, kind=MessageTemplate.Kind.NEIGHBOUR_LETTER).first()
    default_subject, default_body = templates.DEFAULTS["neighbour_letter"]
    subject, body = (own.subject or default_subject, own.body) if own else (default_subject, default_body)
    try:
        templates.template_check("neighbour_letter", subject=subject, body=body)
    except DomainError as error:
        raise DomainError(f"The council's neighbour letter wording cannot be used: {error.message}") from error
    return subject, body


def letter_values(application: PlanningApplication, *, closing_date: date) -> dict[str, str]:
    officer = application.assigned_officer
    return {
        "reference": application.reference_in_full,
        "address": application.address,
        "description": application.description,
        "closing_date": format_date(closing_date),
        "officer": officer.name if officer is not None else f"The planning team, {application.council.name}",
        "council": application.council.name,
        "applicant": application.applicant_name,
        "link": register_url(application),
    }


def address_lines(address: str) -> list[str]:
    """The lines on the envelope: "The Occupier" then the address, at most 7 lines as Notify allows."""
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if len(parts) > 6:
        parts = [", ".join(parts[:-5]), *parts[-5:]]
    return ["The Occupier", *parts]


def _body(text: str, resend_reason: str) -> str:
    return f"{UPDATED}{resend_reason}\n\n{text}" if resend_reason else text


def letter_page(
    application: PlanningApplication, *, address: str, body: str, resend_reason: str, dated: date, qr: str
) -> dict[str, Any]:
    """What the PDF template needs for one letter (`body` is the letter's full text as kept)."""
    text = body.removeprefix(_body("", resend_reason)) if resend_reason else body
    council = application.council
    return {
        "council_name": council.name,
        "council_address": [line for line in council.address.splitlines() if line.strip()],
        "address_lines": address_lines(address),
        "reference": application.reference_in_full,
        "dated": format_date(dated),
        "resend_reason": resend_reason,
        "paragraphs": [p for p in text.split("\n\n") if p.strip()],
        "qr": qr,
        "link": register_url(application),
    }


@dataclass(frozen=True)
class LetterBatch:
    letters: list[NeighbourLetter]
    closing_date: date
    event: PublicityEvent


@transaction.atomic
def neighbour_letters_send(
    *,
    council: Council,
    application_id: int,
    user: User,
    chosen: Iterable[str] = (),
    resend_ids: Iterable[int] = (),
    resend_reason: str = "",
) -> LetterBatch:
    """Add the `chosen` suggestions (`neighbour_suggestions` keys) as neighbours, then write to every neighbour not
    yet written to, and to the chosen ones again with the reason printed on top: one step for the officer.

    Only the quick part happens here, in one transaction under the case's lock: each letter is kept, queued, with
    its full text; the publicity event moves the end date; the applicant gets a copy. Rendering and sending the
    letters (about 130 ms each) is left to one background task, enqueued when this commits.
    """
    application = _open(council=council, application_id=application_id, user=user)
    resend_reason = " ".join(resend_reason.split())
    resend_ids = {int(i) for i in resend_ids}
    if resend_ids and not resend_reason:
        raise DomainError("Say why the letter is sent again: it is printed at the top.", field="resend_reason")
    if resend_reason and not resend_ids:
        raise DomainError("Choose the neighbours to write to again.", field="resend")
    subject_template, body_template = letter_wording(council)
    _add_chosen(application, chosen=chosen, user=user)
    rows = neighbour_rows(application=application)
    fresh = [r.neighbour for r in rows if r.latest is None]
    again = [r.neighbour for r in rows if r.latest is not None and r.neighbour.pk in resend_ids]
    if len(again) != len(resend_ids):
        raise DomainError("Only neighbours already written to can be written to again.", field="resend")
    if not fresh and not again:
        raise DomainError(
            "Every neighbour has had a letter: choose addresses to write to, or neighbours to write to again.",
            field="chosen",
        )

    event = publicity_event_add(
        application,
        kind=PublicityEvent.Kind.NEIGHBOUR_LETTERS,
        # Sent after hours, at a weekend or on a holiday, the letters count as served the next working day, so the
        # 21 days never end before the law's would (DMPO 2015 art. 15(5); art. 2(1) "working day").
        on=dates.receipt_date(timezone.now()),
        user=user,
        reason=f"{len(fresh) + len(again)} letters" + (f"; {UPDATED}{resend_reason}" if resend_reason else ""),
    )
    consultation: Consultation = application.consultation
    closing_date = consultation.end_date or event.ends_on
    values = letter_values(application, closing_date=closing_date)
    subject = templates.template_render(subject_template, values)
    text = templates.template_render(body_template, values)
    now = timezone.now()
    letters = [
        NeighbourLetter(
            council=council,
            neighbour=neighbour,
            status=NeighbourLetter.Status.QUEUED,
            body=_body(text, reason),
            resend_reason=reason,
            sent_at=now,
            sent_by=user,
        )
        for neighbour, reason in [(n, "") for n in fresh] + [(n, resend_reason) for n in again]
    ]
    NeighbourLetter.objects.bulk_create(letters)
    audit_record(
        council=council,
        user=user,
        application=application,
        event="neighbour_letters_sent",
        comment=resend_reason,
        data={
            "count": len(letters),
            "addresses": [n.address for n in fresh],
            "sent_again": [n.address for n in again],
            "closing_date": closing_date.isoformat(),
            "subject": subject,
            "body": text,
        },
    )
    send_to_applicant(
        application=application,
        kind="neighbour_letter_copy",
        subject=f"{application.reference_in_full}: we have written to your neighbours",
        body=(
            f"We have written to {len(letters)} neighbouring addresses about your application "
            f"{application.reference_in_full}. Comments can be made until {format_date(closing_date)}. "
            f"This is a copy of the letter:\n\n{letters[0].body}"
        ),
        user=user,
    )
    from bops.consultation.tasks import send_neighbour_letters  # the task module imports this one

    letter_ids = [letter.pk for letter in letters]
    transaction.on_commit(lambda: send_neighbour_letters.enqueue(letter_ids=letter_ids, subject=subject))
    return LetterBatch(letters=letters, closing_date=closing_date, event=event)


# --- Sending (the background task) ------------------------------------------------------------------------------

SKIPPED = "skipped"


def neighbour_letters_deliver(*, letter_ids: Iterable[int], subject: str) -> str:
    """Render and send each of these letters that is still queued; safe to run again, or twice at once.

    Each letter is sent in its own short transaction (`neighbour_letter_deliver`), so one that fails is marked
    failed, with the reason in the audit, and the others still go; a letter no longer queued is left alone.
    """
    outcomes: Counter[str] = Counter()
    qr_codes: dict[int, str] = {}
    for letter_id in letter_ids:
        try:
            outcomes[neighbour_letter_deliver(letter_id=letter_id, subject=subject, qr_codes=qr_codes)] += 1
        except Exception as error:
            logger.exception("Neighbour letter %s could not be sent", letter_id)
            outcomes[_letter_fail(letter_id=letter_id, reason=f"{type(error).__name__}: {error}")] += 1
    return (
        f"{outcomes[NeighbourLetter.Status.SENT]} letters sent, {outcomes[NeighbourLetter.Status.FAILED]} failed, "
        f"{outcomes[SKIPPED]} no longer queued"
    )


def neighbour_letter_deliver(*, letter_id: int, subject: str, qr_codes: dict[int, str]) -> str:
    """Render one queued letter, send it through the Notifier and record the outcome: sent, failed or skipped.

    The PDF is rendered before the lock, so the letter's row (and, on SQLite, the database) is not held for it.
    Then, in one transaction: lock the row, go on only if it is still queued, send, store the outbox message and
    the status, commit. A second run waits for the lock and then finds the letter no longer queued, so it never
    sends it twice. The one exception: if the process dies after the Notifier has accepted the letter and before
    the commit, the row is still queued and that one letter is sent again when the task is retried.
    `qr_codes` keeps each case's QR code (by case id) for the next letters.
    """
    queued = (
        NeighbourLetter.objects.filter(pk=letter_id, status=NeighbourLetter.Status.QUEUED)
        .select_related("neighbour__consultation__application__council")
        .first()
    )
    if queued is None:
        return SKIPPED
    application = queued.neighbour.consultation.application
    if application.pk not in qr_codes:
        qr_codes[application.pk] = qr_data_uri(register_url(application))
    page = letter_page(
        application,
        address=queued.neighbour.address,
        body=queued.body,
        resend_reason=queued.resend_reason,
        dated=timezone.localtime(queued.sent_at or queued.created_at).date(),
        qr=qr_codes[application.pk],
    )
    pdf = render_pdf_pages(LETTER_TEMPLATE, [page])
    with transaction.atomic():
        letter = (
            NeighbourLetter.objects.select_for_update()
            .filter(pk=letter_id, status=NeighbourLetter.Status.QUEUED)
            .first()
        )
        if letter is None:
            return SKIPPED  # another run sent it while this one was rendering
        message = get_notifier().send_letter(
            council=application.council,
            application=application,
            address_lines=page["address_lines"],
            subject=subject,
            body=letter.body,
            pdf=pdf,
        )
        letter.outbox_message = message
        letter.status = NeighbourLetter.Status.FAILED if message.status == "failed" else NeighbourLetter.Status.SENT
        letter.failure = message.failure[:2000] if letter.status == NeighbourLetter.Status.FAILED else ""
        letter.save(update_fields=["outbox_message", "status", "failure", "updated_at"])
        if letter.status == NeighbourLetter.Status.FAILED:
            _failure_audit(letter, application=application, address=queued.neighbour.address, reason=message.failure)
    return letter.status


def _letter_fail(*, letter_id: int, reason: str) -> str:
    """Mark a letter that could not be sent as failed, if it is still queued (its sending was rolled back)."""
    with transaction.atomic():
        letter = (
            NeighbourLetter.objects.select_for_update()
            .filter(pk=letter_id, status=NeighbourLetter.Status.QUEUED)
            .first()
        )
        if letter is None:
            return SKIPPED
        letter.status = NeighbourLetter.Status.FAILED
        letter.failure = reason[:2000]
        letter.save(update_fields=["status", "failure", "updated_at"])
        neighbour = Neighbour.objects.select_related("consultation__application__council").get(pk=letter.neighbour_id)
        _failure_audit(letter, application=neighbour.consultation.application, address=neighbour.address, reason=reason)
    return letter.status


def _failure_audit(letter: NeighbourLetter, *, application: PlanningApplication, address: str, reason: str) -> None:
    audit_record(
        council=application.council,
        application=application,
        event="neighbour_letter_failed",
        data={"address": address, "letter": letter.pk, "reason": reason[:2000]},
    )


def batch_pdf(*, application: PlanningApplication, letter_id: int) -> bytes:
    """Every letter of the batch that `letter_id` went in (the same sending), as one PDF to print."""
    first = (
        NeighbourLetter.objects.filter(
            council=application.council, neighbour__consultation__application=application, pk=letter_id
        )
        .only("sent_at")
        .first()
    )
    if first is None or first.sent_at is None:
        raise DomainError("There is no such letter on this case.")
    letters = (
        NeighbourLetter.objects.filter(
            council=application.council,
            neighbour__consultation__application=application,
            sent_at=first.sent_at,
        )
        .select_related("neighbour")
        .order_by("neighbour__address", "id")
    )
    qr = qr_data_uri(register_url(application))
    dated = timezone.localtime(first.sent_at).date()
    pages = [
        letter_page(
            application,
            address=letter.neighbour.address,
            body=letter.body,
            resend_reason=letter.resend_reason,
            dated=dated,
            qr=qr,
        )
        for letter in letters
    ]
    return render_pdf_pages(LETTER_TEMPLATE, pages)


def letter_batches(rows: list[NeighbourRow]) -> list[tuple[datetime, int, int]]:
    """The batches among the latest letters: (sent at, one letter's id, how many), newest first."""
    batches: dict[datetime, list[int]] = {}
    for row in rows:
        if row.latest is not None and row.latest.sent_at is not None:
            batches.setdefault(row.latest.sent_at, []).append(row.latest.pk)
    return sorted(((at, min(ids), len(ids)) for at, ids in batches.items()), reverse=True)


def letter_progress(rows: list[NeighbourRow]) -> list[tuple[str, str, int]]:
    """How the latest letters are getting on: (status, its name, how many) for each status that any of them has."""
    counts = Counter(row.latest.status for row in rows if row.latest is not None)
    return [(status, str(label), counts[status]) for status, label in NeighbourLetter.Status.choices if counts[status]]


# --- Delivery status (a daily job) ------------------------------------------------------------------------------


def neighbour_letters_refresh(*, today: date) -> str:
    """Ask the Notifier where each letter of the last week not yet posted or failed has got to; record changes."""
    since = timezone.now() - timedelta(days=STATUS_DAYS)
    waiting = (
        NeighbourLetter.objects.filter(
            status__in=(NeighbourLetter.Status.QUEUED, NeighbourLetter.Status.SENT, NeighbourLetter.Status.PRINTED),
            sent_at__gte=since,
            outbox_message__isnull=False,
        )
        .select_related("outbox_message", "council", "neighbour__consultation__application")
        .order_by("id")
    )
    notifier, outbox = get_notifier(), OutboxNotifier()
    changed = failed = 0
    now = timezone.now()
    for letter in waiting.iterator(chunk_size=200):
        message = letter.outbox_message
        assert message is not None
        if message.status == "failed":
            status: str | None = LETTER_FAILED
        elif message.provider == "notify" and message.provider_id:
            status = notifier.letter_status(message.provider_id)
        else:
            status = outbox.letter_status(message.provider_id)
        letter.status_checked_at = now
        fields = ["status_checked_at", "updated_at"]
        if status is not None and status != letter.status:
            letter.status = status
            fields.append("status")
            changed += 1
            if status == LETTER_FAILED:
                failed += 1
                letter.failure = message.failure or "GOV.UK Notify could not deliver the letter."
                fields.append("failure")
                audit_record(
                    council=letter.council,
                    application=letter.neighbour.consultation.application,
                    event="neighbour_letter_failed",
                    data={"address": letter.neighbour.address, "letter": letter.pk},
                )
        letter.save(update_fields=fields)
    return f"{changed} letters changed status ({failed} failed)"
