"""What the case's own data says about each check that can be confirmed together, so the batch confirmation
ticks a check only where that data supports it and shows the evidence beside the tick (issue 11, defect 7).

A legal check (the fee, CIL, EIA, ownership, the required documents, the constraints) is ticked in advance only
when the applicant's submission answered it, and the hint says what they answered; otherwise it is left for the
officer, with a hint saying what to look at. The officer's ticking is the confirmation either way: nothing here
completes a check.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bops.applications.models import PlanningApplication
from bops.core.dates import format_date
from bops.submissions.models import SubmittedDetails
from bops.submissions.odp_fields import Reader
from bops.validation.reporting import DEVELOPMENT_TYPES, development_types_for
from bops.validation.selectors import RequiredDocument


@dataclass(frozen=True)
class Evidence:
    """The hint beside a check's tick, and whether the data supports ticking it in advance."""

    text: str
    supports: bool


#: EIA Regulations 2017 reg. 2(1) "sensitive area": SSSIs, National Parks and the Broads, World Heritage Sites,
#: scheduled monuments, Areas of Outstanding Natural Beauty and European sites (SACs and SPAs; Ramsar sites are
#: treated alike by policy). Matched on the ODP designation codes, and on their sub-codes.
SENSITIVE_AREA_CODES = (
    "nature.SSSI",
    "designated.nationalPark",
    "designated.WHS",
    "monument",
    "designated.AONB",
    "nature.SAC",
    "nature.SPA",
    "nature.ramsarSite",
)

#: The CIL answers of an ODP submission (`data.application.CIL.result`) that mean the development is not
#: liable, with the provision of the CIL Regulations 2010 that exempts it.
CIL_EXEMPT = {
    "exempt.annexe": "exempt as a residential annexe (CIL Regulations 2010 reg. 42A)",
    "exempt.extension": "exempt as a residential extension (CIL Regulations 2010 reg. 42B)",
    "exempt.selfBuild": "exempt as self-build housing (CIL Regulations 2010 reg. 54A)",
}
#: Answers that mean the development is liable (a relief reduces what is paid; it is still liable).
CIL_LIABLE = {
    "liable": "liable for CIL",
    "relief.charity": "liable for CIL, with charitable relief claimed (CIL Regulations 2010 reg. 43)",
    "relief.socialHousing": "liable for CIL, with social housing relief claimed (CIL Regulations 2010 reg. 49)",
}


def _submitted(application: PlanningApplication) -> SubmittedDetails | None:
    return SubmittedDetails.objects.filter(application=application).select_related("submission").first()


def cil_answer(details: SubmittedDetails | None) -> str:
    """`data.application.CIL.result` of the stored ODP body ('' when there is none, or it is not text)."""
    if details is None or details.submission is None:
        return ""
    try:
        payload = json.loads(details.submission.body_text)
    except ValueError:
        return ""
    if not isinstance(payload, dict):
        return ""
    r = Reader()
    application = r.obj(r.obj(payload, "", "data"), "/data", "application")
    return r.text(r.obj(application, "/data/application", "CIL"), "/data/application/CIL", "result")


def _area(square_metres: float | None) -> str:
    if not square_metres:
        return "a red line boundary"
    if square_metres >= 10_000:
        return f"a red line boundary of {square_metres / 10_000:,.2f} hectares"
    return f"a red line boundary of {square_metres:,.0f} square metres"


def _money(value: Any) -> str:
    text = str(value)
    return f"£{text[:-3] if text.endswith('.00') else text}"


def _fee(details: SubmittedDetails | None) -> Evidence:
    fee = details.fee if details is not None else {}
    if not fee:
        return Evidence("No fee came with the application: check the payment records before ticking.", False)
    claims = [*fee.get("exemptions", []), *fee.get("reductions", [])]
    if claims:
        return Evidence(
            f"The applicant claimed {', '.join(claims)} in the submission: check the claim before ticking.", False
        )
    payable, calculated, reference = fee.get("payable"), fee.get("calculated"), fee.get("payment_reference")
    if payable is None or calculated is None or payable != calculated:
        return Evidence("The fee paid is not the fee the service worked out: open Check fee.", False)
    if float(payable) > 0 and reference:
        return Evidence(
            f"The applicant paid {_money(payable)} in the submission (GOV.UK Pay reference {reference}), the fee "
            "the service worked out, with no exemption or reduction claimed.",
            True,
        )
    return Evidence("The submission shows no payment: check the payment records before ticking.", False)


def _cil(details: SubmittedDetails | None) -> Evidence:
    answer = cil_answer(details)
    if answer in CIL_EXEMPT:
        return Evidence(f"The applicant answered in the submission that the development is {CIL_EXEMPT[answer]}.", True)
    if answer in CIL_LIABLE:
        return Evidence(
            f"The applicant answered in the submission that the development is {CIL_LIABLE[answer]}: open Confirm CIL.",
            False,
        )
    return Evidence("The application does not say whether the development is liable for CIL: check it.", False)


def _sensitive(codes: Iterable[str]) -> list[str]:
    return [code for code in codes if any(code == s or code.startswith(f"{s}.") for s in SENSITIVE_AREA_CODES)]


