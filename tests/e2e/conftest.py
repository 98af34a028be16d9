"""End-to-end tests: Debian's chromium, driven by Playwright, against pytest-django's live server.

Every test here is marked `e2e` and is skipped when /usr/bin/chromium is missing. The browser never
downloads anything and never reaches the internet: each context only lets requests to the loopback
addresses (127.0.0.1, localhost, *.localhost) through.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

# Playwright's sync API runs an event loop in the test thread; the data fixtures and assertions use the
# ORM from that same thread, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct-horse-battery"
LONDON = ZoneInfo("Europe/London")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# --- Collection ---------------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = None
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(
            reason=(
                "Debian chromium is not installed at /usr/bin/chromium: "
                "run make test as root (it installs it) or apt-get install chromium"
            )
        )
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if skip is not None:
            item.add_marker(skip)


# --- Browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's chromium, never a browser Playwright would download."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def is_local(request_url: str) -> bool:
    parts = urlsplit(request_url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    host = (parts.hostname or "").lower()
    return host in LOCAL_HOSTS or host.endswith(".localhost")


@pytest.fixture(autouse=True)
def offline(context: Any) -> Iterator[list[str]]:
    """Abort every request that would leave the machine; the list of what was blocked is kept."""
    blocked: list[str] = []

    def handle(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)
    yield blocked
    if blocked:
        print(f"\nRequests blocked (not to this machine): {sorted(set(blocked))}")


@pytest.fixture(autouse=True)
def _short_timeouts(page: Any) -> None:
    """Fail fast: every page here is local."""
    page.set_default_timeout(20_000)
    page.set_default_navigation_timeout(30_000)


# --- Addresses, signing in, accessibility -------------------------------------------------------


@pytest.fixture
def url(live_server: Any) -> Callable[[str, str], str]:
    """url("southwark", "/sign-in") -> http://southwark.localhost:<port>/sign-in"""
    port = live_server.thread.port

    def build(subdomain: str, path: str = "/") -> str:
        return f"http://{subdomain}.localhost:{port}{path}"

    return build


@pytest.fixture
def sign_in(url: Callable[[str, str], str]) -> Callable[..., None]:
    def do(page: Any, subdomain: str, email: str, password: str = PASSWORD, *, expect_success: bool = True) -> None:
        page.goto(url(subdomain, "/sign-in"))
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password", exact=True).fill(password)
        follow(page, page.get_by_role("button", name="Sign in"))
        if expect_success:
            assert urlsplit(page.url).path == "/", f"signing in as {email} ended on {page.url}"

    return do


def follow(page: Any, target: Any) -> None:
    """Click a link or submit button and wait for the page it leads to (a click alone does not wait)."""
    with page.expect_navigation():
        target.click()


_AXE_RUN = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                                         nodes: v.nodes.map((node) => ({target: node.target}))}));
}"""


def assert_no_axe_violations(page: Any) -> None:
    """Run axe-core on the page as it is now; fail listing each violation and the first elements it is on."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(_AXE_RUN)
    if violations:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']} e.g. {[n['target'] for n in v['nodes'][:3]]} {v['helpUrl']}"
            for v in violations
        ]
        pytest.fail("\n".join([f"axe found {len(violations)} violation(s) on {page.url}:", *lines]), pytrace=False)


# --- Data ---------------------------------------------------------------------------------------

BOUNDARY = {
    "type": "Feature",
    "properties": {},
    "geometry": {
        "type": "Polygon",
        "coordinates": [
            [
                [-0.07110, 51.46875],
                [-0.07030, 51.46875],
                [-0.07030, 51.46910],
                [-0.07110, 51.46910],
                [-0.07110, 51.46875],
            ]
        ],
    },
}


def a_past_working_moment(days_ago: int = 21) -> datetime:
    """A weekday morning some weeks ago, London time, so a case's received date is well in the past."""
    day = datetime.now(tz=LONDON).date() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time(10, 30), tzinfo=LONDON)


@dataclass
class CouncilData:
    council: Any
    users: dict[str, Any] = field(default_factory=dict)
    cases: dict[str, Any] = field(default_factory=dict)

    @property
    def subdomain(self) -> str:
        return self.council.subdomain


@dataclass
class World:
    southwark: CouncilData
    lambeth: CouncilData


def make_council(*, name: str, subdomain: str, code: str, first_number: int) -> Any:
    from bops.applications.services import council_application_types_ensure
    from bops.councils.models import Council

    council = Council.objects.create(
        name=name,
        subdomain=subdomain,
        code=code,
        address=f"{name} Council\nTown Hall\nLondon",
        email=f"planning@{subdomain}.gov.uk",
        phone="020 7946 0000",
        signatory_name="Pat Signer",
        signatory_job_title="Head of Planning",
        reviewer_group_email=f"reviewers@{subdomain}.gov.uk",
        last_application_number=first_number - 1,
    )
    council_application_types_ensure(council=council)
    return council


def make_user(council: Any, *, role: str, name: str, email: str, password: str = PASSWORD) -> Any:
    from bops.accounts.models import User

    return User.objects.create_user(email=email, name=name, council=council, role=role, password=password)


