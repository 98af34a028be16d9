"""Site notices and press notices: whether a case needs one, getting it put up or published, and the evidence.

DMPO 2015 art. 15 (landscape.md §3.3): a site notice stays up for at least 21 days; a newspaper notice is
published once. Recording the day a notice went up (or was published) starts a publicity period that can move
the consultation's end date (services.publicity_event_add). The decision waits for a required notice's date
(applications/lifecycle.py, `_notices_in_place`).

Every write checks the role, locks the case, refuses a case that is not valid or is closed, and is audited.
Notices go to the council's own team and press contact at the council's planning email: councils have no
separate press contact address yet.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bops.accounts.models import User
from bops.accounts.permissions import check_role
from bops.applications.models import PlanningApplication
from bops.applications.publicity import Means
from bops.consultation import rules
from bops.consultation.duties import publicity_required
from bops.consultation.models import Consultation, PressNotice, PublicityEvent, SiteNotice
from bops.consultation.services import (
    OFFICER_ROLES,
    consultation_ensure,
    consultation_open_for_work,
    lock_application,
    publicity_event_add,
)
from bops.core.audit import audit_record
from bops.core.dates import format_date
from bops.core.errors import DomainError
from bops.councils.models import Council
from bops.councils.selectors import council_url
from bops.documents.services import Upload, document_add, upload_check
from bops.notifications.notifier import get_notifier
from bops.register.selectors import register_url
from bops.validation.messages import applicant_recipients, send_to_applicant

SITE_NOTICE_TAG = "siteNotice"
PRESS_NOTICE_TAG = "pressNotice"
MAX_QUANTITY = 100


# --- Reads ----------------------------------------------------------------------------------------------------


def site_notice_of(application: PlanningApplication) -> SiteNotice | None:
    return SiteNotice.objects.filter(council=application.council, consultation__application=application).first()


def press_notice_of(application: PlanningApplication) -> PressNotice | None:
    return PressNotice.objects.filter(council=application.council, consultation__application=application).first()


def publicity_end(application: PlanningApplication, *, kind: str, start: date) -> date:
    """The last day of the period a notice of `kind` would start on `start` (21, 14 or 30 days)."""
    eia = bool(application.eia_required)
    return rules.period_end(
        start=start,
        period_days=rules.period_for(kind, eia=eia),
        skip_holidays=rules.holidays_disregarded(kind, eia=eia),
    )


def site_notice_closing_date(application: PlanningApplication, *, today: date) -> date:
    """The "tell us what you think by" date a notice shows: the consultation's end date once the notice is up;
    before that, the end the consultation would have if the notice went up today."""
    consultation = Consultation.objects.filter(council=application.council, application=application).first()
    recorded = consultation.end_date if consultation else None
    notice = site_notice_of(application)
    if notice is not None and notice.displayed_on and recorded:
        return recorded
    if_today = publicity_end(application, kind=PublicityEvent.Kind.SITE_NOTICE, start=today)
    return max(if_today, recorded) if recorded else if_today


def site_notice_pdf_url(application: PlanningApplication) -> str:
    return council_url(application.council, reverse("consultation:site-notice-pdf", args=[application.reference]))


# --- Messages -------------------------------------------------------------------------------------------------


def _case_lines(application: PlanningApplication) -> str:
    return (
        f"Application: {application.reference_in_full}\nSite: {application.address}\n"
        f"Proposal: {application.description}\n"
    )


def _send_to_council(
    *, application: PlanningApplication, kind: str, subject: str, body: str, user: User, to: str = ""
) -> None:
    """A message to the council's own planning team (or `to`), recorded on the case with its full text."""
    to = to or application.council.email
    get_notifier().send_email(council=application.council, application=application, to=to, subject=subject, body=body)
    audit_record(
        council=application.council,
        user=user,
        application=application,
        event="message_sent",
        data={"message": kind, "to": [to], "subject": subject, "body": body},
    )


