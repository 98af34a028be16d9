"""The decision notice: what it says for each family and decision, the appeal rights, the red-line site map, and
the PDF (bops-domain.md §6.3 for its contents; landscape.md §3.6 for what a notice must state)."""

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from bops.applications.catalogue import Family
from bops.applications.models import PlanningApplication
from bops.assessment.models import Condition, Decision, Informative, Recommendation
from bops.core.dates import format_date
from bops.core.pdf import render_pdf
from bops.decisions.models import CommitteeReferral, Determination

GRANTING = (Decision.GRANTED, Decision.APPROVED)
TCPA = "the Town and Country Planning Act 1990"


@dataclass(frozen=True)
class AppealRights:
    text: str
    deadline: date | None


def _add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 August + 6 = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def appeal_rights(application: PlanningApplication, decision: str, decided_on: date) -> AppealRights | None:
    """The applicant's right of appeal to the Secretary of State and its time limit (landscape.md §3.7):

    - householder planning applications refused: 12 weeks from the date of the decision notice (DMPO 2015
      art. 37(2)(a) as amended; Planning Portal guidance on appeal time limits);
    - other refusals, and grants with conditions (an appeal against the conditions), including prior approvals:
      6 months from the date of the decision notice (TCPA 1990 s78 and DMPO 2015 art. 37(2));
    - lawful development certificates refused: an appeal under TCPA 1990 s195, for which there is no general
      time limit (landscape.md §3.7);
    - a grant without conditions, or a prior approval not required: nothing to appeal against.
    """
    code = application.application_type.code
    family = application.application_type.family
    refused = decision == Decision.REFUSED
    if family == Family.LAWFUL_DEVELOPMENT_CERTIFICATE:
        if not refused:
            return None
        return AppealRights(
            f"If you disagree with this decision you may appeal to the Secretary of State under section 195 of "
            f"{TCPA}. There is no general time limit for this appeal.",
            None,
        )
    if refused and code.startswith("pp.full.householder"):
        deadline = decided_on + timedelta(weeks=12)
        period = "12 weeks"
    elif refused or (decision in GRANTING and application.conditions.exists()):
        deadline = _add_months(decided_on, 6)
        period = "6 months"
    else:
        return None
    against = "this decision" if refused else "the conditions of this decision"
    return AppealRights(
        f"If you disagree with {against} you may appeal to the Secretary of State under section 78 of {TCPA}. "
        f"You must appeal within {period} of the date of this notice, that is by {format_date(deadline)}. "
        "Appeals are made online through the Planning Inspectorate's appeals service.",
        deadline,
    )


def decision_words(application: PlanningApplication, decision: str) -> tuple[str, list[str]]:
    """The notice's heading and its decision paragraphs, in the words of the application's family."""
    family = application.application_type.family
    received = format_date(timezone.localtime(application.received_at).date())
    if application.application_type.code == "ldc.listedBuildingWorks":
        return _listed_building_words(decision, received)
    if family == Family.LAWFUL_DEVELOPMENT_CERTIFICATE:
        proposed = application.application_type.code.startswith("ldc.proposed")
        kind = "proposed" if proposed else "existing"
        section = "192" if proposed else "191"
        heading = f"Certificate of lawful use or development ({kind})"
        if decision != Decision.REFUSED:
            when = (
                "would have been lawful if begun on the date of the application"
                if proposed
                else "was lawful on the date of the application"
            )
            return heading, [
                f"The council certifies that on {received} the use or operations described in the First Schedule "
                f"to this certificate, on the land described in the Second Schedule, {when}, within the meaning "
                f"of section {section} of {TCPA}, for the reasons given below."
            ]
        return f"Refusal of a certificate of lawful use or development ({kind})", [
            f"The council refuses to issue a certificate under section {section} of {TCPA} for the use or "
            f"operations described in the First Schedule, on the land described in the Second Schedule, for the "
            "reasons given below."
        ]
    if family == Family.PRIOR_APPROVAL:
        words = {
            Decision.NOT_REQUIRED: "Prior approval is not required for the development described below.",
            Decision.APPROVED: "Prior approval is required and is given for the development described below.",
            Decision.REFUSED: "Prior approval is refused for the development described below.",
            Decision.GRANTED: "Prior approval is given for the development described below.",
        }
        return "Prior approval", [words[Decision(decision)]]
    granted = decision in GRANTING
    if family == Family.PRE_APPLICATION:
        acceptable = "acceptable" if granted else "not acceptable"
        return "Pre-application advice", [
            f"The council's advice is that the proposal described below is {acceptable}, for the reasons given "
            "below. This advice is not a decision on an application for planning permission."
        ]
    subject = "Planning permission" if family == Family.PLANNING_PERMISSION else "The application"
    heading = (
        "Planning permission" if family == Family.PLANNING_PERMISSION else application.application_type.spec.description
    )
    return heading, [
        f"{subject} is granted for the development described below"
        + (", subject to the conditions listed." if application.conditions.exists() else ".")
        if granted
        else f"{subject} is refused for the development described below."
    ]


def _listed_building_words(decision: str, received: str) -> tuple[str, list[str]]:
    """A certificate of lawfulness of proposed works to a listed building (Planning (Listed Buildings and
    Conservation Areas) Act 1990 s26H): the works are lawful when they would not affect its special interest."""
    act = "section 26H of the Planning (Listed Buildings and Conservation Areas) Act 1990"
    if decision != Decision.REFUSED:
        return "Certificate of lawfulness of proposed works to a listed building", [
            f"The council certifies that on {received} the works described in the First Schedule, to the listed "
            "building described in the Second Schedule, would have been lawful if begun on the date of the "
            f"application, within the meaning of {act}, for the reasons given below."
        ]
    return "Refusal of a certificate of lawfulness of proposed works to a listed building", [
        f"The council refuses to issue a certificate under {act} for the works described in the First Schedule, "
        "to the listed building described in the Second Schedule, for the reasons given below."
    ]