def _eia(application: PlanningApplication, details: SubmittedDetails | None, constraints: list[Any]) -> Evidence:
    code = application.application_type.code
    if not code.startswith("pp.full.householder"):
        return Evidence(
            "Check whether the development is in Schedule 1 or 2 of the EIA Regulations 2017 before ticking.", False
        )
    in_sensitive = _sensitive(c.code for c in constraints)
    if in_sensitive:
        names = ", ".join(c.description for c in constraints if c.code in in_sensitive)
        return Evidence(
            f"The site is in {names}, a sensitive area (EIA Regulations 2017 reg. 2(1)): check whether "
            "the development needs screening.",
            False,
        )
    if details is None or not details.designations:
        return Evidence(
            "No planning data came with the application to show the site is outside every sensitive area "
            "(EIA Regulations 2017 reg. 2(1)): check before ticking.",
            False,
        )
    return Evidence(
        "Householder development, on a site the submission's planning data shows outside every sensitive area "
        "(EIA Regulations 2017 reg. 2(1)), is not Schedule 1 or 2 development.",
        True,
    )


def _owners(owners: list[Any]) -> str:
    parts = []
    for owner in owners:
        name = owner.get("name") if isinstance(owner, dict) else None
        text = name if isinstance(name, str) else "an owner"
        given = owner.get("noticeDate") if isinstance(owner, dict) else None
        if isinstance(given, str):
            try:
                text += f" on {format_date(date.fromisoformat(given))}"
            except ValueError:
                text += f" on {given}"
        parts.append(text)
    return ", ".join(parts)


def _ownership(details: SubmittedDetails | None) -> Evidence:
    ownership = details.ownership if details is not None else {}
    certificate = str(ownership.get("certificate") or "").lower() if ownership else ""
    owners = [o for o in ownership.get("owners", []) if isinstance(o, dict)] if ownership else []
    if certificate == "a":
        return Evidence(
            "The applicant answered certificate A in the submission: nobody else owns the land (DMPO 2015 art. 14).",
            True,
        )
    if certificate == "b" and owners and all(isinstance(o.get("noticeDate"), str) for o in owners):
        return Evidence(
            f"The applicant answered certificate B in the submission, with notice given to {_owners(owners)} "
            "(DMPO 2015 art. 13 and 14).",
            True,
        )
    if certificate in ("b", "c", "d"):
        return Evidence(
            f"The applicant answered certificate {certificate.upper()} in the submission: check the notices "
            "before ticking.",
            False,
        )
    return Evidence("No ownership certificate came with the application: open Check ownership certificate.", False)


def _constraints(details: SubmittedDetails | None, constraints: list[Any], *, changed: bool) -> Evidence:
    names = ", ".join(c.description for c in constraints) or "no constraints"
    if changed:
        return Evidence(f"As you left them: {names}.", True)
    if details is None or not details.designations:
        return Evidence(
            "No planning data came with the application: check the site's constraints before ticking.", False
        )
    return Evidence(f"The submission checked the site against planning data and found {names}.", True)


def _documents(required: list[RequiredDocument]) -> Evidence:
    if not required:
        return Evidence(
            "Neither the submission nor the council's list names the documents this application needs: "
            "check them before ticking.",
            False,
        )
    here = [r.description for r in required if r.present]
    asked = [r.description for r in required if r.requested and not r.present]
    text = f"Required and here: {', '.join(here) or 'none'}."
    if asked:
        text += f" Requested: {', '.join(asked)}."
    return Evidence(text, True)


def confirm_evidence(
    *,
    application: PlanningApplication,
    slugs: Iterable[str],
    required: list[RequiredDocument],
    in_progress: Iterable[str] = (),
) -> dict[str, Evidence]:
    """The evidence for each of `slugs` (the checks offered for confirming together). `in_progress` are the
    checks the officer has already worked on (for the constraints: added or removed one)."""
    wanted = set(slugs)
    details = _submitted(application) if wanted & {"fee", "cil", "eia", "ownership", "constraints"} else None
    constraints = (
        list(application.constraints.filter(removed_at__isnull=True)) if wanted & {"eia", "constraints"} else []
    )
    spec = application.application_type.spec
    found: dict[str, Evidence] = {}
    for slug in wanted:
        if slug == "boundary":
            found[slug] = Evidence(
                f"The case has {_area(application.boundary_area_m2)}: see it on the case page.", True
            )
        elif slug == "constraints":
            found[slug] = _constraints(details, constraints, changed=slug in set(in_progress))
        elif slug == "description":
            found[slug] = Evidence(f"“{application.description}”", True)
        elif slug == "fee":
            found[slug] = _fee(details)
        elif slug == "reporting":
            allowed = development_types_for(code=spec.code, family=spec.family, is_major=spec.is_major)
            only = allowed[0] if len(allowed) == 1 else ""
            found[slug] = Evidence(f"{only}: {DEVELOPMENT_TYPES.get(only, only)}.", bool(only))
        elif slug == "cil":
            found[slug] = _cil(details)
        elif slug == "eia":
            found[slug] = _eia(application, details, constraints)
        elif slug == "ownership":
            found[slug] = _ownership(details)
        elif slug == "check-documents":
            found[slug] = _documents(required)
        elif slug == "other-requests":
            found[slug] = Evidence("Nothing else to ask the applicant.", True)
    return found