def _site_notice_sent(application: PlanningApplication, notice: SiteNotice, user: User) -> None:
    closing = format_date(site_notice_closing_date(application, today=timezone.localdate()))
    copies = f"{notice.quantity} cop{'y' if notice.quantity == 1 else 'ies'}"
    where = f"Where to put it up: {notice.location_instructions}\n"
    if notice.delivery == SiteNotice.Delivery.INTERNAL:
        _send_to_council(
            application=application,
            kind="site_notice_internal",
            subject=f"Site notice to put up: {application.reference_in_full}",
            body=(
                _case_lines(application)
                + f"\nPlease print {copies} of the site notice and put them up at the site.\n{where}"
                f"\nPrint the notice: {site_notice_pdf_url(application)}\n\n"
                "Take a photo of each notice in place and record the date it went up on the case."
            ),
            user=user,
        )
    elif notice.delivery == SiteNotice.Delivery.APPLICANT:
        days = rules.period_for(PublicityEvent.Kind.SITE_NOTICE, eia=bool(application.eia_required))
        council = application.council
        send_to_applicant(
            application=application,
            kind="site_notice",
            subject=f"{application.reference_in_full}: please put up the site notice",
            body=(
                _case_lines(application)
                + f"\nThe law requires us to publicise your application with a site notice. Please put up {copies} "
                f"of the notice at the site, where the public can easily see and read it, and keep it up for "
                f"{days} days.\n{where}"
                "\nThe notice reads:\n\n"
                f"{council.name}: planning application {application.reference_in_full}\n"
                f"Proposal: {application.description}\nSite: {application.address}\n"
                f"Tell us what you think by {closing}: {register_url(application)}\n\n"
                f"When it is up, send a photo of it in place and the date you put it up to {council.email}. "
                "The consultation runs from that date, and we cannot decide your application before it ends."
                f"\n\n{council.name} planning service\nContact us: {council.email}, {council.phone}"
            ),
            user=user,
        )


def _press_notice_sent(application: PlanningApplication, notice: PressNotice, user: User) -> None:
    labels = dict(PressNotice.Reason.choices)
    reasons = "\n".join(
        f"- {labels[r]}" + (f": {notice.other_reason}" if r == PressNotice.Reason.OTHER else "") for r in notice.reasons
    )
    eia = (
        "\nThe application is accompanied by an environmental statement (EIA development): the period for comments "
        f"is {rules.EIA_DAYS} days from publication.\n"
        if application.eia_required
        else ""
    )
    _send_to_council(
        application=application,
        kind="press_notice",
        subject=f"Press notice to publish: {application.reference_in_full}",
        body=(
            _case_lines(application)
            + f"Applicant: {application.applicant_name}\n\nPlease publish a press notice for this application. "
            f"It is needed because:\n{reasons}\n{eia}"
            f"\nThe application on the public register: {register_url(application)}\n\n"
            "When it is published, record the date of publication on the case, with a copy of the notice."
        ),
        user=user,
        to=application.council.press_notice_email,
    )


# --- Site notices ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteNoticeChoice:
    required: bool
    delivery: str = ""
    quantity: int = 1
    location_instructions: str = ""


def _check_site_notice(choice: SiteNoticeChoice, application: PlanningApplication) -> None:
    if not choice.required:
        return
    if choice.delivery not in SiteNotice.Delivery.values:
        raise DomainError("Choose how the site notice will be put up.", field="delivery")
    if not 1 <= choice.quantity <= MAX_QUANTITY:
        raise DomainError(f"Print 1 to {MAX_QUANTITY} copies of the notice.", field="quantity")
    if not choice.location_instructions.strip():
        raise DomainError("Say where the notice should go.", field="location_instructions")
    if choice.delivery == SiteNotice.Delivery.APPLICANT and not applicant_recipients(application):
        raise DomainError(
            "The case has no email address for the applicant or agent: choose another way.", field="delivery"
        )


def _refuse_if_the_law_requires(application: PlanningApplication, means: Means, *, field: str) -> None:
    """A notice the law requires with no alternative (listed building consent, EIA development, ...) cannot be
    recorded as not needed (bops/applications/publicity.py)."""
    for requirement in publicity_required(application).requirements:
        if requirement.means == (means,):
            raise DomainError(f"A {means.label.lower()} is required by {requirement.source}.", field=field)


