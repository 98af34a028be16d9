"""Demo data for the consultation: each demo council's consultee directory, and on a few cases being assessed a
consultation with neighbours, a consultee emailed and comments from the public (one published after redaction,
one waiting for it).

Called at the end of `bops.applications.demo.load_demo_data`, once the gazetteer has addresses around every case.
Everything goes through the real services (consultees.py, neighbours.py, comments.py), so the audit trail and
the consultation's end date are the real ones; choices come from a seeded `random.Random`. All email addresses
end in `.example`.
"""

import json
import random
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from bops.accounts.models import Role, User
from bops.applications.models import PlanningApplication, Status
from bops.consultation.comments import (
    NewComment,
    client_key_for,
    public_comment_record,
    public_comment_redact,
    public_comment_submit,
)
from bops.consultation.consultees import (
    ConsulteeDetails,
    case_consultee_add,
    consultee_create,
    consultee_emails_send,
)
from bops.consultation.models import Consultee, Neighbour
from bops.consultation.neighbours import address_search, neighbours_add_from_search, neighbours_add_within
from bops.core.errors import DomainError
from bops.councils.models import Council

CONSULTED_CASES = 3
# Householder cases first; minor applications only if a council has too few householder cases in assessment.
_CASE_TYPES = ("pp.full.householder", "pp.full.minor")
_NEIGHBOUR_AREA_M = 30.0  # half the side of the square drawn around the site
_METRES_PER_DEGREE_LAT = 111_320.0
_SEARCH_NEIGHBOURS = 6


@dataclass(frozen=True)
class _Entry:
    name: str
    role: str
    organisation: str  # "{council}" is replaced with the council's short name
    email: str  # "{subdomain}" is replaced with the council's subdomain
    internal: bool
    constraint_codes: tuple[str, ...]


DIRECTORY = (
    _Entry(
        "Rachel Moore",
        "Inspector of Historic Buildings and Areas",
        "Historic England",
        "london.planning@historicengland.example",
        False,
        ("designated.conservationArea", "listed.gradeOne", "listed.gradeTwo", "listed.gradeTwoStar"),
    ),
    _Entry(
        "Kofi Asante",
        "Highways development control officer",
        "{council} Highways",
        "highways.planning@{subdomain}.example",
        True,
        ("road.classified",),
    ),
    _Entry(
        "Lucy Barnes",
        "Tree officer",
        "{council} Parks and Trees",
        "trees@{subdomain}.example",
        True,
        ("tpo",),
    ),
    _Entry(
        "Mark Ellis",
        "Sustainable places planning specialist",
        "Environment Agency",
        "planning.thames@environmentagency.example",
        False,
        ("flood.zoneThree", "flood.zoneTwo"),
    ),
)

# Objections as sent, with the personal details an officer takes out before publishing them.
OBJECTIONS = (
    (
        "The extension would take the afternoon light from our kitchen and garden. I live next door at number {n} "
        "and can be reached on 07700 900{phone} if the officer wants to see it from our side.",
        "The extension would take the afternoon light from our kitchen and garden.",
    ),
    (
        "The new windows would look straight into our bedroom. My family at number {n} object to the size of it; "
        "call me on 07700 900{phone}.",
        "The new windows would look straight into our bedroom. [Redacted] object to the size of it.",
    ),
)
SUPPORT = (
    "A sensible design that fits the street. Many houses along here have done the same and it looks fine.",
    "I support this: the materials match the house and it will not affect anyone's light.",
)
NEUTRAL_LETTER = (
    "We do not object in principle but ask that building work is kept to weekday working hours, as several "
    "neighbours work nights."
)


def _short_name(council: Council) -> str:
    return council.name.removeprefix("London Borough of ")


def _directory_make(council: Council, admin: User) -> list[Consultee]:
    return [
        consultee_create(
            council=council,
            user=admin,
            details=ConsulteeDetails(
                name=entry.name,
                role=entry.role,
                organisation=entry.organisation.format(council=_short_name(council)),
                email=entry.email.format(subdomain=council.subdomain),
                internal=entry.internal,
                constraint_codes=entry.constraint_codes,
            ),
        )
        for entry in DIRECTORY
    ]


def _cases(council: Council) -> list[PlanningApplication]:
    found = PlanningApplication.objects.filter(
        council=council, status=Status.IN_ASSESSMENT, application_type__code__in=_CASE_TYPES
    ).select_related("application_type", "assigned_officer")
    return sorted(found, key=lambda a: (_CASE_TYPES.index(a.application_type.code), a.reference))


