"""Demo data: two London councils, their officers, and a realistic caseload built through the real services.

`load_demo_data()` makes the London Boroughs of Southwark and Lambeth, four officers each (one per role, plus a
second assessor) and 35 cases each, spread over the application types, the statuses and the deadlines an officer
meets on a normal day: new submissions, cases being validated and assessed, recommendations waiting for a
reviewer, a few decided or closed, some overdue and some due this week.

Each case is true to its status, because its whole history is played, step by step, through the services an
officer (or applicant, neighbour, consultee) would use, at the moment each step happened:
- received (`planning_application_create`, `document_add`), accepted, assigned;
- validated: documents reviewed and published on the register, the checks confirmed, the validation decision
  (bops.validation.services); or invalidated with a request to the applicant, returned, closed;
- publicised as its type requires (bops.consultation.demo: neighbour letters, site notice, consultee, comments
  and responses, redacted and published), so no case is decided before its period for comments is over;
- assessed, task by task of its family's list (bops.assessment.demo), the recommendation made and submitted;
- reviewed and determined in the reviewer's one submit, sent to committee, challenged, appealed
  (bops.decisions.services); or still being assessed, perhaps with a question to the applicant open now.

The services stamp events with `timezone.now()`: while the demo plays a case's history the clock is set to the
moment each step happened (never later than now), so the timeline of a case, its messages in the outbox and its
key dates read as they would have happened. Links in those messages are signed when the demo is loaded, so they
work from then on for as long as any link does.

Everything is drawn from a seeded `random.Random`, so the data only changes with the day it is loaded on (the
deadlines are placed relative to today). The site, description and people helpers at the top are also used by
the dashboard benchmark (bench/dashboard.py) to make many rows quickly.
"""

import math
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bops.accounts.models import Role, User
from bops.applications.catalogue import BY_CODE, Family
from bops.applications.lifecycle import Event
from bops.applications.models import ApplicationType, PlanningApplication
from bops.applications.services import (
    Person,
    Site,
    council_application_types_ensure,
    planning_application_assign,
    planning_application_create,
    planning_application_transition,
)
from bops.assessment import checks as assessment_checks
from bops.assessment.demo import ReportCase, libraries_make, report_write
from bops.assessment.models import Section
from bops.assessment.services import recommendation_submit
from bops.consultation.demo import consultation_play, directory_make, publicity_plan
from bops.consultation.models import Address, Consultee
from bops.core import dates
from bops.councils.models import Council
from bops.decisions.services import SectionVerdict, Verdict, appeal_lodge, committee_refer, review_save
from bops.documents.services import document_add
from bops.validation import checks as validation_checks
from bops.validation.models import RequestKind
from bops.validation.reporting import development_types_for
from bops.validation.services import (
    DocumentReview,
    NewRequest,
    application_invalidate,
    application_validate,
    cil_set,
    documents_review,
    reporting_set,
    validation_check_complete,
    validation_checks_confirm,
    validation_request_create,
)

DEMO_PASSWORD = "demo-password-2024"
CASES_PER_COUNCIL = 35
DEMO_TYPE_CODES = ("ldc.existing", "ldc.proposed", "pa.part1.classA", "pp.full.householder", "pp.full.minor")

# --- Places ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Street:
    """A real street, with a point near its middle, the direction it runs and the house numbers along it."""

    name: str
    postcodes: tuple[str, ...]
    lat: float
    lon: float
    bearing: float  # degrees clockwise from north
    last_number: int
    shops: bool = False  # a high street, where changes of use of shops happen


STREETS: dict[str, tuple[Street, ...]] = {
    "southwark": (
        Street("Bellenden Road", ("SE15 4QY", "SE15 4RF", "SE15 5BB"), 51.4689, -0.0707, 165, 230, shops=True),
        Street("Lordship Lane", ("SE22 8HN", "SE22 8JW", "SE22 8LS"), 51.4560, -0.0735, 160, 420, shops=True),
        Street("Camberwell Grove", ("SE5 8JA", "SE5 8JE", "SE5 8RE"), 51.4700, -0.0875, 170, 200),
        Street("Grove Park", ("SE5 8LT", "SE5 8LG"), 51.4665, -0.0855, 100, 140),
        Street("Choumert Road", ("SE15 4SE", "SE15 4AR"), 51.4693, -0.0715, 100, 160),
        Street("Peckham Rye", ("SE15 3NX", "SE15 4JR"), 51.4650, -0.0660, 175, 190, shops=True),
        Street("Melbourne Grove", ("SE22 8RQ", "SE22 8QZ"), 51.4590, -0.0765, 170, 200),
        Street("Bermondsey Street", ("SE1 3UW", "SE1 3XB", "SE1 3TQ"), 51.4990, -0.0815, 165, 260, shops=True),
        Street("Trinity Church Square", ("SE1 4HU",), 51.4985, -0.0935, 90, 50),
        Street("Albrighton Road", ("SE22 8AH", "SE22 8AJ"), 51.4670, -0.0800, 95, 110),
        Street("Adys Road", ("SE15 4DY", "SE15 4DX"), 51.4662, -0.0725, 80, 150),
        Street("Talfourd Road", ("SE15 5NY",), 51.4718, -0.0748, 90, 130),
        Street("Lyndhurst Grove", ("SE15 5AN", "SE15 5AL"), 51.4690, -0.0790, 170, 160),
        Street("Crystal Palace Road", ("SE22 9EP", "SE22 9HB"), 51.4580, -0.0705, 170, 200),
    ),
    "lambeth": (
        Street("Brixton Water Lane", ("SW2 1PE", "SW2 1QB"), 51.4537, -0.1115, 80, 130, shops=True),
        Street("Josephine Avenue", ("SW2 2LA", "SW2 2JZ"), 51.4535, -0.1185, 90, 120),
        Street("Kennington Road", ("SE11 4LF", "SE11 4QH", "SE11 6BY"), 51.4925, -0.1110, 160, 380, shops=True),
        Street("Rectory Grove", ("SW4 0DX", "SW4 0EA"), 51.4655, -0.1405, 30, 160),
        Street("Tulse Hill", ("SW2 2QA", "SW2 3TT"), 51.4470, -0.1115, 175, 230),
        Street("Leigham Court Road", ("SW16 2ND", "SW16 2PJ"), 51.4330, -0.1240, 150, 320),
        Street("Stockwell Park Road", ("SW9 0DA", "SW9 0UT"), 51.4705, -0.1145, 100, 130),
        Street("Lansdowne Gardens", ("SW8 2EQ",), 51.4755, -0.1225, 120, 80),
        Street("Albert Square", ("SW8 1BT",), 51.4795, -0.1195, 90, 60),
        Street("Trinity Gardens", ("SW9 8DP",), 51.4620, -0.1190, 80, 40),
        Street("Atlantic Road", ("SW9 8HX", "SW9 8JA"), 51.4610, -0.1135, 170, 120, shops=True),
        Street("Acre Lane", ("SW2 5SG", "SW2 5RS"), 51.4605, -0.1230, 105, 200, shops=True),
        Street("Rodenhurst Road", ("SW4 8AE",), 51.4470, -0.1400, 120, 120),
        Street("Knatchbull Road", ("SE5 9QY",), 51.4725, -0.1000, 160, 120),
    ),
}

