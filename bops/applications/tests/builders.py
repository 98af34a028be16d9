"""Test data built through the real services, so references, dates and audit entries are the real ones."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from bops.accounts.models import Role, User
from bops.applications import services
from bops.applications.lifecycle import Event
from bops.applications.models import ApplicationType, PlanningApplication, Status
from bops.councils.models import Council

PASSWORD = "correct-horse-battery"


def make_council(*, subdomain: str, code: str, name: str) -> Council:
    council = Council.objects.create(
        name=name,
        subdomain=subdomain,
        code=code,
        address="1 Town Hall Road\nLondon",
        email=f"planning@{subdomain}.example",
        phone="020 7000 0000",
        signatory_name="Sam Signer",
        signatory_job_title="Director of Planning",
        reviewer_group_email=f"reviewers@{subdomain}.example",
    )
    services.council_application_types_ensure(council=council)
    return council


def make_user(council: Council, role: str, name: str | None = None) -> User:
    label = name or f"{role.capitalize()} of {council.code}"
    email = f"{label.lower().replace(' ', '.')}@{council.subdomain}.example"
    return User.objects.create_user(email=email, name=label, council=council, role=role, password=PASSWORD)


def square(lon: float = -0.0707, lat: float = 51.4689, size: float = 0.0002) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {}}


def make_application(
    council: Council,
    *,
    code: str = "pp.full.householder",
    accept: bool = True,
    description: str = "Erection of a single storey rear extension",
    address: str = "12 Bellenden Road",
    postcode: str = "SE15 4RF",
    submitted_at: datetime | None = None,
    boundary: dict[str, Any] | None = None,
    officer: User | None = None,
) -> PlanningApplication:
    application_type = ApplicationType.objects.get(council=council, code=code)
    if not application_type.is_active:
        application_type.is_active = True
        application_type.save()
    application = services.planning_application_create(
        council=council,
        user=None,
        application_type=application_type,
        site=services.Site(address_line_1=address, town="London", postcode=postcode, uprn="200003456789"),
        description=description,
        applicant=services.Person(name="Jo Bloggs", email="jo@applicant.example"),
        boundary=boundary or square(),
        submitted_at=submitted_at or timezone.now() - timedelta(days=14),
    )
    if accept:
        application = services.planning_application_transition(
            council=council, application_id=application.pk, user=None, event=Event.ACCEPT
        )
    if officer is not None:
        application.assigned_officer = officer
        application.save(update_fields=["assigned_officer"])
    return application


# The events that take a new case to each status, with the role that fires each.
_PATHS: dict[Status, list[tuple[Event, str]]] = {
    Status.PENDING: [],
    Status.NOT_STARTED: [(Event.ACCEPT, Role.ASSESSOR)],
    Status.INVALIDATED: [(Event.ACCEPT, Role.ASSESSOR), (Event.INVALIDATE, Role.ASSESSOR)],
    Status.IN_ASSESSMENT: [(Event.ACCEPT, Role.ASSESSOR), (Event.VALIDATE, Role.ASSESSOR)],
    Status.AWAITING_DETERMINATION: [
        (Event.ACCEPT, Role.ASSESSOR),
        (Event.VALIDATE, Role.ASSESSOR),
        (Event.SUBMIT_RECOMMENDATION, Role.ASSESSOR),
    ],
    Status.IN_COMMITTEE: [
        (Event.ACCEPT, Role.ASSESSOR),
        (Event.VALIDATE, Role.ASSESSOR),
        (Event.SUBMIT_RECOMMENDATION, Role.ASSESSOR),
        (Event.SEND_TO_COMMITTEE, Role.REVIEWER),
    ],
    Status.TO_BE_REVIEWED: [
        (Event.ACCEPT, Role.ASSESSOR),
        (Event.VALIDATE, Role.ASSESSOR),
        (Event.SUBMIT_RECOMMENDATION, Role.ASSESSOR),
        (Event.CHALLENGE, Role.REVIEWER),
    ],
    Status.DETERMINED: [
        (Event.ACCEPT, Role.ASSESSOR),
        (Event.VALIDATE, Role.ASSESSOR),
        (Event.SUBMIT_RECOMMENDATION, Role.ASSESSOR),
        (Event.DETERMINE, Role.REVIEWER),
    ],
    Status.RETURNED: [(Event.ACCEPT, Role.ASSESSOR), (Event.RETURN, Role.ASSESSOR)],
    Status.WITHDRAWN: [(Event.ACCEPT, Role.ASSESSOR), (Event.WITHDRAW, Role.ASSESSOR)],
    Status.CLOSED: [(Event.ACCEPT, Role.ASSESSOR), (Event.CLOSE, Role.ASSESSOR)],
}


def add_pending_request(application: PlanningApplication, officer: User) -> None:
    """A request waiting to go with the invalidation (the lifecycle invalidates only with one)."""
    from bops.validation.models import RequestKind
    from bops.validation.services import NewRequest, validation_request_create

    validation_request_create(
        council=application.council,
        application_id=application.pk,
        user=officer,
        new=NewRequest(kind=RequestKind.OTHER_CHANGE, reason="The form is not signed."),
    )


def add_recommendation(application: PlanningApplication, officer: User, *, agreed_by: User | None = None) -> None:
    """A recommendation to grant (agreed by `agreed_by` when given), as the assessment would leave it."""
    from bops.assessment.models import Recommendation

    Recommendation.objects.create(
        council=application.council,
        application=application,
        decision="granted",
        reasons="The proposal complies with the development plan.",
        author=officer,
        submitted_at=timezone.now(),
        review=Recommendation.Review.AGREED if agreed_by else Recommendation.Review.PENDING,
        reviewed_by=agreed_by,
        reviewed_at=timezone.now() if agreed_by else None,
    )


def settle_requests(application: PlanningApplication) -> None:
    """Mark every live request answered, so the case may be validated (tests of the lifecycle alone)."""
    application.validation_requests.filter(state__in=("pending", "open")).update(
        state="closed", closed_at=timezone.now(), response="Done"
    )


# A case that reaches the recommendation had its publicity this long ago, so its period is over (21 days, more
# with public holidays, from the valid-from date).
PUBLICISED_DAYS_AGO = 35


def publicise(application: PlanningApplication, officer: User, *, on: date | None = None) -> PlanningApplication:
    """The publicity the law requires of the case (bops/applications/publicity.py) and not yet done, done through
    the real consultation services on the day `on` (its valid-from date by default): a site notice where one will
    do, else letters to the adjoining addresses; a press notice where one is required."""
    import time_machine

    from bops.applications.publicity import Means
    from bops.consultation import neighbours, notices
    from bops.consultation.addresses import addresses_fill_around
    from bops.consultation.duties import publicity_owed

    council, day = application.council, on or application.valid_from
    owed = publicity_owed(application, today=day)
    done: set[Means] = {duty.done.means for duty in owed.duties if duty.done is not None}
    with time_machine.travel(datetime.combine(day, time(10, 0), tzinfo=timezone.get_current_timezone()), tick=False):
        for duty in owed.duties:
            requirement = duty.requirement
            means = Means.SITE_NOTICE if Means.SITE_NOTICE in requirement.means else requirement.means[0]
            if duty.done is not None or means in done:
                continue
            done.add(means)
            if means == Means.SITE_NOTICE:
                notices.site_notice_save(
                    council=council,
                    application_id=application.pk,
                    user=officer,
                    choice=notices.SiteNoticeChoice(
                        required=True, delivery="print", location_instructions="At the gate"
                    ),
                    displayed_on=day,
                )
            elif means == Means.PRESS_NOTICE:
                notices.press_notice_save(
                    council=council,
                    application_id=application.pk,
                    user=officer,
                    choice=notices.PressNoticeChoice(required=True, reasons=["other"], other_reason="The law"),
                )
                notices.press_notice_published(
                    council=council, application_id=application.pk, user=officer, published_on=day
                )
            else:
                addresses_fill_around([application])
                adjoining = [s.key for s in neighbours.neighbour_suggestions(application=application) if s.adjoining]
                neighbours.neighbour_letters_send(
                    council=council, application_id=application.pk, user=officer, chosen=adjoining
                )
    application.refresh_from_db()
    return application


def make_application_in(
    council: Council, status: Status, users: dict[str, User], *, publicity: bool = True, **kwargs: Any
) -> PlanningApplication:
    """A case taken to `status` through the lifecycle, as officers would: one that reaches the recommendation has
    had the publicity the law requires (`publicise`), its period over, unless `publicity` is False."""
    from bops.applications.publicity import publicity_for_type

    path = _PATHS[status]
    publicised = (
        publicity
        and (Event.SUBMIT_RECOMMENDATION, Role.ASSESSOR) in path
        and publicity_for_type(kwargs.get("code", "pp.full.householder")).required
    )
    if publicised:
        kwargs.setdefault("submitted_at", timezone.now() - timedelta(days=PUBLICISED_DAYS_AGO))
    application = make_application(council, accept=False, **kwargs)
    for event, role in path:
        if event == Event.SUBMIT_RECOMMENDATION:
            from bops.assessment.tests.builders import complete_assessment

            complete_assessment(application, users[Role.ASSESSOR])
            add_recommendation(application, users[Role.ASSESSOR])
        if event == Event.DETERMINE:
            add_recommendation(application, users[Role.ASSESSOR], agreed_by=users[Role.REVIEWER])
        if event == Event.INVALIDATE:
            add_pending_request(application, users[role])
            from bops.validation.services import application_invalidate

            application = application_invalidate(council=council, application_id=application.pk, user=users[role])
            continue
        if event == Event.VALIDATE:
            services.planning_application_set_valid_from(
                council=council,
                application_id=application.pk,
                user=users[role],
                valid_from=timezone.localtime(application.received_at).date(),
            )
        application = services.planning_application_transition(
            council=council,
            application_id=application.pk,
            user=users[role],
            event=event,
            reason="Test reason",
        )
        if event == Event.VALIDATE and publicised:
            application = publicise(application, users[Role.ASSESSOR])
    application.refresh_from_db()
    return application
