"""Server time of the officers' busiest pages with a large caseload.

    python bench/dashboard.py [--applications 100000] [--repeat 50] [--explain]

Uses the database in DATABASE_URL; without it, a throwaway SQLite file in the temporary folder (never the project's
db.sqlite3). It migrates the database, fills it with one council's caseload (or reuses the caseload a previous run
left there), then times the dashboard, three searches, a case page and the workload through Django's test client,
in process, signed in as an assessor, and a reviewer's home (their queue) signed in as a reviewer, with DEBUG off.
Each request is made 3 times to warm up, then --repeat times; the table gives the median and 95th percentile in
milliseconds and the number of SQL queries per request.

The caseload is written with bulk_create, not the services (which would take hours at this size), but in the same
shape: references YY-NNNNN-SUFFIX numbered from 100 in the order cases came in, key dates from bops.core.dates,
search_text as the services build it, about 15% of cases open (mostly the recent ones), officers among 20 users,
boundaries, documents and audit entries as the demo data has them, and a recommendation (with report sections for
the cases in review) on every case past assessment.
"""

import argparse
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_SUBDOMAIN = "bench"
BATCH = 2000
OFFICERS = 20
YEARS = 8

OPEN_MIX = (
    ("not_started", 22),
    ("invalidated", 5),
    ("in_assessment", 48),
    ("awaiting_determination", 15),
    ("to_be_reviewed", 6),
    ("in_committee", 4),
)
CLOSED_MIX = (("determined", 88), ("withdrawn", 7), ("returned", 3), ("closed", 2))
TYPE_MIX = (
    ("pp.full.householder", 55),
    ("ldc.proposed", 14),
    ("ldc.existing", 6),
    ("pa.part1.classA", 12),
    ("pp.full.minor", 13),
)