_METRES_PER_DEGREE_LAT = 111_320.0


def offset_point(lat: float, lon: float, east_m: float, north_m: float) -> tuple[float, float]:
    """The point `east_m` metres east and `north_m` metres north of (lat, lon): exact enough over a street."""
    return (
        lat + north_m / _METRES_PER_DEGREE_LAT,
        lon + east_m / (_METRES_PER_DEGREE_LAT * math.cos(math.radians(lat))),
    )


@dataclass(frozen=True)
class DemoSite:
    site: Site
    boundary: dict[str, Any]  # a GeoJSON Feature (Polygon, EPSG:4326, longitude first)
    width_m: float
    depth_m: float


def plot_boundary(*, lat: float, lon: float, bearing: float, width_m: float, depth_m: float) -> dict[str, Any]:
    """A terraced plot as a GeoJSON Feature: a rectangle `width_m` along the street and `depth_m` back from it,
    centred on (lat, lon), turned to the street's `bearing`."""
    theta = math.radians(bearing)
    along = (math.sin(theta), math.cos(theta))  # (east, north) unit vector along the street
    back = (math.cos(theta), -math.sin(theta))  # at right angles to it, away from the street
    corners = []
    for a, b in ((-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5), (-0.5, -0.5)):
        east = a * width_m * along[0] + b * depth_m * back[0]
        north = a * width_m * along[1] + b * depth_m * back[1]
        corner_lat, corner_lon = offset_point(lat, lon, east, north)
        corners.append([round(corner_lon, 7), round(corner_lat, 7)])
    feature = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [corners]}, "properties": {}}
    return feature