def make_case(
    council: Any,
    *,
    code: str = "pp.full.householder",
    address: str,
    postcode: str,
    description: str,
    applicant: str = "Jo Applicant",
    boundary: dict[str, Any] | None = BOUNDARY,
    officer: Any = None,
    days_ago: int = 21,
) -> Any:
    """A case made the way intake makes one: created, then accepted by the system (no user)."""
    from bops.applications.lifecycle import Event
    from bops.applications.models import ApplicationType
    from bops.applications.services import Person, Site, planning_application_create, planning_application_transition

    application_type = ApplicationType.objects.get(council=council, code=code)
    application = planning_application_create(
        council=council,
        user=None,
        application_type=application_type,
        site=Site(address_line_1=address, town="London", postcode=postcode),
        description=description,
        applicant=Person(name=applicant, email="applicant@example.com", phone="07700 900123"),
        boundary=boundary,
        submitted_at=a_past_working_moment(days_ago),
    )
    application = planning_application_transition(
        council=council, application_id=application.pk, user=None, event=Event.ACCEPT
    )
    if officer is not None:
        application.assigned_officer = officer
        application.save(update_fields=["assigned_officer"])
    return application


def move_to_assessment(application: Any) -> Any:
    from django.utils import timezone

    from bops.applications.lifecycle import Event
    from bops.applications.services import planning_application_set_valid_from, planning_application_transition

    valid_from = timezone.localtime(application.received_at).date()
    planning_application_set_valid_from(
        council=application.council, application_id=application.pk, user=None, valid_from=valid_from
    )
    return planning_application_transition(
        council=application.council, application_id=application.pk, user=None, event=Event.VALIDATE
    )


@pytest.fixture
def world(transactional_db: None, live_server: Any) -> World:
    """Two councils, each with one user of every role, and a few accepted cases.

    Southwark (SWK): an extension (assigned to the assessor, in assessment), a loft conversion (assigned),
    a conservatory (unassigned, prior approval), an outbuilding (unassigned, lawful development certificate),
    and a withdrawn case. Lambeth (LBH) has one case whose reference no Southwark case has.
    """
    from bops.applications.lifecycle import Event
    from bops.applications.services import planning_application_transition

    southwark = CouncilData(make_council(name="Southwark", subdomain="southwark", code="SWK", first_number=100))
    for role, name in (("assessor", "Alice Assessor"), ("reviewer", "Rita Reviewer"), ("administrator", "Adam Admin")):
        southwark.users[role] = make_user(southwark.council, role=role, name=name, email=f"{role}@southwark.gov.uk")
    southwark.users["colleague"] = make_user(
        southwark.council, role="assessor", name="Colin Colleague", email="colin@southwark.gov.uk"
    )
    alice = southwark.users["assessor"]

    s = southwark.council
    southwark.cases["extension"] = move_to_assessment(
        make_case(
            s,
            address="12 Bellenden Road",
            postcode="SE15 4QN",
            description="Single storey rear extension to a terraced house",
            officer=alice,
            days_ago=30,
        )
    )
    southwark.cases["loft"] = make_case(
        s,
        code="pp.full.householder",
        address="3 Grove Lane",
        postcode="SE5 8SY",
        description="Loft conversion with a rear dormer window",
        officer=alice,
        days_ago=25,
    )
    southwark.cases["conservatory"] = make_case(
        s,
        code="pa.part1.classA",
        address="48 Lordship Lane",
        postcode="SE22 8HJ",
        description="Larger home extension: glazed conservatory to the rear",
        days_ago=20,
    )
    southwark.cases["outbuilding"] = make_case(
        s,
        code="ldc.proposed",
        address="7 Camberwell Grove",
        postcode="SE5 8JA",
        description="Garden outbuilding for use as a home office",
        boundary=None,
        days_ago=15,
    )
    withdrawn = make_case(
        s, address="90 Peckham Rye", postcode="SE15 3NX", description="Replacement windows", days_ago=40
    )
    southwark.cases["withdrawn"] = planning_application_transition(
        council=s, application_id=withdrawn.pk, user=alice, event=Event.WITHDRAW, reason="The applicant asked"
    )

    lambeth = CouncilData(make_council(name="Lambeth", subdomain="lambeth", code="LBH", first_number=500))
    for role, name in (("assessor", "Larry Assessor"), ("reviewer", "Lena Reviewer"), ("administrator", "Lou Admin")):
        lambeth.users[role] = make_user(lambeth.council, role=role, name=name, email=f"{role}@lambeth.gov.uk")
    lambeth.cases["basement"] = make_case(
        lambeth.council,
        code="ldc.existing",
        address="5 Brixton Water Lane",
        postcode="SW2 1PE",
        description="Basement flat in use for more than four years",
    )
    return World(southwark=southwark, lambeth=lambeth)


@pytest.fixture
def many_cases(world: World) -> list[Any]:
    """Thirty more unassigned Southwark cases: more than one page of the dashboard (25 a page)."""
    return [
        make_case(
            world.southwark.council,
            address=f"{n} Rye Lane",
            postcode="SE15 5BY",
            description=f"Rear extension number {n}",
            boundary=None,
            days_ago=10 + n % 5,
        )
        for n in range(1, 31)
    ]
