"""Server time of the public register and its APIs with a large caseload.

    python bench/register.py [--applications 100000] [--repeat 50] [--keep]

Uses the database in DATABASE_URL; without it, a throwaway SQLite file in the temporary folder (never the project's
db.sqlite3), refused if it holds any council but the bench's. The caseload is the officers' bench's
(bench/dashboard.py: same shapes, references, dates and mix), plus what the register reads: a decision for every
determined case, a consultation with dates for every case being assessed (the newest of them still open), and on
a few cases published comments and consultee responses. Then each public request is made anonymously through
Django's test client, in process, 3 times to warm up and --repeat times timed; the table gives the median and 95th
percentile in milliseconds and the SQL queries of one request. Server time only: no network, no browser.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import dashboard  # noqa: E402  (the officers' bench: its caseload and helpers)

COMMENTED_CASES = 20


def _configure(args: argparse.Namespace) -> str:
    default_file = Path(tempfile.gettempdir()) / "bops-bench-register.sqlite3"
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
    os.environ["PUBLIC_API_RATE_LIMIT"] = "100000000"  # the bench is one client; the limit is not what is timed
    return os.environ["DATABASE_URL"]


def _add_register_data(council, rng: random.Random) -> None:
    """Decisions, consultations, comments and consultee responses, in bulk."""
    from django.utils import timezone

    from bops.accounts.models import Role, User
    from bops.applications.models import PlanningApplication, Status
    from bops.consultation.models import (
        CaseConsultee,
        Consultation,
        Consultee,
        ConsulteeResponse,
        ConsulteeStance,
        PublicComment,
        Stance,
    )
    from bops.decisions.models import Determination

    reviewer = User.objects.filter(council=council, role=Role.REVIEWER).first()
    cases = PlanningApplication.objects.filter(council=council)
    determinations = [
        Determination(
            council=council,
            application_id=pk,
            decision="refused" if rng.random() < 0.12 else ("not_required" if code.startswith("pa.") else "granted"),
            reasons="Complies with the development plan.",
            determined_on=timezone.localtime(at).date(),
            determined_by=reviewer,
        )
        for pk, code, at in cases.filter(status=Status.DETERMINED).values_list(
            "pk", "application_type__code", "determined_at"
        )
    ]
    Determination.objects.bulk_create(determinations, batch_size=2000)
    for decision in {d.decision for d in determinations}:  # the case's own copy, as the service keeps it
        ids = [d.application_id for d in determinations if d.decision == decision]
        for start in range(0, len(ids), 5000):
            cases.filter(pk__in=ids[start : start + 5000]).update(decision=decision)
    today = timezone.localdate()
    consultations = [
        Consultation(
            council=council,
            application_id=pk,
            start_date=valid_from,
            end_date=valid_from + timedelta(days=21),
        )
        for pk, valid_from in cases.filter(status=Status.IN_ASSESSMENT, valid_from__isnull=False).values_list(
            "pk", "valid_from"
        )
    ]
    Consultation.objects.bulk_create(consultations, batch_size=2000)
    consultee = Consultee.objects.create(
        council=council, name="Hana Highways", organisation="Highways", email="hana@highways.example"
    )
    now = timezone.now()
    commented = list(
        Consultation.objects.filter(council=council, end_date__gte=today).order_by("-end_date")[:COMMENTED_CASES]
    )
    for consultation in commented:
        PublicComment.objects.bulk_create(
            PublicComment(
                council=council,
                application_id=consultation.application_id,
                name=f"Neighbour {i}",
                address=f"{i} Bench Road",
                stance=rng.choice(list(Stance.values)),
                topics=["design"],
                text="Too tall.",
                redacted_text="Too tall.",
                redacted_by=reviewer,
                redacted_at=now,
                received_at=now - timedelta(days=1),
            )
            for i in range(25)
        )
        link = CaseConsultee.objects.create(
            council=council, consultation=consultation, consultee=consultee, status="responded", emailed_at=now
        )
        ConsulteeResponse.objects.create(
            council=council,
            case_consultee=link,
            stance=ConsulteeStance.NO_OBJECTION,
            text="No objection.",
            redacted_text="No objection.",
            redacted_by=reviewer,
            redacted_at=now,
            received_at=now,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="reuse the default SQLite file from the last run")
    args = parser.parse_args()
    database_url = _configure(args)

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bops.applications.models import PlanningApplication, Status
    from bops.consultation.models import PublicComment
    from bops.councils.models import Council

    assert not settings.DEBUG, "DEBUG must be off for a benchmark"
    call_command("migrate", verbosity=0, interactive=False)
    if Council.objects.exclude(subdomain=dashboard.BENCH_SUBDOMAIN).exists():
        sys.exit(f"{database_url} holds other councils' data: give the bench a database of its own.")
    council = Council.objects.filter(subdomain=dashboard.BENCH_SUBDOMAIN).first()
    if council is None:
        print(f"Writing {args.applications:,} cases to {connection.vendor} ...", file=sys.stderr)
        started = time.monotonic()
        rng = random.Random(args.seed)
        council = dashboard._populate(args.applications, rng)
        _add_register_data(council, rng)
        print(f"  done in {time.monotonic() - started:.0f} s", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    elif (count := PlanningApplication.objects.filter(council=council).count()) != args.applications:
        sys.exit(f"The database already has a bench caseload of {count:,}; drop it or ask for that many.")

    client = Client(HTTP_HOST=f"{dashboard.BENCH_SUBDOMAIN}.localhost", REMOTE_ADDR="203.0.113.1")
    commented = PublicComment.objects.filter(council=council).values_list("application_id", flat=True).first()
    case = PlanningApplication.objects.get(pk=commented)
    decided = PlanningApplication.objects.filter(council=council, status=Status.DETERMINED).order_by("-pk").first()
    postcode = case.postcode.replace(" ", "+")
    odp, v2 = "/api/@next/public/applications", "/api/v2/public/planning_applications"
    requests = [
        ("ODP list, newest 10", f"{odp}"),
        ("ODP list, 50 a page", f"{odp}?maxresults=50"),
        (f"ODP search by postcode ({case.postcode})", f"{odp}?query={postcode}"),
        ("ODP search by words (rear extension)", f"{odp}?query=rear+extension"),
        ("ODP list, Consultation in progress", f"{odp}?applicationStatus=Consultation+in+progress"),
        ("ODP list, refused, by decision date", f"{odp}?councilDecision=refused&sortBy=councilDecisionDate"),
        ("ODP show", f"{odp}/{case.reference}"),
        ("ODP show, determined", f"{odp}/{decided.reference}"),
        ("ODP documents", f"{odp}/{case.reference}/documents"),
        ("ODP public comments (25)", f"{odp}/{case.reference}/publicComments"),
        ("ODP specialist comments", f"{odp}/{case.reference}/specialistComments"),
        ("BOPS v2 search", f"{v2}/search"),
        ("BOPS v2 show", f"{v2}/{case.reference}"),
        ("BOPS v2 documents", f"{v2}/{decided.reference}/documents"),
        ("BOPS v2 public comments", f"{v2}/{case.reference}/comments/public"),
        ("Register: landing page", "/planning-applications"),
        (f"Register: search by postcode ({case.postcode})", f"/planning-applications?query={postcode}"),
        ("Register: case page", f"/planning-applications/{case.reference}"),
        ("Register: feed of new applications", "/planning-applications/feeds/new.atom"),
    ]
    rows = []
    load_before = os.getloadavg()[0]
    for label, path in requests:
        for _ in range(3):
            cache.clear()
            response = client.get(path)
            if response.status_code != 200:
                rows.append((label, None, None, response.status_code))
                break
        else:
            timings = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            rows.append((label, statistics.median(timings), dashboard._percentile(timings, 0.95), len(captured)))

    with connection.cursor() as cursor:
        cursor.execute("select version()" if connection.vendor == "postgresql" else "select sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    load = os.getloadavg()
    print(
        f"\n{args.applications:,} applications, {connection.vendor} ({version}), {args.repeat} requests each after "
        f"3 warm-ups, {datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, Django "
        f"{django.get_version()}, {os.cpu_count()} CPUs, load average {load_before:.1f} before and {load[0]:.1f} "
        "after\n"
    )
    print("| Request | p50 ms | p95 ms | SQL queries |")
    print("|---|---:|---:|---:|")
    for label, p50, p95, queries in rows:
        if p50 is None:
            print(f"| {label} | answered {queries} | | |")
        else:
            print(f"| {label} | {p50:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