def _along(street: Street, number: int) -> float:
    """How far along the street from its middle point a house's plot is: about 7.5 m a plot, odd and even
    numbers facing each other."""
    return ((number + 1) // 2 - street.last_number // 4) * 7.5


def _side(number: int) -> int:
    return 1 if number % 2 else -1


def street_point(street: Street, *, along: float, back: float) -> tuple[float, float]:
    """The point `along` metres along `street` from its middle point and `back` metres to its side (positive:
    the odd numbers' side)."""
    theta = math.radians(street.bearing)
    east = along * math.sin(theta) + back * math.cos(theta)
    north = along * math.cos(theta) - back * math.sin(theta)
    return offset_point(street.lat, street.lon, east, north)


def _postcode(street: Street, number: int) -> str:
    return street.postcodes[min(len(street.postcodes) - 1, number * len(street.postcodes) // (street.last_number + 1))]


def house_site(rng: random.Random, street: Street, number: int, *, council_code: str) -> DemoSite:
    """The plot of house `number` on `street`: odd numbers on one side, even on the other, about 6-9 m each."""
    width = round(rng.uniform(6.0, 9.0), 1)
    depth = round(rng.uniform(25.0, 40.0), 1)
    side = _side(number)
    back = side * (6.0 + depth / 2)  # the road is about 12 m wide
    lat, lon = street_point(street, along=_along(street, number), back=back)
    feature = plot_boundary(
        lat=lat, lon=lon, bearing=street.bearing if side > 0 else street.bearing + 180, width_m=width, depth_m=depth
    )
    site = Site(
        address_line_1=f"{number} {street.name}",
        town="London",
        postcode=_postcode(street, number),
        uprn=_uprn(council_code, street.name, number),
        latitude=round(lat, 6),
        longitude=round(lon, 6),
    )
    return DemoSite(site=site, boundary=feature, width_m=width, depth_m=depth)


def gazetteer_fill(streets: tuple[Street, ...], *, council_code: str) -> int:
    """Every house of the demo's streets in the local gazetteer (the `Address` table the address lookup reads),
    where `house_site` puts its plot and with the same UPRN, so a case's neighbours found on the map are the
    houses beside it. Returns how many were new."""
    houses = []
    for street in streets:
        for number in range(1, street.last_number + 1):
            lat, lon = street_point(street, along=_along(street, number), back=_side(number) * 21.0)
            postcode = _postcode(street, number)
            line_1 = f"{number} {street.name}"
            houses.append(
                Address(
                    uprn=_uprn(council_code, street.name, number),
                    line_1=line_1,
                    town="London",
                    postcode=postcode,
                    latitude=round(lat, 6),
                    longitude=round(lon, 6),
                    search_text=f"{line_1} london {postcode} {postcode.replace(' ', '')}".lower(),
                )
            )
    before = Address.objects.count()
    Address.objects.bulk_create(houses, ignore_conflicts=True, batch_size=500)
    return Address.objects.count() - before


def _uprn(council_code: str, street: str, number: int) -> str:
    """A 12-digit UPRN-like number, the same for the same house every time (Python's hash() is salted)."""
    street_key = sum((i + 1) * ord(c) for i, c in enumerate(f"{council_code}/{street}")) % 10_000
    return f"2000{street_key:04d}{number:04d}"


def pick_site(
    rng: random.Random,
    streets: tuple[Street, ...],
    code: str,
    *,
    council_code: str,
    used: set[tuple[str, int]] | None = None,
) -> DemoSite:
    """A house (or, for a minor application, often a shop) on one of `streets`, not in `used` (which it adds to)."""
    if code == "pp.full.minor" and rng.random() < 0.7:
        streets = tuple(s for s in streets if s.shops) or streets
    for _ in range(1000):
        street = rng.choice(streets)
        number = rng.randint(1, street.last_number)
        if used is None or (street.name, number) not in used:
            if used is not None:
                used.add((street.name, number))
            return house_site(rng, street, number, council_code=council_code)
    raise RuntimeError("No free address left")  # pragma: no cover - thousands of houses per council


# --- Proposals and people ----------------------------------------------------------------------------------

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "ldc.existing": (
        "Certificate of lawfulness for the existing use of the property as two self-contained flats",
        "Certificate of lawfulness for the existing use of the basement as a self-contained flat",
        "Certificate of lawfulness for the existing single storey rear extension",
        "Certificate of lawfulness for the existing use of the rear outbuilding as a home office",
        "Certificate of lawfulness for the existing rear dormer roof extension",
    ),
    "ldc.proposed": (
        "Certificate of lawfulness for a proposed loft conversion with rear dormer and two front rooflights",
        "Certificate of lawfulness for a proposed hip to gable roof extension with rear dormer",
        "Certificate of lawfulness for the proposed erection of an outbuilding in the rear garden for use as a "
        "home office",
        "Certificate of lawfulness for a proposed single storey rear extension",
        "Certificate of lawfulness for the proposed installation of three rooflights in the rear roof slope",
    ),
    "pa.part1.classA": (
        "Prior approval for a single storey rear extension extending 6 metres beyond the rear wall, maximum "
        "height 3 metres, eaves 2.8 metres",
        "Prior approval for a single storey rear extension extending 4.5 metres beyond the rear wall, maximum "
        "height 3.4 metres, eaves 2.9 metres",
        "Prior approval for a single storey rear extension extending 5 metres beyond the rear wall, maximum "
        "height 3.2 metres, eaves 3 metres",
        "Prior approval for a single storey rear extension extending 3.9 metres beyond the rear wall, maximum "
        "height 3.6 metres, eaves 2.7 metres",
    ),
    "pp.full.householder": (
        "Erection of a single storey rear extension",
        "Loft conversion with rear dormer and two front rooflights",
        "Erection of a single storey rear and side infill extension",
        "Erection of a two storey rear extension and alterations to the front boundary wall",
        "Replacement of single glazed timber windows with double glazed timber sash windows to the front and rear",
        "Erection of an outbuilding in the rear garden for use as a garden studio",
        "Excavation of a basement with a front lightwell, and a single storey rear extension",
        "Mansard roof extension and installation of two rooflights to the front roof slope",
    ),
    "pp.full.minor": (
        "Change of use of ground floor from shop (Class E) to two flats (Class C3) with rear extension",
        "Conversion of a single dwellinghouse into three self-contained flats, with a rear dormer roof extension",
        "Demolition of the existing garage and erection of a two storey dwellinghouse",
        "Erection of a mansard roof extension to create one additional self-contained flat",
        "Change of use of the upper floors from offices (Class E) to two flats (Class C3)",
    ),
}

_FIRST_NAMES = (
    "Amelia Olusegun Chloe Mohammed Sophie Kwame Eleanor Tomasz Aisha Rory Nadia Callum Grace Arjun Isla Chidi "
    "Hannah Luca Zara Patrick Yetunde Ben Mei Samuel Fiona Ibrahim Charlotte Dmitri Rosa Adebayo"
)
_LAST_NAMES = (
    "Hughes Adebayo Okonkwo Clarke Nowak Patel Fitzgerald Mensah Bennett Rahman Campbell O'Connor Silva Thompson "
    "Osei Khan Walsh Chen Murray Ahmed Lewis Novak Harrison Boateng Evans Kowalczyk Wright Ali Reid Francis"
)
FIRST_NAMES = tuple(_FIRST_NAMES.split())
LAST_NAMES = tuple(_LAST_NAMES.split())
AGENTS = (
    ("Studio Eleven Architects", "Hannah Brooks", "studio-eleven.example"),
    ("Rye Lane Planning", "Marcus Bell", "ryelaneplanning.example"),
    ("Lime Tree Architecture", "Sofia Marin", "limetree-architecture.example"),
    ("Loft Space Conversions Ltd", "Kieran Doyle", "loftspace.example"),
    ("Southbank Design Partnership", "Aisha Karim", "southbank-design.example"),
    ("Oakfield Planning Consultants", "David Levy", "oakfield-planning.example"),
)


def describe(rng: random.Random, code: str) -> str:
    return rng.choice(DESCRIPTIONS[code])


def _email_local(name: str) -> str:
    return ".".join("".join(c for c in part.lower() if c.isalnum()) for part in name.split())


def people(rng: random.Random, site: Site) -> tuple[Person, Person | None]:
    """An applicant living at the site, and in about four cases out of ten an agent who deals with the council."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    address = "\n".join(part for part in (site.address_line_1, site.town, site.postcode) if part)
    agent = None
    if rng.random() < 0.4:
        company, contact, domain = rng.choice(AGENTS)
        agent = Person(
            name=contact, company=company, email=f"planning@{domain}", phone=f"020 7946 0{rng.randint(0, 999):03d}"
        )
    # Ofcom keeps 07700 900000-900999 and 020 7946 0000-0999 for fiction: no real phone rings.
    applicant = Person(
        name=name,
        email=f"{_email_local(name)}@email.example",
        phone=f"07700 900{rng.randint(0, 999):03d}",
        address=address,
    )
    return applicant, agent


# --- Documents ---------------------------------------------------------------------------------------------

_EXTRA_DOCUMENTS: dict[str, tuple[tuple[str, list[str]], ...]] = {
    "ldc.existing": (
        ("Statutory declaration.pdf", ["statutoryDeclaration"]),
        ("Council tax bills 2014 to 2024.pdf", ["councilTaxBill"]),
        ("Existing floor plans.pdf", ["floorPlan.existing"]),
    ),
    "ldc.proposed": (
        ("Existing and proposed elevations.pdf", ["elevations.existing", "elevations.proposed"]),
        ("Proposed floor plans.pdf", ["floorPlan.proposed"]),
        ("Proposed roof plan.pdf", ["roofPlan.proposed"]),
    ),
    "pa.part1.classA": (
        ("Site plan.pdf", ["sitePlan.proposed"]),
        ("Existing and proposed elevations.pdf", ["elevations.existing", "elevations.proposed"]),
    ),
    "pp.full.householder": (
        ("Site plan.pdf", ["sitePlan.proposed"]),
        ("Existing and proposed elevations.pdf", ["elevations.existing", "elevations.proposed"]),
        ("Existing and proposed floor plans.pdf", ["floorPlan.existing", "floorPlan.proposed"]),
        ("Design and access statement.pdf", ["designAndAccessStatement"]),
    ),
    "pp.full.minor": (
        ("Site plan.pdf", ["sitePlan.existing", "sitePlan.proposed"]),
        ("Existing and proposed elevations.pdf", ["elevations.existing", "elevations.proposed"]),
        ("Design and access statement.pdf", ["designAndAccessStatement"]),
        ("Planning statement.pdf", ["planningStatement"]),
    ),
}


def documents_for(rng: random.Random, code: str) -> list[tuple[str, list[str]]]:
    """One to three documents: always a location plan, and up to two of the type's usual others."""
    extra = list(_EXTRA_DOCUMENTS[code])
    return [("Location plan.pdf", ["locationPlan"]), *rng.sample(extra, rng.randint(0, min(2, len(extra))))]


def _pdf_text(text: str) -> str:
    safe = text.encode("latin-1", "replace").decode("latin-1")
    return safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_pdf(*lines: str) -> bytes:
    """A valid one-page A4 PDF showing `lines` in Helvetica: the first as a title, the rest smaller below it."""
    commands = ["BT", "/F1 18 Tf", "56 770 Td", f"({_pdf_text(lines[0] if lines else '')}) Tj", "/F1 11 Tf"]
    for line in lines[1:]:
        commands += ["0 -22 Td", f"({_pdf_text(line)}) Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- Councils and officers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilSpec:
    name: str
    subdomain: str
    code: str
    address: str
    phone: str
    signatory_name: str
    signatory_job_title: str
    officers: tuple[tuple[str, str, str], ...]  # (email, name, role)


COUNCILS = (
    CouncilSpec(
        name="London Borough of Southwark",
        subdomain="southwark",
        code="SWK",
        address="160 Tooley Street\nLondon\nSE1 2QH",
        phone="020 7946 0100",
        signatory_name="Stephen Platts",
        signatory_job_title="Director of Planning and Growth",
        officers=(
            ("assessor@southwark.example", "Ama Mensah", Role.ASSESSOR),
            ("assessor2@southwark.example", "Daniel Kowalski", Role.ASSESSOR),
            ("reviewer@southwark.example", "Tom Reilly", Role.REVIEWER),
            ("admin@southwark.example", "Priya Shah", Role.ADMINISTRATOR),
        ),
    ),
    CouncilSpec(
        name="London Borough of Lambeth",
        subdomain="lambeth",
        code="LBH",
        address="Civic Centre\n6 Brixton Hill\nLondon\nSW2 1EG",
        phone="020 7946 0200",
        signatory_name="Helen Okafor",
        signatory_job_title="Director of Planning, Transport and Sustainability",
        officers=(
            ("assessor@lambeth.example", "Grace Adeyemi", Role.ASSESSOR),
            ("assessor2@lambeth.example", "Owen Price", Role.ASSESSOR),
            ("reviewer@lambeth.example", "Fatima Rahman", Role.REVIEWER),
            ("admin@lambeth.example", "James Whitfield", Role.ADMINISTRATOR),
        ),
    ),
)


@dataclass(frozen=True)
class SignIn:
    council: str
    url_host: str
    email: str
    name: str
    role: str
    password: str


def sign_ins() -> list[SignIn]:
    return [
        SignIn(spec.name, f"{spec.subdomain}.localhost", email, name, Role(role).label, DEMO_PASSWORD)
        for spec in COUNCILS
        for email, name, role in spec.officers
    ]


def _council_make(spec: CouncilSpec) -> Council:
    council = Council(
        name=spec.name,
        subdomain=spec.subdomain,
        code=spec.code,
        address=spec.address,
        email=f"planning@{spec.subdomain}.example",
        phone=spec.phone,
        signatory_name=spec.signatory_name,
        signatory_job_title=spec.signatory_job_title,
        reviewer_group_email=f"planning-reviewers@{spec.subdomain}.example",
    )
    council.full_clean()
    council.save()
    council_application_types_ensure(council=council)
    return council


# --- The caseload ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """Where one case ends up. A case that is never validated is placed by `days_ago` (when it was submitted);
    a validated one by `due_in` (days from today to its determination date, negative when overdue)."""

    outcome: str
    code: str | None = None  # None: drawn from the usual mix
    days_ago: int = 0
    due_in: int = 0
    assign: bool = False
    appeal: bool = False  # a refusal is appealed
    ask: RequestKind | None = None  # a request to the applicant, open now, on a case being assessed


_NS, _INV, _RET, _CLO = "not_started", "invalidated", "returned", "closed"
_IA, _AD, _TBR, _IC, _DET, _WD = (
    "in_assessment",
    "awaiting_determination",
    "to_be_reviewed",
    "in_committee",
    "determined",
    "withdrawn",
)
_PAST_ASSESSMENT = (_AD, _TBR, _IC, _DET)
_PA, _MINOR, _HOUSEHOLDER = "pa.part1.classA", "pp.full.minor", "pp.full.householder"

PLANS: tuple[_Plan, ...] = (
    # Waiting for validation: recent submissions, and one that has sat in the queue past its date.
    _Plan(_NS, days_ago=1),
    _Plan(_NS, days_ago=2),
    _Plan(_NS, days_ago=3),
    _Plan(_NS, days_ago=6),
    _Plan(_NS, days_ago=10),
    _Plan(_NS, days_ago=15),
    _Plan(_NS, days_ago=64, assign=True),
    _Plan(_INV, days_ago=20),
    _Plan(_RET, days_ago=45),
    _Plan(_CLO, days_ago=25),
    # Being assessed: two overdue, three due within a week (two of them prior approvals near deemed consent),
    # and the newest still in their consultation.
    _Plan(_IA, due_in=-12, assign=True, ask=RequestKind.TIME_EXTENSION),
    _Plan(_IA, due_in=-7),
    _Plan(_IA, due_in=2, assign=True),
    _Plan(_IA, _PA, due_in=1, assign=True),
    _Plan(_IA, _PA, due_in=4, assign=True),
    _Plan(_IA, _PA, due_in=30),
    _Plan(_IA, due_in=12, assign=True, ask=RequestKind.ADDITIONAL_DOCUMENT),
    _Plan(_IA, due_in=20),
    _Plan(_IA, due_in=35, assign=True),
    _Plan(_IA, _HOUSEHOLDER, due_in=45),
    # With a reviewer.
    _Plan(_AD, due_in=-6, assign=True),
    _Plan(_AD, due_in=5, assign=True),
    _Plan(_AD, due_in=14, assign=True),
    _Plan(_AD, _PA, due_in=9, assign=True),
    _Plan(_TBR, due_in=3, assign=True),
    _Plan(_TBR, due_in=18, assign=True),
    _Plan(_IC, _MINOR, due_in=-5, assign=True),
    _Plan(_IC, _MINOR, due_in=10, assign=True),
    # Finished.
    _Plan(_DET, due_in=-26, assign=True, appeal=True),
    _Plan(_DET, due_in=-20, assign=True, appeal=True),
    _Plan(_DET, _PA, due_in=-15, assign=True),
    _Plan(_DET, due_in=-8, assign=True),
    _Plan(_DET, due_in=-4, assign=True),
    _Plan(_DET, due_in=0, assign=True),
    _Plan(_WD, due_in=15, assign=True),
)

_TYPE_MIX = (("pp.full.householder", 5), ("ldc.proposed", 2), ("ldc.existing", 1), ("pp.full.minor", 1))

CHALLENGE_REASONS = (
    "The report does not assess the loss of light to the rear windows of the neighbouring house. Please add a "
    "daylight assessment and revise the recommendation.",
    "The recommended conditions do not cover the materials of the rear extension; please add a materials condition "
    "and check the depth against the approved plans.",
    "The assessment of the impact on the conservation area is too brief. Please set out the harm and the public "
    "benefits before recommending approval.",
)
COMMITTEE_REASONS = (
    "Called in by a ward councillor: the objections raise the loss of a shop on the parade.",
    "More than five objections from separate addresses, which the scheme of delegation sends to committee.",
)
WITHDRAW_REASON = "The agent withdrew the application by email; the applicant will submit a revised scheme."
DEMO_DECISIONS = {
    Family.LAWFUL_DEVELOPMENT_CERTIFICATE: ("granted", "granted", "refused"),
    Family.PRIOR_APPROVAL: ("not_required", "approved", "refused"),
    Family.PLANNING_PERMISSION: ("granted", "granted", "granted", "refused"),
    Family.OTHER: ("granted",),
    Family.PRE_APPLICATION: ("granted",),
}
INVALID_REASONS = (
    "The location plan does not show the red line boundary of the site.",
    "The drawings have no scale bar or north point.",
    "The ownership certificate is not signed.",
    "The fee paid does not match the fee for this kind of application.",
)
RETURN_REASON = (
    "The application remained invalid: the location plan and the fee asked for were not received within 21 days, "
    "so it is returned and the fee refunded."
)
CLOSE_REASON = "Duplicate submission: the applicant sent the same proposal twice and asked for this copy to be closed."
ASKS = {
    RequestKind.TIME_EXTENSION: NewRequest(
        kind=RequestKind.TIME_EXTENSION,
        reason="We need a few more weeks to assess the objections properly and to agree amended drawings with you.",
    ),
    RequestKind.ADDITIONAL_DOCUMENT: NewRequest(
        kind=RequestKind.ADDITIONAL_DOCUMENT,
        reason="The drawings do not show the roof: we need a roof plan to check the height of the works.",
        document_type="Existing and proposed roof plan",
    ),
}
APPEAL_REASON = "The applicant considers the extension would not harm the neighbours' amenity."


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=dates.LONDON)


def _office(rng: random.Random, day: date) -> datetime:
    """A moment in office hours on `day`, or on the next working day if `day` is not one."""
    return _local(dates.add_working_days(day, 0), rng.randint(9, 16), rng.randint(0, 59))


def _morning(rng: random.Random, day: date) -> datetime:
    return _local(dates.add_working_days(day, 0), 9, rng.randint(0, 30))


def _submission_moment(rng: random.Random, day: date) -> datetime:
    """People submit in the day, the evening and at weekends; evening ones count as received the next working day."""
    roll = rng.random()
    if roll < 0.2:
        return _local(day, rng.randint(18, 23), rng.randint(0, 59))
    if roll < 0.3:
        return _local(day, rng.randint(6, 8), rng.randint(0, 59))
    return _local(day, rng.randint(9, 16), rng.randint(0, 59))


class _Clock:
    """Plays a case's history: `at(moment)` sets timezone.now() for the services, never past `ceiling`, always
    after the case's previous step (a few minutes after it, when two steps fall at the same moment)."""

    def __init__(self, ceiling: datetime) -> None:
        self.ceiling = ceiling
        self.last: datetime | None = None

    def start_case(self) -> None:
        self.last = None

    @contextmanager
    def at(self, moment: datetime) -> Iterator[datetime]:
        moment = min(moment, self.ceiling)
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=3)
        self.last = moment
        with mock.patch.object(timezone, "now", return_value=moment.astimezone(UTC)):
            yield moment


@dataclass
class _Officers:
    assessors: list[User]
    reviewer: User
    directory: dict[str, Consultee]


def _case_load(
    council: Council, officers: _Officers, rng: random.Random, clock: _Clock, today: date
) -> list[PlanningApplication]:
    types = {t.code: t for t in ApplicationType.objects.filter(council=council, code__in=DEMO_TYPE_CODES)}
    codes, weights = zip(*_TYPE_MIX, strict=True)

    # Work out when each case was submitted first, so references are issued in the order cases came in.
    scheduled: list[tuple[datetime, _Plan, str, date | None]] = []
    for plan in PLANS:
        code = plan.code or rng.choices(codes, weights)[0]
        if plan.outcome in (_NS, _INV, _RET, _CLO):
            valid_from = None
            submitted = _submission_moment(rng, today - timedelta(days=plan.days_ago))
        else:
            valid_from = today + timedelta(days=plan.due_in - BY_CODE[code].period_days)
            submitted = _submission_moment(rng, valid_from - timedelta(days=rng.randint(5, 10)))
        scheduled.append((min(submitted, clock.ceiling), plan, code, valid_from))
    scheduled.sort(key=lambda item: item[0])

    used: set[tuple[str, int]] = set()
    made = []
    for submitted, plan, code, valid_from in scheduled:
        case = _Case(council, officers, rng, clock, types[code], plan)
        made.append(case.play(submitted, valid_from, used))
    return made


@dataclass
class _Case:
    """One demo case, played step by step through the services at the moment each step happened."""

    council: Council
    officers: _Officers
    rng: random.Random
    clock: _Clock
    application_type: ApplicationType
    plan: _Plan

    def fire(self, event: Event, by: User | None, moment: datetime, reason: str = "") -> None:
        with self.clock.at(moment):
            planning_application_transition(
                council=self.council, application_id=self.application.pk, user=by, event=event, reason=reason
            )

    def play(self, submitted: datetime, valid_from: date | None, used: set[tuple[str, int]]) -> PlanningApplication:
        rng, plan, code = self.rng, self.plan, self.application_type.code
        self.demo_site = pick_site(
            rng, STREETS[self.council.subdomain], code, council_code=self.council.code, used=used
        )
        applicant, agent = people(rng, self.demo_site.site)
        reviewer = self.officers.reviewer
        if plan.outcome in (_IA, _WD):
            officer = rng.choice([*self.officers.assessors, reviewer])
        else:
            officer = rng.choice(self.officers.assessors)
        self.assessor = officer if officer.role == Role.ASSESSOR else self.officers.assessors[0]

        self.clock.start_case()
        with self.clock.at(submitted):
            self.application = planning_application_create(
                council=self.council,
                user=None,
                application_type=self.application_type,
                site=self.demo_site.site,
                description=describe(rng, code),
                applicant=applicant,
                agent=agent,
                boundary=self.demo_site.boundary,
                submitted_at=submitted,
            )
            for name, tags in documents_for(rng, code):
                title = name.removesuffix(".pdf")
                content = tiny_pdf(
                    title,
                    self.application.reference_in_full,
                    self.application.address,
                    "Demo document: not a real plan.",
                )
                document_add(
                    application=self.application,
                    user=None,
                    name=name,
                    content=content,
                    content_type="application/pdf",
                    tags=tags,
                    received_at=submitted,
                )

        received = timezone.localtime(self.application.received_at)
        self.fire(Event.ACCEPT, None, received + timedelta(minutes=rng.randint(2, 40)))
        if plan.assign:
            with self.clock.at(_office(rng, received.date() + timedelta(days=1))):
                planning_application_assign(
                    council=self.council, application_id=self.application.pk, user=reviewer, officer_id=officer.pk
                )

        if plan.outcome in (_INV, _RET):
            self._invalidate(received)
        elif plan.outcome == _CLO:
            self.fire(Event.CLOSE, self.assessor, _office(rng, received.date() + timedelta(days=2)), CLOSE_REASON)
        elif valid_from is not None:
            self._validated(valid_from)
        return self.application

    # --- Validation ----------------------------------------------------------------------------------------

    def _invalidate(self, received: datetime) -> None:
        rng, assessor = self.rng, self.assessor
        with self.clock.at(_office(rng, received.date() + timedelta(days=3))):
            validation_request_create(
                council=self.council,
                application_id=self.application.pk,
                user=assessor,
                new=NewRequest(kind=RequestKind.OTHER_CHANGE, reason=rng.choice(INVALID_REASONS)),
            )
            application_invalidate(council=self.council, application_id=self.application.pk, user=assessor)
        if self.plan.outcome == _RET:
            self.fire(Event.RETURN, assessor, _office(rng, received.date() + timedelta(days=26)), RETURN_REASON)

    def _validation_checks(self) -> None:
        """The validation tasks an officer goes through before validating: documents reviewed and published on
        the register, and the checks that need no change confirmed together."""
        ids: dict[str, Any] = {"council": self.council, "application_id": self.application.pk, "user": self.assessor}
        documents_review(
            **ids,
            reviews=[
                DocumentReview(document_id=d.pk, valid=True, tags=list(d.tags), publishable=True, for_consultees=True)
                for d in self.application.documents.all()
            ],
        )
        spec = self.application_type.spec
        slugs = validation_checks.task_slugs(spec.family)
        types = development_types_for(code=spec.code, family=spec.family, is_major=spec.is_major)
        confirmed = [s for s in validation_checks.CONFIRMABLE if s in slugs and s != "cil"]
        if len(types) != 1:
            confirmed.remove("reporting")
            reporting_set(**ids, development_type=types[0])
        validation_checks_confirm(**ids, slugs=confirmed)
        if "cil" in slugs:
            cil_set(**ids, liable=spec.code == _MINOR)  # new homes are liable for the levy
        validation_check_complete(**ids, slug="check-documents")

    def _validated(self, valid_from: date) -> None:
        rng, plan, clock = self.rng, self.plan, self.clock
        validated = _office(rng, valid_from + timedelta(days=rng.randint(0, 2)))
        with clock.at(validated):
            self._validation_checks()
            application_validate(
                council=self.council, application_id=self.application.pk, user=self.assessor, valid_from=valid_from
            )
        due = valid_from + timedelta(days=self.application_type.period_days)
        family = self.application_type.family
        decision = None
        if plan.outcome in _PAST_ASSESSMENT:
            decision = "refused" if plan.appeal else rng.choice(DEMO_DECISIONS[family])
        withdrawn = _office(rng, validated.date() + timedelta(days=10)) if plan.outcome == _WD else None

        consultation_ends = self._consult(validated, decision, until=withdrawn or clock.ceiling)
        if withdrawn is not None:
            self.fire(Event.WITHDRAW, self.assessor, withdrawn, WITHDRAW_REASON)
            return
        report = ReportCase(self.rng, self.application, self.assessor, decision or DEMO_DECISIONS[family][0])
        # The report is written once the consultation has ended (DMPO 2015 art. 33: its comments are taken
        # into account), and recommended about twelve days before the determination date.
        after_consultation = (consultation_ends + timedelta(days=1)) if consultation_ends else validated.date()
        if plan.outcome == _IA:
            self._assessing(report, validated, after_consultation, consultation_open=after_consultation > _today(clock))
            return
        recommended = min(max(validated.date() + timedelta(days=7), due - timedelta(days=12)), _today(clock))
        if after_consultation > _today(clock):
            raise RuntimeError(f"{self.application.reference}: its consultation ends too late for its plan.")
        recommended = max(recommended, after_consultation)
        report_write(case=report, at=clock.at, start=_morning(rng, recommended))
        with clock.at(_office(rng, recommended)):
            recommendation_submit(council=self.council, application_id=self.application.pk, user=self.assessor)
        self._reviewed(recommended)

    def _consult(self, validated: datetime, decision: str | None, *, until: datetime) -> date | None:
        """The publicity the case's type requires, from the working day after validation; its end date."""
        publicity = publicity_plan(self.rng, self.application, decision)
        if publicity is None:
            return None
        return consultation_play(
            rng=self.rng,
            application=self.application,
            officer=self.assessor,
            plan=publicity,
            directory=self.officers.directory,
            at=self.clock.at,
            start=_office(self.rng, dates.add_working_days(validated.date(), 1)),
            until=min(until, self.clock.ceiling),
        )

    # --- Assessment and decision -----------------------------------------------------------------------------

    def _assessing(self, report: ReportCase, validated: datetime, after: date, *, consultation_open: bool) -> None:
        """A case being assessed: the first tasks done (those that do not need the consultation's end while it
        runs), and perhaps a question to the applicant waiting for their answer."""
        rng, clock = self.rng, self.clock
        spec = self.application_type
        slugs = [s for s in assessment_checks.task_slugs(spec.family, code=spec.code) if s != "recommendation"]
        waits = {"consultation-summary", "neighbour-summary", "amenity"}
        done = rng.randint(2, 5) if self.plan.due_in > 0 else rng.randint(5, len(slugs) - 1)
        if consultation_open:
            done = min(done, next((i for i, s in enumerate(slugs) if s in waits), len(slugs)))
        start = validated.date() + timedelta(days=5) if consultation_open else after
        if start <= _today(clock) and done:
            report_write(case=report, at=clock.at, start=_morning(rng, start), tasks=done)
        if self.plan.ask is not None:
            new = ASKS[self.plan.ask]
            if new.kind == RequestKind.TIME_EXTENSION:
                self.application.refresh_from_db()
                new = replace(new, proposed=self.application.due_date + timedelta(days=28))
            with clock.at(_office(rng, _today(clock) - timedelta(days=2))):
                validation_request_create(
                    council=self.council, application_id=self.application.pk, user=self.assessor, new=new
                )

    def _reviewed(self, recommended: date) -> None:
        rng, plan, reviewer = self.rng, self.plan, self.officers.reviewer
        ids: dict[str, Any] = {"council": self.council, "application_id": self.application.pk, "user": reviewer}
        after = recommended + timedelta(days=rng.randint(1, 3))
        if plan.outcome in (_TBR, _DET):
            # The reviewer's one submit: each section of the report accepted, and the recommendation challenged,
            # or agreed and the case determined (the decision notice made, stored and published).
            sections = Section.objects.filter(application=self.application).exclude(versions=None)
            verdicts = {section.slug: SectionVerdict(Verdict.ACCEPT) for section in sections}
            with self.clock.at(_office(rng, after)) as reviewed:
                if plan.outcome == _TBR:
                    review_save(**ids, verdicts=verdicts, agree=False, comment=rng.choice(CHALLENGE_REASONS))
                else:
                    review_save(**ids, verdicts=verdicts, agree=True, determined_on=timezone.localtime(reviewed).date())
        elif plan.outcome == _IC:
            with self.clock.at(_office(rng, after)):
                committee_refer(**ids, reasons=[rng.choice(COMMITTEE_REASONS)])
        if plan.appeal:  # a refusal, appealed to the Planning Inspectorate two days on (TCPA 1990 s78)
            with self.clock.at(_office(rng, after + timedelta(days=2))) as lodged:
                appeal_lodge(
                    council=self.council,
                    application_id=self.application.pk,
                    user=self.assessor,
                    lodged_on=timezone.localtime(lodged).date(),
                    reason=APPEAL_REASON,
                )


def _today(clock: _Clock) -> date:
    return timezone.localtime(clock.ceiling).date()


def demo_loaded() -> bool:
    return Council.objects.exists()


@transaction.atomic
def load_demo_data() -> list[Council]:
    """Make the demo councils, officers and cases. Only for an empty database: refuses if a council exists."""
    if Council.objects.select_for_update().exists():
        raise RuntimeError("There is already a council in this database; demo data goes only into an empty one.")
    real_now = timezone.now()
    today = timezone.localdate()
    clock = _Clock(ceiling=timezone.localtime(real_now) - timedelta(hours=3))
    hashed = make_password(DEMO_PASSWORD)  # once: the hasher is slow on purpose, and every officer shares it
    councils = []
    for spec in COUNCILS:
        council = _council_make(spec)
        made = {}
        for email, name, role in spec.officers:
            made[email] = User.objects.create_user(email=email, name=name, council=council, role=role)
            made[email].password = hashed
            made[email].save(update_fields=["password"])
        by_role = {role: [made[e] for e, _, r in spec.officers if r == role] for role in Role.values}
        admin = by_role[Role.ADMINISTRATOR][0]
        gazetteer_fill(STREETS[spec.subdomain], council_code=spec.code)
        libraries_make(council, admin)
        officers = _Officers(
            assessors=by_role[Role.ASSESSOR],
            reviewer=by_role[Role.REVIEWER][0],
            directory=directory_make(council, admin),
        )
        _case_load(council, officers, random.Random(f"bops-demo/{spec.subdomain}"), clock, today)
        councils.append(council)
    return councils
