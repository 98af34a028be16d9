"""The `submission` of a published case: a PrototypeApplication for its type, built from the case's own data.

The PostSubmissionPublishedApplication schema requires the full PrototypeApplication, whose fields include the
applicant's and agent's email and phone and the applicant's address; DPR shows the whole block as raw JSON. So it
is built here, field by field, from what may be public (BOPS's public whitelist, bops-api.md §2.6.5, is the
floor), never copied from the stored submission:

- applicant and agent: names (and the agent's company) only. Where the schema insists on contact details, the
  value is `REDACTED` (phone, address lines) or `REDACTED_EMAIL`, an address at the reserved `.invalid` domain
  (RFC 2606) that is a valid email and can never reach anyone. The applicant's address is
  `{"sameAsSiteAddress": true}` when it is the site, else a postal address of `REDACTED` lines;
- ownership: the certificate only; the other owners' names and addresses are never published;
- declaration: whether it is accurate and the kind of connection to the council, not its description (which
  names people);
- fee: the amounts and the non-personal reductions; `exemption.disability` is always false, because it says
  something about a person's health (UK GDPR art. 9): read it as "not stated";
- `responses` (the PlanX question transcript) is always empty: its answers include names, contact details and
  personal circumstances in free text, and no question list can be proved safe;
- `files`: the published documents only, named by their register address.

Where the schema requires facts this system does not hold (the property type, the ward, advert or hedgerow
details, the PlanX service block of a case made by hand), the values are neutral and say so: `unclassified`, empty
text, zero counts, `false` flags, and a service block naming the register page.
"""

import uuid
from typing import Any

from pyproj import Transformer

from bops.applications.models import ApplicationConstraint, PlanningApplication
from bops.documents.models import Document
from bops.register.odp_comments import PROTOTYPE_FILE_TYPES, document_url, file_types, is_public_document, utc
from bops.submissions.models import SubmittedDetails
from bops.validation.constraints import CONSTRAINTS

REDACTED = "REDACTED"
REDACTED_EMAIL = "redacted@redacted.invalid"

PROTOTYPE_SCHEMA = (
    "https://theopensystemslab.github.io/digital-planning-data-schemas/@next/schemas/prototypeApplication.json"
)
# A namespace of this system's own, for ids that must be UUIDs and stable (metadata ids, the service flow id).
ID_NAMESPACE = uuid.UUID("5b0e3c1e-8f3a-4a6f-9d1e-2f6a0c9b7d41")
# The Council model holds no region yet: every council this system serves today is a London borough.
DEFAULT_REGION = "London"
UNCLASSIFIED = "unclassified"

_TO_BNG = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)

# Which variant of each part of `data` a type's schema branch takes (types/schemas/prototypeApplication/data/*.ts).
PP_APPLICANT = frozenset(
    {"listed", "pp.full.householder", "pp.full.householder.retro", "pp.full.minor", "pp.full.major"}
)
LDC_APPLICANT = frozenset({"ldc.breachOfCondition", "ldc.existing", "ldc.proposed"})
INTEREST_APPLICANT = frozenset({"advertConsent", "hedgerowRemovalNotice", "landDrainageConsent"})
FEE_CARRYING = frozenset(
    {
        "advertConsent",
        "complianceConfirmation",
        "landDrainageConsent",
        "ldc.breachOfCondition",
        "ldc.existing",
        "ldc.proposed",
        "pa.part1.classA",
        "pa.part3.classMA",
        "pa.part7.classM",
        "pa.part14.classJ",
        "pa.part20.classAB",
        "pp.full.householder",
        "pp.full.householder.retro",
        "pp.full.minor",
        "pp.full.major",
    }
)
NOT_FEE_CARRYING = frozenset(
    {"hedgerowRemovalNotice", "ldc.listedBuildingWorks", "listed", "wtt.consent", "wtt.notice"}
)
GEOGRAPHY_PROPOSAL = frozenset(
    {
        "landDrainageConsent",
        "ldc.breachOfCondition",
        "ldc.existing",
        "ldc.listedBuildingWorks",
        "ldc.proposed",
        "listed",
        "pa.part1.classA",
        "pa.part3.classMA",
        "pa.part7.classM",
        "pa.part14.classJ",
        "pa.part20.classAB",
        "pp.full.householder",
        "pp.full.householder.retro",
        "pp.full.minor",
        "pp.full.major",
    }
)
CONNECTIONS = ("employee", "relation.employee", "electedMember", "relation.electedMember", "none")
CERTIFICATES = ("a", "b", "c", "d")


def needs_pre_assessment(code: str) -> bool:
    return code in ("ldc.existing", "ldc.proposed") or code.startswith("pa.")


