"""Time to render a decision notice as a PDF, for three representative determined cases.

    python bench/decision_notice.py [--runs 50]

Uses a throwaway SQLite file in the temporary folder (rebuilt on each run; never the project's db.sqlite3), or
the database in DATABASE_URL (refused if it holds any council but the bench's own). Makes one council and three
cases through the real services, each assessed, recommended, agreed by the reviewer and determined with
`bops.decisions.services.determine`:

- a lawful development certificate (proposed) granted;
- a prior approval (Part 1 Class A) refused;
- a householder application granted with 5 conditions, 3 informatives and 4 plans listed on the notice.

Then renders each case's final notice (`bops.decisions.notice.decision_notice_pdf`, WeasyPrint) 3 times to warm
up and N times timed, and prints p50 and p95 in milliseconds and the PDF's size in kilobytes.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM_UPS = 3


def _environment(media: Path) -> None:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "bops-bench-notice.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bops.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["AXES_ENABLED"] = "false"
    os.environ["NOTIFIER"] = "outbox"
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    os.environ["MEDIA_ROOT"] = str(media)
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def _make_cases(council, users):  # type: ignore[no-untyped-def]
    """The three cases, determined today through the services, as (label, case) pairs."""
    from django.utils import timezone

    from bops.accounts.models import Role
    from bops.applications.models import Status
    from bops.applications.tests.builders import make_application_in
    from bops.assessment import services as assessment
    from bops.decisions import services as decisions
    from bops.documents.services import document_add
    from bops.validation import services as validation

    assessor, reviewer = users[Role.ASSESSOR], users[Role.REVIEWER]

    def determined(case, decision: str, reasons: str):  # type: ignore[no-untyped-def]
        assessment.recommendation_make(
            council=council, application_id=case.pk, user=assessor, decision=decision, reasons=reasons
        )
        assessment.recommendation_submit(council=council, application_id=case.pk, user=assessor)
        decisions.recommendation_review(council=council, application_id=case.pk, user=reviewer, agree=True)
        decisions.determine(council=council, application_id=case.pk, user=reviewer, determined_on=timezone.localdate())
        case.refresh_from_db()
        return case

    ldc = make_application_in(
        council,
        Status.IN_ASSESSMENT,
        users,
        code="ldc.proposed",
        description="Loft conversion with a rear dormer and three rooflights to the front roof slope",
        officer=assessor,
    )
    ldc = determined(ldc, "granted", "The proposal is permitted development under Class B of Part 1.")

    prior = make_application_in(
        council,
        Status.IN_ASSESSMENT,
        users,
        code="pa.part1.classA",
        description="Single storey rear extension, 6 metres deep, 3.5 metres high at the eaves",
        address="48 Choumert Grove",
        officer=assessor,
    )
    prior = determined(
        prior,
        "refused",
        "The extension would cause an unacceptable loss of light and outlook to 46 Choumert Grove.",
    )

    householder = make_application_in(
        council,
        Status.IN_ASSESSMENT,
        users,
        code="pp.full.householder",
        description="Erection of a single storey rear extension and a first floor side extension",
        address="7 Lyndhurst Way",
        officer=assessor,
    )
    for number in range(1, 6):
        assessment.condition_add(
            council=council,
            application_id=householder.pk,
            user=assessor,
            new=assessment.NewCondition(
                title=f"Condition {number}",
                text=(
                    f"Condition {number}: the development shall be carried out in accordance with the approved "
                    "plans, and the materials of the external surfaces shall match those of the existing "
                    "building in colour, texture and size."
                ),
                reason="In the interests of the appearance of the building and the character of the area.",
            ),
        )
    for number in range(1, 4):
        assessment.informative_add(
            council=council,
            application_id=householder.pk,
            user=assessor,
            title=f"Informative {number}",
            text=(
                "Building Regulations approval may be needed for this work. The Party Wall etc. Act 1996 may "
                "apply: you may need to tell your neighbours before you start."
            ),
        )
    plans = [
        document_add(
            application=householder,
            user=assessor,
            name=f"plan-{number}.pdf",
            content=b"%PDF-1.4\n% bench plan\n",
            content_type="application/pdf",
            tags=["floorPlan.proposed"],
        )
        for number in range(1, 5)
    ]
    validation.documents_review(
        council=council,
        application_id=householder.pk,
        user=assessor,
        reviews=[
            validation.DocumentReview(
                document_id=plan.pk,
                valid=True,
                tags=["floorPlan.proposed"],
                drawing_numbers=[f"LW-{100 + number:03d} rev B"],
                on_decision_notice=True,
            )
            for number, plan in enumerate(plans, start=1)
        ],
    )
    householder = determined(
        householder, "granted", "The proposal complies with the development plan and harms no neighbour."
    )
    return [
        ("LDC proposed, granted", ldc),
        ("Prior approval (Part 1 Class A), refused", prior),
        ("Householder, granted: 5 conditions, 3 informatives, 4 plans", householder),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    media = Path(tempfile.mkdtemp(prefix="bops-bench-notice-media-"))
    _environment(media)
    try:
        return _run(args)
    finally:
        shutil.rmtree(media, ignore_errors=True)


def _run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from bops.accounts.models import Role
    from bops.applications.tests.builders import make_council, make_user
    from bops.councils.models import Council
    from bops.decisions.models import Determination
    from bops.decisions.notice import decision_notice_pdf, notice_context

    if Council.objects.exclude(subdomain="benchnotice").exists():
        print("This database holds other councils: use an empty one.", file=sys.stderr)
        return 2
    if Council.objects.filter(subdomain="benchnotice").exists():
        print("This database already holds the bench's council: use an empty one.", file=sys.stderr)
        return 2
    council = make_council(subdomain="benchnotice", code="BNT", name="Bench Notice Council")
    users = {role: make_user(council, role) for role in Role.values}
    cases = _make_cases(council, users)
    householder = cases[-1][1]
    shown = notice_context(householder, decision="granted", reasons="", decided_on=None, draft=False)
    counts = (len(shown["conditions"]), len(shown["informatives"]), len(shown["plans"]))
    if counts != (5, 3, 4):
        print(f"The householder notice lists {counts} conditions, informatives, plans, not (5, 3, 4).", file=sys.stderr)
        return 1

    print(f"{args.runs} renders each after {WARM_UPS} warm-ups")
    print("| Notice | p50 ms | p95 ms | PDF KB |")
    print("|---|---:|---:|---:|")
    for label, case in cases:
        determination = Determination.objects.get(application=case)
        for _ in range(WARM_UPS):
            decision_notice_pdf(case, determination=determination)
        times: list[float] = []
        pdf = b""
        for _ in range(args.runs):
            started = time.perf_counter()
            pdf = decision_notice_pdf(case, determination=determination)
            times.append((time.perf_counter() - started) * 1000)
        print(f"| {label} | {statistics.median(times):.1f} | {_percentile(times, 0.95):.1f} | {len(pdf) / 1024:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