def _area_around(application: PlanningApplication) -> str:
    """A square drawn on the map around the site, as an officer would to find its neighbours."""
    lat, lon = application.latitude, application.longitude
    assert lat is not None and lon is not None  # every demo case has a site
    d_lat = _NEIGHBOUR_AREA_M / _METRES_PER_DEGREE_LAT
    d_lon = d_lat * 1.6  # about 1/cos(51.5 degrees): the square is as wide as it is tall
    ring = [[lon - d_lon, lat - d_lat], [lon + d_lon, lat - d_lat], [lon + d_lon, lat + d_lat]]
    ring += [[lon - d_lon, lat + d_lat], [lon - d_lon, lat - d_lat]]
    return json.dumps({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": {}})


_FIRST_NAMES = ("Maria", "Joseph", "Adaeze", "Kieran", "Priya", "Tomas", "Olivia", "Yusuf", "Helen", "Sam")
_LAST_NAMES = ("Green", "Okafor", "Murphy", "Singh", "Novak", "Fraser", "Bello", "Hart", "Kaur", "Doyle")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"


def _house_number(address: str) -> int:
    first = address.split(" ", 1)[0]
    return int(first) if first.isdigit() else 0


def _neighbours_add(application: PlanningApplication, officer: User) -> list[Neighbour]:
    """The houses around the site, found as an officer would: by drawing on the map, or, when the gazetteer's
    houses on this street were made around another case's site (addresses_fill_around keeps the first), by
    searching the street and ticking the numbers nearest the site's."""
    council = application.council
    try:
        return neighbours_add_within(
            council=council, application_id=application.pk, user=officer, polygon=_area_around(application)
        )
    except DomainError:
        pass
    street = application.address_line_1.partition(" ")[2] or application.address_line_1
    query = f"{street} {application.postcode}"
    site = _house_number(application.address_line_1)
    found = [a for a in address_search(text=query) if a.uprn != application.uprn]
    nearest = sorted(found, key=lambda a: (abs(_house_number(a.address) - site), a.address))[:_SEARCH_NEIGHBOURS]
    if not nearest:
        return []
    return neighbours_add_from_search(
        council=council, application_id=application.pk, user=officer, query=query, uprns=[a.uprn for a in nearest]
    )


def _consult(
    rng: random.Random,
    application: PlanningApplication,
    officer: User,
    neighbours: list[Neighbour],
    consultee: Consultee,
    index: int,
) -> None:
    council = application.council
    added = case_consultee_add(council=council, application_id=application.pk, user=officer, consultee_id=consultee.pk)
    consultee_emails_send(council=council, application_id=application.pk, user=officer, case_consultee_ids=[added.pk])

    objector, supporter = rng.sample(neighbours, 2)
    number = objector.address.split(" ", 1)[0]
    sent, redacted = rng.choice(OBJECTIONS)
    objection = sent.format(n=number, phone=f"{rng.randint(0, 999):03d}")
    published = public_comment_submit(
        council=council,
        application_id=application.pk,
        comment=NewComment(
            name=_person(rng),
            address=objector.address,
            stance="objection",
            text=objection,
            email=f"neighbour{index}a@email.example",
            topics=["light", "privacy"],
        ),
        client_key=client_key_for(f"demo/{council.subdomain}/{index}/a"),
    )
    public_comment_redact(
        council=council, application_id=application.pk, comment_id=published.pk, user=officer, redacted_text=redacted
    )
    public_comment_submit(  # waits for an officer to redact it
        council=council,
        application_id=application.pk,
        comment=NewComment(
            name=_person(rng),
            address=supporter.address,
            stance="support",
            text=rng.choice(SUPPORT),
            topics=["design"],
        ),
        client_key=client_key_for(f"demo/{council.subdomain}/{index}/b"),
    )
    if index == 0:
        letter = public_comment_record(
            council=council,
            application_id=application.pk,
            user=officer,
            comment=NewComment(
                name=_person(rng), address=rng.choice(neighbours).address, stance="neutral", text=NEUTRAL_LETTER
            ),
            received_on=timezone.localdate() - timedelta(days=2),
        )
        public_comment_redact(
            council=council,
            application_id=application.pk,
            comment_id=letter.pk,
            user=officer,
            redacted_text=NEUTRAL_LETTER,
        )


def consultation_demo_load(councils: list[Council]) -> None:
    """Each council's consultee directory, and consultations on up to three of its cases being assessed."""
    for council in councils:
        rng = random.Random(f"bops-demo-consultation/{council.subdomain}")
        users = User.objects.filter(council=council).order_by("email")
        directory = _directory_make(council, users.filter(role=Role.ADMINISTRATOR)[0])
        highways = next(c for c in directory if c.constraint_codes == ["road.classified"])
        assessor = users.filter(role=Role.ASSESSOR)[0]
        consulted = 0
        for application in _cases(council):
            officer = application.assigned_officer
            if officer is None or officer.role not in (Role.ASSESSOR, Role.REVIEWER):
                officer = assessor
            neighbours = _neighbours_add(application, officer)
            if len(neighbours) < 2:
                continue
            _consult(rng, application, officer, neighbours, highways, consulted)
            consulted += 1
            if consulted == CONSULTED_CASES:
                break