def case_id(application: PlanningApplication, *, council_code: str) -> str:
    """A stable UUID for the case: the same on every call, different for every council and reference."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{council_code}/{application.reference}"))


# --- People ----------------------------------------------------------------------------------------------------


def split_name(name: str) -> dict[str, str]:
    """ODP's {first, last} from one name: the last word is the last name."""
    words = name.split()
    if len(words) < 2:
        return {"first": name.strip(), "last": ""}
    return {"first": " ".join(words[:-1]), "last": words[-1]}


def _normal(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def same_as_site(application: PlanningApplication) -> bool:
    """The applicant's address is the site when it names the site's first line and postcode."""
    given = _normal(application.applicant_address)
    return bool(given) and _normal(application.address_line_1) in given and _normal(application.postcode) in given


REDACTED_POSTAL = {"line1": REDACTED, "town": REDACTED, "postcode": REDACTED}


def _ownership(code: str, details: SubmittedDetails | None) -> dict[str, Any] | None:
    if code in LDC_APPLICANT or code in INTEREST_APPLICANT:
        return {"interest": "owner"}
    if code in PP_APPLICANT:
        certificate = str((details.ownership if details else {}).get("certificate", "")).lower()
        return {
            "interest": "owner",
            "certificate": certificate if certificate in CERTIFICATES else "a",
            "declaration": {"accurate": True},
        }
    return None


def applicant(application: PlanningApplication, *, details: SubmittedDetails | None) -> dict[str, Any]:
    """`data.applicant`: names only; the schema's contact fields are redaction values (module docstring)."""
    person: dict[str, Any] = {
        "name": split_name(application.applicant_name),
        "email": REDACTED_EMAIL,
        "phone": {"primary": REDACTED},
        "address": {"sameAsSiteAddress": True}
        if same_as_site(application)
        else {"sameAsSiteAddress": False, **REDACTED_POSTAL},
    }
    ownership = _ownership(application.application_type.code, details)
    if ownership is not None:
        person["ownership"] = ownership
    if application.agent_name.strip():
        agent: dict[str, Any] = {
            "name": split_name(application.agent_name),
            "email": REDACTED_EMAIL,
            "phone": {"primary": REDACTED},
            "address": dict(REDACTED_POSTAL),
        }
        if application.agent_company.strip():
            agent["company"] = {"name": application.agent_company.strip()}
        person["agent"] = agent
    return person


def user_role(application: PlanningApplication, *, details: SubmittedDetails | None) -> str:
    if details is not None:
        return "agent" if details.agent_acts else "applicant"
    return "agent" if application.agent_name.strip() else "applicant"


# --- Application: declaration and fee -------------------------------------------------------------------------


def declaration(details: SubmittedDetails | None) -> dict[str, Any]:
    """The declaration without its description (which names the people connected to the council)."""
    given = details.declarations if details else {}
    connection = given.get("connection") if isinstance(given.get("connection"), dict) else {}
    value = connection.get("value") if connection else None
    return {
        "accurate": given.get("accurate", True) is True,
        "connection": {"value": value if value in CONNECTIONS else "none"},
    }


def _amount(value: Any) -> float:
    try:
        return float(value) if value not in (None, "") else 0.0
    except (TypeError, ValueError):
        return 0.0


def fee(details: SubmittedDetails | None) -> dict[str, Any]:
    """An ODP Fee from the stored fee: amounts and reductions; the disability exemption is never stated."""
    stored = details.fee if details else {}
    reductions = set(stored.get("reductions") or [])
    exemptions = set(stored.get("exemptions") or [])
    return {
        "calculated": _amount(stored.get("calculated")),
        "payable": _amount(stored.get("payable")),
        "exemption": {"disability": False, "resubmission": "resubmission" in exemptions},
        "reduction": {name: name in reductions for name in ("alternative", "parishCouncil", "sports")},
    }


def application_data(code: str, *, details: SubmittedDetails | None) -> dict[str, Any]:
    data: dict[str, Any] = {"declaration": declaration(details)}
    if code in FEE_CARRYING:
        data["fee"] = fee(details)
    elif code in NOT_FEE_CARRYING:
        data["fee"] = {"notApplicable": True}
    return data


# --- Property and proposal -------------------------------------------------------------------------------------


def site_address(application: PlanningApplication) -> dict[str, Any]:
    """A ProposedAddress: the OS form needs a USRN, which this system does not hold. A case with no location has
    zero coordinates (the schema requires numbers)."""
    latitude, longitude = application.latitude or 0.0, application.longitude or 0.0
    x, y = _TO_BNG.transform(longitude, latitude) if application.latitude is not None else (0.0, 0.0)
    return {
        "source": "Proposed by applicant",
        "title": application.address,
        "latitude": latitude,
        "longitude": longitude,
        "x": round(x, 2),
        "y": round(y, 2),
    }


def boundary(application: PlanningApplication) -> dict[str, Any] | None:
    if not application.boundary:
        return None
    area = application.boundary_area_m2 or 0.0
    return {"site": application.boundary, "area": {"squareMetres": round(area, 2), "hectares": round(area / 10_000, 4)}}


def designations(constraints: list[ApplicationConstraint]) -> list[dict[str, Any]]:
    """The site's current constraints as intersecting ODP designations, with ODP's own names."""
    return [
        {"value": c.code, "description": CONSTRAINTS.get(c.code, c.description), "intersects": True}
        for c in constraints
        if c.removed_at is None
    ]


def property_data(application: PlanningApplication, *, constraints: list[ApplicationConstraint]) -> dict[str, Any]:
    """`data.property`. DPR draws `property.boundary`; this system holds no title boundary, so the red line is
    given there too."""
    item: dict[str, Any] = {
        "address": site_address(application),
        "localAuthorityDistrict": [application.council.name],
        "region": DEFAULT_REGION,
        "type": UNCLASSIFIED,
        "ward": "",
        "planning": {"sources": [], "designations": designations(constraints)},
    }
    red_line = boundary(application)
    if red_line is not None:
        item["boundary"] = red_line
    return item


def proposal(application: PlanningApplication) -> dict[str, Any]:
    code = application.application_type.code
    item: dict[str, Any] = {"description": application.description}
    if code in GEOGRAPHY_PROPOSAL:
        item["projectType"] = []
    elif code == "advertConsent":
        del item["description"]
        item.update(
            advertType="",
            advertisementDetails={"other": 0, "fascia": 0, "hoarding": 0, "projecting": 0},
            communityConsultation=False,
            date={},
            existingAdvertRemovedOrReplaced=False,
            highwayProjection=False,
            otherAdvertisements=False,
            visibility={"public": False},
        )
    elif code == "hedgerowRemovalNotice":
        del item["description"]
        item.update(hedgerowAgeLessThanThirty=False, hedgerowLength={"metres": 0}, reason=application.description)
    red_line = boundary(application)
    if red_line is not None:
        item["boundary"] = red_line
    return item


# --- Files and metadata ----------------------------------------------------------------------------------------


def submission_files(
    application: PlanningApplication, *, documents: list[Document], base_url: str
) -> list[dict[str, Any]]:
    return [
        {"name": document_url(application=application, document=d, base_url=base_url), "type": file_types(d)}
        for d in documents
        if is_public_document(d)
    ]


def _requested(details: SubmittedDetails | None) -> dict[str, list[str]]:
    asked = details.requested_files if details else {}
    return {
        level: [f["value"] for f in asked.get(level, []) if f.get("value") in PROTOTYPE_FILE_TYPES]
        for level in ("required", "recommended", "optional")
    }


def metadata(
    application: PlanningApplication, *, council_code: str, details: SubmittedDetails | None, base_url: str
) -> dict[str, Any]:
    """The prototype schema accepts only PlanX metadata; a case made by hand names the register page as its
    service, with a flow id derived from its type."""
    code = application.application_type.code
    return {
        "id": case_id(application, council_code=council_code),
        "organisation": council_code[:4],
        "submittedAt": utc(application.submitted_at),
        "schema": PROTOTYPE_SCHEMA,
        "source": "PlanX",
        "service": {
            "flowId": str(uuid.uuid5(ID_NAMESPACE, f"flow/{council_code}/{code}")),
            "url": f"{base_url}/planning-applications/{application.reference}",
            "files": _requested(details),
            "fee": {"calculated": [], "payable": []} if code in FEE_CARRYING else {"notApplicable": True},
        },
    }


def prototype_application(
    application: PlanningApplication,
    *,
    council_code: str,
    details: SubmittedDetails | None,
    constraints: list[ApplicationConstraint],
    documents: list[Document],
    base_url: str,
) -> dict[str, Any]:
    """The case as a PrototypeApplication of its type (module docstring: what is left out, what is neutral)."""
    code = application.application_type.code
    item: dict[str, Any] = {
        "applicationType": code,
        "data": {
            "user": {"role": user_role(application, details=details)},
            "applicant": applicant(application, details=details),
            "application": application_data(code, details=details),
            "property": property_data(application, constraints=constraints),
            "proposal": proposal(application),
        },
        "responses": [],
        "files": submission_files(application, documents=documents, base_url=base_url),
        "metadata": metadata(application, council_code=council_code, details=details, base_url=base_url),
    }
    if needs_pre_assessment(code):
        item["preAssessment"] = []
    return item