def _configure(args: argparse.Namespace) -> str:
    """Environment for Django, before it is set up. Returns a description of the database used."""
    default_file = Path(tempfile.gettempdir()) / "bops-bench.sqlite3"
    if not os.environ.get("DATABASE_URL"):
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{default_file}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{default_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bops.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("AXES_ENABLED", "false")
    os.environ.setdefault("MEDIA_ROOT", str(Path(tempfile.gettempdir()) / "bops-bench-media"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return os.environ["DATABASE_URL"]


def _weighted(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    names, weights = zip(*mix, strict=True)
    return rng.choices(names, weights)[0]


def _populate(n: int, rng: random.Random):
    from django.db import transaction
    from django.utils import timezone

    from bops.accounts.models import Role, User
    from bops.applications import demo, services
    from bops.applications.boundary import parse_boundary
    from bops.applications.models import ApplicationType, PlanningApplication
    from bops.assessment.models import Recommendation, Section
    from bops.core import dates
    from bops.core.models import AuditEntry
    from bops.councils.models import Council
    from bops.documents.models import Document

    council = Council.objects.create(
        name="Bench Borough Council",
        subdomain=BENCH_SUBDOMAIN,
        code="BNC",
        address="1 Town Hall Road\nLondon\nSE1 1AA",
        email="planning@bench.example",
        phone="020 7946 0300",
        signatory_name="Sam Signer",
        signatory_job_title="Director of Planning",
        reviewer_group_email="reviewers@bench.example",
    )
    services.council_application_types_ensure(council=council)
    types = {t.code: t for t in ApplicationType.objects.filter(council=council)}
    users = []
    for i in range(OFFICERS):
        role = Role.REVIEWER if i % 5 == 4 else Role.ASSESSOR
        user = User(email=f"officer{i + 1:02d}@bench.example", name=f"Officer {i + 1:02d}", council=council, role=role)
        user.set_unusable_password()
        users.append(user)
    users = User.objects.bulk_create(users)
    assessors = [u for u in users if u.role == Role.ASSESSOR]
    reviewers = [u for u in users if u.role == Role.REVIEWER]

    now = timezone.now()
    today = timezone.localdate()
    start = now - timedelta(days=365 * YEARS)
    span = (now - timedelta(hours=3) - start).total_seconds()
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(n))
    open_from = n - int(n * 0.13)  # the newest cases are mostly still open
    # A borough's worth of streets (about 80,000 houses, 5,000 postcodes of ~16 houses each, as in London), and
    # one plot per house: houses come back with a new application every few years.
    streets = _streets(rng, demo.STREETS["southwark"])
    shops = [street for street in streets if street.shops]
    plots: dict[tuple[str, int], tuple[services.Site, dict, tuple[float, ...], float]] = {}

    def plot(code: str) -> tuple[services.Site, dict, tuple[float, ...], float]:
        street = rng.choice(shops if code == "pp.full.minor" and rng.random() < 0.7 else streets)
        number = rng.randint(1, street.last_number)
        key = (street.name, number)
        if key not in plots:
            made = demo.house_site(rng, street, number, council_code=council.code)
            ring = made.boundary["geometry"]["coordinates"][0]
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            bbox = (min(lons), min(lats), max(lons), max(lats))
            plots[key] = (made.site, made.boundary, bbox, round(made.width_m * made.depth_m, 2))
            if len(plots) <= 20:  # the same shapes the services accept
                parse_boundary(made.boundary)
        return plots[key]

    def stamp(at: datetime) -> datetime:
        return min(at, now - timedelta(minutes=30))

    started = time.monotonic()
    number = 99
    for batch_start in range(0, n, BATCH):
        rows, extras = [], []
        for index in range(batch_start, min(n, batch_start + BATCH)):
            number += 1
            submitted = moments[index]
            code = _weighted(rng, TYPE_MIX)
            application_type = types[code]
            if index >= open_from:
                status = _weighted(rng, OPEN_MIX) if rng.random() < 0.9 else _weighted(rng, CLOSED_MIX)
            else:
                status = _weighted(rng, CLOSED_MIX) if rng.random() < 0.98 else _weighted(rng, OPEN_MIX)
            site, boundary, bbox, area = plot(code)
            applicant, agent = demo.people(rng, site)
            agent = agent or services.Person(name="")
            received = dates.received_moment(submitted)
            received_day = received.date()
            validated = status not in ("not_started", "invalidated", "returned", "closed")
            valid_from = min(received_day + timedelta(days=rng.randint(0, 12)), today) if validated else None
            statutory = dates.statutory_determination_date(
                valid_from=valid_from or received_day, period_days=application_type.period_days
            )
            due = dates.effective_determination_date(statutory=statutory, extended_to=None)
            application = PlanningApplication(
                council=council,
                application_type=application_type,
                number=number,
                reference=f"{received:%y}-{number:05d}-{application_type.suffix}",
                status=status,
                address_line_1=site.address_line_1,
                town=site.town,
                postcode=site.postcode,
                postcode_key=services.postcode_key(site.postcode),
                uprn=site.uprn,
                latitude=site.latitude,
                longitude=site.longitude,
                boundary=boundary,
                boundary_area_m2=area,
                bbox_min_lon=bbox[0],
                bbox_min_lat=bbox[1],
                bbox_max_lon=bbox[2],
                bbox_max_lat=bbox[3],
                description=demo.describe(rng, code),
                applicant_name=applicant.name,
                applicant_email=applicant.email,
                applicant_phone=applicant.phone,
                applicant_address=applicant.address,
                agent_name=agent.name,
                agent_company=agent.company,
                agent_email=agent.email,
                agent_phone=agent.phone,
                submitted_at=submitted,
                received_at=received,
                valid_from=valid_from,
                statutory_date=statutory,
                due_date=due,
                target_date=dates.target_date(determination_date=due, days_before=council.target_days_before_due),
                not_started_at=stamp(received + timedelta(minutes=10)),
            )
            if valid_from:
                application.in_assessment_at = stamp(_at(valid_from, 11) + timedelta(days=rng.randint(0, 3)))
            if status not in ("not_started", "in_assessment"):
                finished = min(_at(due, 15) - timedelta(days=rng.randint(0, 20)), now - timedelta(hours=1))
                finished = max(finished, received + timedelta(hours=1))
                setattr(application, f"{status}_at", stamp(finished))
                if status in ("in_committee", "to_be_reviewed", "determined"):
                    application.awaiting_determination_at = stamp(finished - timedelta(days=rng.randint(1, 10)))
                if status in ("withdrawn", "returned", "closed"):
                    application.closure_reason = "Closed at the applicant's request."
            if validated or rng.random() < 0.3:
                officers = assessors + reviewers if status == "in_assessment" else assessors
                application.assigned_officer = rng.choice(officers)
            application.search_text = services._search_text(application, council)  # the services' own text
            rows.append(application)
            extras.append(rng.randint(1, 3))
        with transaction.atomic():
            PlanningApplication.objects.bulk_create(rows, batch_size=500)
            documents, entries = [], []
            for application, document_count in zip(rows, extras, strict=True):
                for name, tags in demo.documents_for(rng, application.application_type.code)[:document_count]:
                    documents.append(
                        Document(
                            council=council,
                            application=application,
                            file=f"councils/{council.pk}/applications/{application.pk}/{name.replace(' ', '_')}",
                            name=name,
                            content_type="application/pdf",
                            size=760,
                            tags=tags,
                            received_at=application.submitted_at,
                        )
                    )
                history = [("created", application.submitted_at), ("accept", application.not_started_at)]
                if application.in_assessment_at:
                    history.append(("validate", application.in_assessment_at))
                final = getattr(application, f"{application.status}_at")
                if application.status not in ("not_started", "in_assessment") and final:
                    history.append((application.status, final))
                for event, at in history:
                    entries.append(
                        AuditEntry(
                            council=council,
                            application=application,
                            actor=None,
                            actor_label="System",
                            event=event,
                            data={},
                            created_at=at,
                        )
                    )
            Document.objects.bulk_create(documents, batch_size=1000)
            AuditEntry.objects.bulk_create(entries, batch_size=1000)
            _recommend(rng, council, rows, assessors, reviewers, Recommendation, Section)
        done = min(n, batch_start + BATCH)
        if done % 20000 == 0 or done == n:
            print(f"  {done:>7,} cases written ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    Council.objects.filter(pk=council.pk).update(last_application_number=number)
    return council


# What the reviewer sees of a case past assessment: its recommendation (agreed once determined, challenged when sent
# back, agreed for about a third of those awaiting determination) and, while in review, its report sections.
_REVIEWED = {"determined": "agreed", "to_be_reviewed": "challenged"}
_SECTIONS = ("summary-of-works", "site-description", "other-considerations")


def _recommend(rng: random.Random, council, rows, assessors, reviewers, Recommendation, Section) -> None:
    recommendations, sections = [], []
    for application in rows:
        if not application.awaiting_determination_at:
            continue
        review = _REVIEWED.get(application.status) or ("agreed" if rng.random() < 0.33 else "pending")
        recommendations.append(
            Recommendation(
                council=council,
                application=application,
                decision="granted" if rng.random() < 0.85 else "refused",
                reasons="The proposal complies with the development plan.",
                author=application.assigned_officer or assessors[0],
                submitted_at=application.awaiting_determination_at,
                review=review,
                reviewed_by=rng.choice(reviewers) if review != "pending" else None,
                reviewed_at=application.awaiting_determination_at if review != "pending" else None,
            )
        )
        if application.status in ("awaiting_determination", "in_committee"):
            for slug in _SECTIONS:
                status = "completed" if review == "pending" else "accepted"
                sections.append(Section(council=council, application=application, slug=slug, status=status))
    Recommendation.objects.bulk_create(recommendations, batch_size=1000)
    Section.objects.bulk_create(sections, batch_size=1000)


_STREET_WORDS = (
    "Albion Ansdell Barry Blenheim Carlton Chadwick Copleston Danby Dunstans Elmcroft Fenwick Gowlett Hollydale "
    "Ivydale Kelmore Linden Maxted Nutbrook Oglander Pellatt Quorn Reedham Shenley Tintagel Upland Waghorn Zenoria "
    "Amott Bushey Calton Derwent Everthorpe Frankfurt Gibbon Hindmans Jennings Keston Landells Marsden Nigel Oakhurst "
    "Pytchley Relf Sternhall Tresco Vicarage Wingfield Ady Bellwood Choumert Crawthew Dovedale Etherow Forster "
    "Glengarry Heber Ivanhoe Lacon Mundania Northcross Overhill Rye Scylla Thorncombe Whateley"
)
_STREET_NAMES = _STREET_WORDS.split()
_STREET_KINDS = ("Road", "Grove", "Street", "Avenue", "Gardens", "Terrace", "Place")
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the inward code


def _streets(rng: random.Random, real: tuple) -> list:
    """About 450 streets placed around the real ones, with a postcode for every 16 or so house numbers."""
    from bops.applications.demo import Street, offset_point

    streets = []
    for name in _STREET_NAMES:
        for kind in rng.sample(_STREET_KINDS, 7):
            base = rng.choice(real)
            lat, lon = offset_point(base.lat, base.lon, rng.uniform(-1500, 1500), rng.uniform(-1500, 1500))
            last = rng.randint(30, 240)
            outward = base.postcodes[0].split()[0]
            postcodes = tuple(
                f"{outward} {rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
                for _ in range(math.ceil(last / 16))
            )
            streets.append(
                Street(f"{name} {kind}", postcodes, lat, lon, rng.uniform(0, 180), last, shops=rng.random() < 0.1)
            )
    return streets


def _at(day: date, hour: int) -> datetime:
    from bops.core import dates

    return datetime.combine(day, datetime.min.time().replace(hour=hour), tzinfo=dates.LONDON).astimezone(UTC)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _query_ms(connection, sql: str) -> float:
    """The best of three runs of `sql`, rows fetched included (SQLite does most of its work while fetching)."""
    best = math.inf
    for _ in range(3):
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            best = min(best, (time.perf_counter() - started) * 1000)
    return best


def _explain(connection, sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join("    " + " ".join(str(c) for c in row) for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="reuse the default SQLite file from the last run")
    parser.add_argument("--explain", action="store_true", help="show the plan of every query that takes > 10 ms")
    args = parser.parse_args()
    database_url = _configure(args)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bops.accounts.models import Role, User
    from bops.applications import selectors
    from bops.applications.models import PlanningApplication, Status
    from bops.councils.models import Council

    assert not settings.DEBUG, "DEBUG must be off for a benchmark"
    call_command("migrate", verbosity=0, interactive=False)

    others = Council.objects.exclude(subdomain=BENCH_SUBDOMAIN)
    if others.exists():
        sys.exit(f"{database_url} holds other councils' data: give the bench a database of its own.")
    council = Council.objects.filter(subdomain=BENCH_SUBDOMAIN).first()
    if council is None:
        print(f"Writing {args.applications:,} cases to {connection.vendor} ...", file=sys.stderr)
        started = time.monotonic()
        council = _populate(args.applications, random.Random(args.seed))
        print(f"  done in {time.monotonic() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            # What autovacuum would have done by the time a council has this many cases: fresh statistics for the
            # planner and, on PostgreSQL, a visibility map that allows index-only scans.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    elif (count := PlanningApplication.objects.filter(council=council).count()) != args.applications:
        sys.exit(f"The database already has a bench caseload of {count:,}; drop it or ask for that many.")
    else:
        print(f"Reusing the {args.applications:,} cases already in the database.", file=sys.stderr)

    user = User.objects.filter(council=council, role=Role.ASSESSOR).order_by("pk").first()
    client = Client(HTTP_HOST=f"{BENCH_SUBDOMAIN}.localhost")
    client.force_login(user, backend="bops.accounts.backends.CouncilEmailBackend")
    reviewer = Client(HTTP_HOST=f"{BENCH_SUBDOMAIN}.localhost")
    reviewer.force_login(
        User.objects.filter(council=council, role=Role.REVIEWER).order_by("pk").first(),
        backend="bops.accounts.backends.CouncilEmailBackend",
    )

    cases = PlanningApplication.objects.filter(council=council)
    open_cases = cases.filter(status__in=selectors.OPEN_STATUSES).order_by("-number")
    newest = open_cases.first()
    older = open_cases.filter(number__lt=100_000).first()
    open_case = cases.filter(status=Status.IN_ASSESSMENT).order_by("-number").first()
    postcode = open_case.postcode
    requests = [
        ("Dashboard, all cases", "/?tab=all"),
        ("Dashboard, your cases", "/?tab=mine"),
        (f"Search by postcode ({postcode})", f"/?tab=all&q={postcode.replace(' ', '+')}"),
        ("Search by words (rear extension)", "/?tab=all&q=rear+extension"),
        (f"Search by reference ({newest.reference})", f"/?tab=all&q={newest.reference}"),
    ]
    if older and older.pk != newest.pk:
        requests.append((f"Search by reference ({older.reference})", f"/?tab=all&q={older.reference}"))
    requests.append(("Case page", f"/applications/{open_case.reference}"))
    requests.append(("Workload", "/workload"))

    rows = []
    slow: list[tuple[str, float, str]] = []
    load_before = os.getloadavg()[0]
    for label, path in [*requests, ("Reviewer's home (the queue, then their cases)", "/")]:
        if label.startswith("Reviewer"):
            client = reviewer
        for _ in range(3):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        found = ""
        if "q=" in path:
            query = selectors.DashboardQuery(tab=selectors.Tab.ALL, q=path.split("q=", 1)[1].replace("+", " "))
            board = selectors.dashboard(council=council, user=user, query=query)
            found = f"{board.open_count:,} / {sum(board.stage_counts.values()):,}"
        rows.append((label, statistics.median(timings), _percentile(timings, 0.95), len(captured), found))
        if args.explain:
            for query in captured.captured_queries:
                if not query["sql"].startswith("SELECT"):
                    continue  # BEGIN, the session's UPDATE: not the pages' own work
                ms = _query_ms(connection, query["sql"])
                if ms > 10:
                    slow.append((label, ms, query["sql"]))

    with connection.cursor() as cursor:
        cursor.execute("select version()" if connection.vendor == "postgresql" else "select sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    load = os.getloadavg()
    print(
        f"\n{args.applications:,} applications, {connection.vendor} ({version}), {args.repeat} requests each "
        f"after 3 warm-ups, {datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs, load average {load_before:.1f} before and "
        f"{load[0]:.1f} after (other work on the machine inflates the times)\n"
    )
    print("| Request | p50 ms | p95 ms | SQL queries | Found (open / all) |")
    print("|---|---:|---:|---:|---:|")
    for label, p50, p95, queries, found in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {queries} | {found} |")
    if args.explain and slow:
        print("\nQueries over 10 ms, with their plans:\n")
        for label, ms, sql in slow:
            print(f"{label}: {ms:.1f} ms\n  {sql}\n{_explain(connection, sql)}\n")


if __name__ == "__main__":
    main()