@transaction.atomic
def site_notice_save(
    *,
    council: Council,
    application_id: int,
    user: User,
    choice: SiteNoticeChoice,
    displayed_on: date | None = None,
    photo: Upload | None = None,
) -> SiteNotice:
    """Say whether the case needs a site notice and, if so, how it is put up, and (when it is up) the day it went
    up, in one step. A required notice is sent to whoever puts it up (the council's team, the applicant) when it
    is first required or its instructions change; a date starts the publicity period (`site_notice_displayed`)."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    _check_site_notice(choice, application)
    if not choice.required:
        _refuse_if_the_law_requires(application, Means.SITE_NOTICE, field="required")
        if displayed_on is not None:
            raise DomainError("A notice that is not needed has no date it went up.", field="displayed_on")
    consultation = consultation_ensure(application)
    notice = SiteNotice.objects.filter(consultation=consultation).first()
    if notice is not None and notice.displayed_on and not choice.required:
        raise DomainError(
            f"The site notice went up on {format_date(notice.displayed_on)}: it cannot be made not required.",
            field="required",
        )
    before = (notice.required, notice.delivery, notice.quantity, notice.location_instructions) if notice else None
    notice = notice or SiteNotice(council=council, consultation=consultation)
    notice.required = choice.required
    notice.delivery = choice.delivery if choice.required else ""
    notice.quantity = choice.quantity if choice.required else 1
    notice.location_instructions = choice.location_instructions.strip() if choice.required else ""
    after = (notice.required, notice.delivery, notice.quantity, notice.location_instructions)
    if after != before:
        notice.save()
        audit_record(
            council=council,
            user=user,
            application=application,
            event="site_notice_saved",
            data={
                "required": notice.required,
                "delivery": notice.delivery,
                "quantity": notice.quantity,
                "location_instructions": notice.location_instructions,
            },
        )
        if notice.required:
            _site_notice_sent(application, notice, user)
    if displayed_on is not None:
        _site_notice_record_displayed(application, notice, user=user, displayed_on=displayed_on, photo=photo)
    elif photo is not None:
        raise DomainError("Enter the date the notice went up with its photo.", field="displayed_on")
    return notice


def _check_date(day: date, *, earliest: date | None, earliest_what: str, field: str, what: str) -> None:
    today = timezone.localdate()
    if day > today:
        raise DomainError(f"The date {what} must be today or in the past.", field=field)
    if earliest is not None and day < earliest:
        raise DomainError(
            f"The date {what} must be on or after {earliest_what} ({format_date(earliest)}).", field=field
        )


def _check_photo(photo: Upload | None, *, field: str) -> str | None:
    if photo is None:
        return None
    content_type = upload_check(photo, field=field)
    if not content_type.startswith("image/"):
        raise DomainError(f"{photo.name} is not a photo: upload a JPEG, PNG or other image.", field=field)
    return content_type


@transaction.atomic
def site_notice_displayed(
    *, council: Council, application_id: int, user: User, displayed_on: date, photo: Upload | None = None
) -> SiteNotice:
    """Record the day the site notice went up, with an optional photo: the 21 days (30 for EIA) begin then.
    Recording the same day again only adds a photo; another day is refused (the period has begun)."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    notice = site_notice_of(application)
    if notice is None or not notice.required:
        raise DomainError("Say that the case needs a site notice first.", field="displayed_on")
    return _site_notice_record_displayed(application, notice, user=user, displayed_on=displayed_on, photo=photo)


def _site_notice_record_displayed(
    application: PlanningApplication, notice: SiteNotice, *, user: User, displayed_on: date, photo: Upload | None
) -> SiteNotice:
    council = application.council
    _check_date(
        displayed_on,
        earliest=application.valid_from,
        earliest_what="the valid-from date",
        field="displayed_on",
        what="the notice went up",
    )
    if notice.displayed_on and notice.displayed_on != displayed_on:
        raise DomainError(
            f"The notice was recorded as put up on {format_date(notice.displayed_on)}.", field="displayed_on"
        )
    if notice.displayed_on == displayed_on and photo is None:
        return notice  # the same date saved again: nothing new
    content_type = _check_photo(photo, field="photo")
    first = notice.displayed_on is None
    if photo is not None and content_type is not None:
        notice.evidence = document_add(
            application=application,
            user=user,
            name=photo.name,
            content=photo.content,
            content_type=content_type,
            tags=[SITE_NOTICE_TAG],
        )
    notice.displayed_on = displayed_on
    notice.save()
    audit_record(
        council=council,
        user=user,
        application=application,
        event="site_notice_displayed",
        data={"displayed_on": displayed_on.isoformat(), "photo": photo.name if photo else None},
    )
    if first:
        publicity_event_add(application, kind=PublicityEvent.Kind.SITE_NOTICE, on=displayed_on, user=user)
    return notice