def conditions_for(application: PlanningApplication, decision: str) -> list[Condition]:
    """Conditions print only on a grant: approved pre-commencement conditions first (the applicant agreed them,
    TCPA 1990 s100ZA(5)), then the others; a pre-commencement condition not yet approved is left off."""
    if decision not in GRANTING:
        return []
    conditions = list(application.conditions.select_related("validation_request").order_by("position", "id"))
    pre = [
        c
        for c in conditions
        if c.pre_commencement and c.validation_request is not None and c.validation_request.approved
    ]
    return pre + [c for c in conditions if not c.pre_commencement]


def site_map_svg(boundary: dict[str, Any] | None, *, width: int = 400, height: int = 300) -> str:
    """The red line as an SVG path, drawn from the boundary alone (no map tiles), scaled to fit with a margin."""
    if not boundary:
        return ""
    geometry = boundary.get("geometry", boundary)
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    rings = [ring for polygon in polygons for ring in polygon if ring]
    points = [(float(x), float(y)) for ring in rings for x, y, *_ in ring]
    if not points:
        return ""
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    # Longitude degrees shrink with latitude; scale x so the shape is not stretched.
    aspect = math.cos(math.radians((min_y + max_y) / 2))
    span_x, span_y = max((max_x - min_x) * aspect, 1e-9), max(max_y - min_y, 1e-9)
    margin = 20
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)

    def project(x: float, y: float) -> str:
        return f"{margin + (x - min_x) * aspect * scale:.1f},{height - margin - (y - min_y) * scale:.1f}"

    path = " ".join("M " + " L ".join(project(x, y) for x, y, *_ in ring) + " Z" for ring in rings)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'role="img" aria-label="Site location: the red line boundary of the application site">'
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f3f2f1"/>'
        f'<path d="{path}" fill="rgba(212,53,28,0.15)" stroke="#d4351c" stroke-width="3"/></svg>'
    )


def notice_context(
    application: PlanningApplication, *, decision: str, reasons: str, decided_on: date | None, draft: bool
) -> dict[str, Any]:
    heading, paragraphs = decision_words(application, decision)
    committee = CommitteeReferral.objects.filter(application=application).first()
    return {
        "application": application,
        "council": application.council,
        "draft": draft,
        "heading": heading,
        "decision_label": Decision(decision).label,
        "paragraphs": paragraphs,
        "is_ldc": application.application_type.family == Family.LAWFUL_DEVELOPMENT_CERTIFICATE,
        "received_on": timezone.localtime(application.received_at).date(),
        "decided_on": decided_on,
        "reasons": reasons,
        "conditions": conditions_for(application, decision),
        "informatives": list(Informative.objects.filter(application=application).order_by("position", "id")),
        "committee": committee if committee and committee.decision else None,
        "plans": list(
            application.documents.filter(on_decision_notice=True, archived_at__isnull=True).order_by("received_at")
        ),
        "site_map": site_map_svg(application.boundary),
        "appeal": appeal_rights(application, decision, decided_on or timezone.localdate()),
        "closing_words": closing_words(application),
    }


def closing_words(application: PlanningApplication) -> str:
    """The council's own closing paragraph (administrators edit it with the other wording), or the default."""
    from bops.consultation.models import MessageTemplate
    from bops.consultation.templates import DEFAULTS, template_render

    own = MessageTemplate.objects.filter(council=application.council, kind=MessageTemplate.Kind.DECISION_NOTICE).first()
    body = own.body if own else DEFAULTS["decision_notice"][1]
    officer = application.assigned_officer
    council = application.council
    return template_render(
        body,
        {
            "reference": application.reference_in_full,
            "address": application.address,
            "officer": officer.name if officer else council.name,
            "council": council.name,
            "email": council.email,
            "phone": council.phone,
        },
    )


def decision_notice_pdf(application: PlanningApplication, *, determination: Determination) -> bytes:
    """The final notice, made once when the case is determined and stored as a case document."""
    context = notice_context(
        application,
        decision=determination.decision,
        reasons=determination.reasons,
        decided_on=determination.determined_on,
        draft=False,
    )
    return render_pdf("decisions/pdf/decision_notice.html", context)


def draft_notice_pdf(application: PlanningApplication, recommendation: Recommendation) -> bytes:
    """What the notice would say if the case were determined today on its latest recommendation."""
    context = notice_context(
        application, decision=recommendation.decision, reasons=recommendation.reasons, decided_on=None, draft=True
    )
    return render_pdf("decisions/pdf/decision_notice.html", context)


def summary_text(application: PlanningApplication, determination: Determination) -> str:
    """The notice in a few lines, for the message to the applicant and agent."""
    heading, paragraphs = decision_words(application, determination.decision)
    lines = [
        f"Application: {application.reference_in_full}",
        f"Site: {application.address}",
        f"Proposal: {application.description}",
        "",
        f"{heading}, decided on {format_date(determination.determined_on)}.",
        *paragraphs,
        "",
        f"Reasons: {determination.reasons}",
    ]
    rights = appeal_rights(application, determination.decision, determination.determined_on)
    if rights is not None:
        lines += ["", rights.text]
    return "\n".join(lines)