# --- Press notices --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PressNoticeChoice:
    required: bool
    reasons: Iterable[str] = ()
    other_reason: str = ""


@transaction.atomic
def press_notice_save(*, council: Council, application_id: int, user: User, choice: PressNoticeChoice) -> PressNotice:
    """Say whether the case needs a press notice and why; a required one is sent to the council's press contact
    at once, and the time of the request recorded."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    if not choice.required:
        _refuse_if_the_law_requires(application, Means.PRESS_NOTICE, field="required")
    reasons = [r for r in PressNotice.Reason.values if r in set(choice.reasons)] if choice.required else []
    unknown = set(choice.reasons) - set(PressNotice.Reason.values)
    if choice.required and (unknown or not reasons):
        raise DomainError("Choose why a press notice is needed.", field="reasons")
    other = choice.other_reason.strip() if PressNotice.Reason.OTHER in reasons else ""
    if PressNotice.Reason.OTHER in reasons and not other:
        raise DomainError("Say what the other reason is.", field="other_reason")
    consultation = consultation_ensure(application)
    notice = PressNotice.objects.filter(consultation=consultation).first()
    if notice is not None and notice.published_on:
        raise DomainError(
            f"The press notice was published on {format_date(notice.published_on)}: it cannot be changed.",
            field="required",
        )
    notice = notice or PressNotice(council=council, consultation=consultation)
    notice.required = choice.required
    notice.reasons = reasons
    notice.other_reason = other
    notice.requested_at = timezone.now() if choice.required else None
    notice.save()
    audit_record(
        council=council,
        user=user,
        application=application,
        event="press_notice_saved",
        data={"required": notice.required, "reasons": reasons, "other_reason": other},
    )
    if notice.required:
        _press_notice_sent(application, notice, user)
    return notice


@transaction.atomic
def press_notice_published(
    *,
    council: Council,
    application_id: int,
    user: User,
    published_on: date,
    evidence: Upload | None = None,
    comment: str = "",
) -> PressNotice:
    """Record the day the press notice was published, with an optional copy and comment: the 14 days (30 for
    EIA) begin then. The same day again only adds evidence; another day is refused."""
    check_role(user, *OFFICER_ROLES)
    application = lock_application(council=council, application_id=application_id)
    consultation_open_for_work(application)
    notice = press_notice_of(application)
    if notice is None or not notice.required or notice.requested_at is None:
        raise DomainError("Say that the case needs a press notice first.", field="published_on")
    _check_date(
        published_on,
        earliest=timezone.localtime(notice.requested_at).date(),
        earliest_what="the day it was requested",
        field="published_on",
        what="of publication",
    )
    if notice.published_on and notice.published_on != published_on:
        raise DomainError(
            f"The notice was recorded as published on {format_date(notice.published_on)}.", field="published_on"
        )
    content_type = upload_check(evidence, field="evidence") if evidence is not None else None
    first = notice.published_on is None
    if evidence is not None and content_type is not None:
        notice.evidence = document_add(
            application=application,
            user=user,
            name=evidence.name,
            content=evidence.content,
            content_type=content_type,
            tags=[PRESS_NOTICE_TAG],
        )
    notice.published_on = published_on
    if comment.strip():
        notice.comment = comment.strip()
    notice.save()
    audit_record(
        council=council,
        user=user,
        application=application,
        event="press_notice_published",
        comment=comment.strip(),
        data={"published_on": published_on.isoformat(), "evidence": evidence.name if evidence else None},
    )
    if first:
        publicity_event_add(application, kind=PublicityEvent.Kind.PRESS_NOTICE, on=published_on, user=user)
    return notice
