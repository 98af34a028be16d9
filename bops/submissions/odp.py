"""Typed reading of an Open Digital Planning (ODP) `Application` submission, the body PlanX posts.

`parse_application` turns the JSON into frozen dataclasses holding the fields intake uses, or raises
`OdpError` listing every problem it found, each as a JSON Pointer into the body and a plain-English message
for the sender's IT team. It is deliberately lenient about anything intake does not read; strict checking
against the official JSON Schema is `bops.submissions.schema.validate_strictly`. Boundary geometry is only
checked to be an object here: `bops.applications.boundary.parse_boundary` judges whether it is usable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from bops.submissions.odp_fields import OdpError, PointerError, Reader, is_http_url

__all__ = [
    "SUPPORTED_VERSIONS",
    "OdpApplication",
    "OdpDesignation",
    "OdpError",
    "OdpFee",
    "OdpFile",
    "OdpOwnership",
    "OdpPerson",
    "OdpResponse",
    "OdpSite",
    "PointerError",
    "SchemaRef",
    "parse_application",
    "parse_schema_url",
]

SCHEMA_HOST = "theopensystemslab.github.io"
SCHEMA_EXAMPLE = f"https://{SCHEMA_HOST}/digital-planning-data-schemas/v0.7.7/schemas/application.json"
SUPPORTED_VERSIONS = tuple(f"v0.7.{patch}" for patch in range(8))
_SCHEMA_PATH = re.compile(
    r"^/digital-planning-data-schemas/(?P<version>v\d+\.\d+\.\d+|@next)/(?:schema|schemas/(?P<name>[A-Za-z]+))\.json$"
)


@dataclass(frozen=True)
class SchemaRef:
    """What `metadata.schema` names: a version ("v0.7.7") and a schema ("application", "preApplication"…)."""

    url: str
    version: str
    name: str


def parse_schema_url(url: object) -> SchemaRef | None:
    """Read an ODP schema URL the way BOPS does; the pre-0.7.1 `…/vX.Y.Z/schema.json` form means "application"."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    match = _SCHEMA_PATH.match(parts.path)
    if parts.scheme not in ("http", "https") or parts.netloc != SCHEMA_HOST or not match:
        return None
    return SchemaRef(url=url.strip(), version=match["version"], name=match["name"] or "application")


@dataclass(frozen=True)
class OdpPerson:
    first_name: str
    last_name: str
    email: str
    phone: str
    address_text: str  # "" when the address is the site's (`sameAsSiteAddress`) or not given
    company: str

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True)
class OdpSite:
    line_1: str
    line_2: str
    town: str
    postcode: str
    uprn: str
    usrn: str
    latitude: float | None
    longitude: float | None
    x: float | None
    y: float | None
    title: str


@dataclass(frozen=True)
class OdpFile:
    url: str
    filename: str
    tags: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class OdpDesignation:
    value: str
    description: str
    intersects: bool
    entities: tuple[dict, ...]


@dataclass(frozen=True)
class OdpFee:
    payable: Decimal | None = None
    calculated: Decimal | None = None
    exemptions: tuple[str, ...] = ()  # the flags set to true in `fee.exemption`, e.g. ("disability",)
    reductions: tuple[str, ...] = ()  # likewise for `fee.reduction`, e.g. ("parishCouncil",)
    payment_reference: str = ""  # `fee.reference.govPay`
    payment_amount: Decimal | None = None  # what BOPS records as paid: `payable` (0 when no fee applies)
    not_applicable: bool = False  # `{"notApplicable": true}`


@dataclass(frozen=True)
class OdpResponse:
    question: str
    answers: tuple[str, ...]
    metadata: dict


@dataclass(frozen=True)
class OdpOwnership:
    certificate: str
    owners: tuple[dict, ...]


@dataclass(frozen=True)
class OdpApplication:
    schema_url: str
    schema_version: str
    schema_name: str
    metadata_id: str
    source: str
    submitted_at: datetime
    application_type_code: str
    site: OdpSite
    boundary: dict | None
    description: str
    applicant: OdpPerson
    agent: OdpPerson | None
    agent_acts: bool
    responses: tuple[OdpResponse, ...]
    designations: tuple[OdpDesignation, ...]
    fee: OdpFee
    declarations: dict
    ownership: OdpOwnership | None
    files: tuple[OdpFile, ...]
    raw: dict = field(repr=False)
    application_type_description: str = ""
    designation_sources: tuple[str, ...] = ()
    organisation: str = ""
    user_role: str = ""
    # `metadata.service.files`: the file types the service asked for, {"required": [(value, description)], ...}.
    requested_files: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


def parse_application(payload: object) -> OdpApplication:
    """Read an ODP v0.7.x `Application` body, or raise `OdpError` listing every problem found."""
    if not isinstance(payload, dict):
        raise OdpError([PointerError("", "must be a JSON object")])
    r = Reader()
    metadata = r.obj(payload, "", "metadata", required=True)
    ref = _schema_ref(r, metadata)
    submitted_at = _submitted_at(r, metadata)
    data = r.obj(payload, "", "data", required=True)
    application = r.obj(data, "/data", "application", required=True)
    app_type = r.obj(application, "/data/application", "type", required=True)
    type_code = r.text(app_type, "/data/application/type", "value", required=True)
    proposal = r.obj(data, "/data", "proposal", required=True)
    description = r.text(proposal, "/data/proposal", "description", required=True)
    boundary = r.obj(r.obj(proposal, "/data/proposal", "boundary"), "/data/proposal/boundary", "site")
    applicant_block = r.obj(data, "/data", "applicant", required=True)
    applicant = _person(r, applicant_block, "/data/applicant", name_required=True)
    agent_block = r.obj(applicant_block, "/data/applicant", "agent")
    agent = _person(r, agent_block, "/data/applicant/agent") if agent_block is not None else None
    if applicant_block is not None and not applicant.email and not (agent and agent.email):
        r.error("/data/applicant/email", "is required: give the applicant's or the agent's email address")
    user_role = r.text(r.obj(data, "/data", "user"), "/data/user", "role")
    prop = r.obj(data, "/data", "property", required=True)
    site = _site(r, prop)
    planning = r.obj(prop, "/data/property", "planning")
    sources = r.array(planning, "/data/property/planning", "sources")
    designations = _designations(r, planning)
    fee = _fee(r, r.obj(application, "/data/application", "fee"))
    declarations = r.obj(application, "/data/application", "declaration") or {}
    ownership = _ownership(r, r.obj(applicant_block, "/data/applicant", "ownership"))
    responses = _responses(r, payload)
    files = _files(r, payload)
    applicant_type = r.text(applicant_block, "/data/applicant", "type")
    type_description = r.text(app_type, "/data/application/type", "description")
    metadata_id, source = r.text(metadata, "/metadata", "id"), r.text(metadata, "/metadata", "source")
    organisation = r.text(metadata, "/metadata", "organisation")
    requested_files = _requested_files(r, metadata)
    if r.errors or ref is None or submitted_at is None:
        raise OdpError(r.errors)
    return OdpApplication(
        schema_url=ref.url,
        schema_version=ref.version,
        schema_name=ref.name,
        metadata_id=metadata_id,
        source=source,
        submitted_at=submitted_at,
        application_type_code=type_code,
        site=site,
        boundary=boundary,
        description=description,
        applicant=applicant,
        agent=agent,
        agent_acts=agent is not None or "agent" in (applicant_type, user_role),
        responses=responses,
        designations=designations,
        fee=fee,
        declarations=declarations,
        ownership=ownership,
        files=files,
        raw=payload,
        application_type_description=type_description,
        designation_sources=tuple(url for url in sources if isinstance(url, str)),
        organisation=organisation,
        user_role=user_role,
        requested_files=requested_files,
    )


def _requested_files(r: Reader, metadata: dict | None) -> dict[str, tuple[tuple[str, str], ...]]:
    base = "/metadata/service/files"
    files = r.obj(r.obj(metadata, "/metadata", "service"), "/metadata/service", "files")
    found = {}
    for level in ("required", "recommended", "optional"):
        found[level] = tuple(
            (r.text(item, at, "value", required=True), r.text(item, at, "description"))
            for at, item in r.objects(files, base, level)
        )
    return found


def _schema_ref(r: Reader, metadata: dict | None) -> SchemaRef | None:
    url = r.text(metadata, "/metadata", "schema", required=True)
    if not url:
        return None
    ref = parse_schema_url(url)
    if ref is None:
        r.error("/metadata/schema", f"is not an ODP schema URL; expected one like {SCHEMA_EXAMPLE}")
    elif ref.name != "application":
        r.error("/metadata/schema", f"names the {ref.name} schema; send an application (…/schemas/application.json)")
    elif ref.version not in SUPPORTED_VERSIONS:
        r.error(
            "/metadata/schema",
            f"schema version {ref.version} is not supported; send {SUPPORTED_VERSIONS[0]} to {SUPPORTED_VERSIONS[-1]}",
        )
    else:
        return ref
    return None


def _submitted_at(r: Reader, metadata: dict | None) -> datetime | None:
    text = r.text(metadata, "/metadata", "submittedAt", required=True)
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.upper())  # ODP allows "t" and "z"; Python wants capitals
    except ValueError:
        value = None
    if value is None or value.tzinfo is None:
        r.error("/metadata/submittedAt", "must be a date and time with a time zone, like 2024-05-01T09:30:00Z")
        return None
    return value


def _person(r: Reader, block: dict | None, base: str, *, name_required: bool = False) -> OdpPerson:
    name = r.obj(block, base, "name", required=name_required)
    address = r.obj(block, base, "address")
    lines = ("line1", "line2", "town", "county", "postcode", "country")
    if address is not None and address.get("sameAsSiteAddress") is True:
        address = None  # BOPS leaves the contact address blank when it is the site's
    address_text = ", ".join(filter(None, (r.text(address, f"{base}/address", key) for key in lines)))
    return OdpPerson(
        first_name=r.text(name, f"{base}/name", "first", required=name_required),
        last_name=r.text(name, f"{base}/name", "last", required=name_required),
        email=r.email(block, base),
        phone=r.nested_text(block, base, "phone", "primary"),
        address_text=address_text,
        company=r.nested_text(block, base, "company", "name"),
    )


def _site(r: Reader, prop: dict | None) -> OdpSite:
    base = "/data/property/address"
    address = r.obj(prop, "/data/property", "address", required=True)

    def span(start: str, end: str) -> str:  # an OS range such as flats 1 to 3, joined with an en dash
        first, last = r.text(address, base, start), r.text(address, base, end)
        return f"{first}–{last}" if first and last else first or last

    title = r.text(address, base, "title")
    line_1 = ", ".join(filter(None, (span("sao", "saoEnd"), span("pao", "paoEnd"), r.text(address, base, "street"))))
    if address is not None and not (line_1 or title):
        r.error(f"{base}/title", "is required when there is no street address")
    return OdpSite(
        line_1=line_1 or title,
        line_2=r.text(address, base, "organisation"),
        town=r.text(address, base, "town"),
        postcode=r.text(address, base, "postcode"),
        uprn=r.code(address, base, "uprn"),
        usrn=r.code(address, base, "usrn"),
        latitude=r.number(address, base, "latitude", low=-90, high=90),
        longitude=r.number(address, base, "longitude", low=-180, high=180),
        x=r.number(address, base, "x"),
        y=r.number(address, base, "y"),
        title=title,
    )


def _designations(r: Reader, planning: dict | None) -> tuple[OdpDesignation, ...]:
    found = []
    for at, item in r.objects(planning, "/data/property/planning", "designations"):
        found.append(
            OdpDesignation(
                value=r.text(item, at, "value", required=True),
                description=r.text(item, at, "description"),
                intersects=r.flag(item, at, "intersects") is True,
                entities=tuple(entity for _, entity in r.objects(item, at, "entities")),
            )
        )
    return tuple(found)


def _fee(r: Reader, fee: dict | None) -> OdpFee:
    base = "/data/application/fee"
    if fee is None:
        return OdpFee()
    not_applicable = r.flag(fee, base, "notApplicable") is True
    payable = r.money(fee, base, "payable")

    def flags(key: str) -> tuple[str, ...]:
        return tuple(name for name, value in (r.obj(fee, base, key) or {}).items() if value is True)

    return OdpFee(
        payable=payable,
        calculated=r.money(fee, base, "calculated"),
        exemptions=flags("exemption"),
        reductions=flags("reduction"),
        payment_reference=r.text(r.obj(fee, base, "reference"), f"{base}/reference", "govPay"),
        payment_amount=Decimal("0.00") if payable is None and not_applicable else payable,
        not_applicable=not_applicable,
    )


def _ownership(r: Reader, ownership: dict | None) -> OdpOwnership | None:
    if ownership is None:
        return None
    base = "/data/applicant/ownership"
    owners = tuple(owner for _, owner in r.objects(ownership, base, "owners"))
    return OdpOwnership(certificate=r.text(ownership, base, "certificate").lower(), owners=owners)


def _responses(r: Reader, payload: dict) -> tuple[OdpResponse, ...]:
    found = []
    for at, item in r.objects(payload, "", "responses"):
        question = r.text(item, at, "question", required=True)
        given = item.get("responses")
        if isinstance(given, str):
            answers: tuple[str, ...] = (given,)
        elif isinstance(given, list):
            answers = tuple(_answer(r, answer, f"{at}/responses/{index}") for index, answer in enumerate(given))
        else:
            answers = ()
            if given is not None:
                r.error(f"{at}/responses", "must be a list of answers or text")
        found.append(OdpResponse(question=question, answers=answers, metadata=r.obj(item, at, "metadata") or {}))
    return tuple(found)


def _answer(r: Reader, answer: Any, at: str) -> str:
    if isinstance(answer, str):
        return answer
    if isinstance(answer, dict):
        return r.text(answer, at, "value")
    r.error(at, "must be an object with a value")
    return ""


def _files(r: Reader, payload: dict) -> tuple[OdpFile, ...]:
    found = []
    for at, item in r.objects(payload, "", "files"):
        url = r.text(item, at, "name", required=True)
        if url and not is_http_url(url):
            r.error(f"{at}/name", "must be an http(s) URL")
        tags = []
        for index, tag in enumerate(r.array(item, at, "type")):
            # ODP Application tags are {value, description}; PrototypeApplication sends bare codes.
            value = tag.get("value") if isinstance(tag, dict) else tag
            if isinstance(value, str) and value.strip():
                tags.append(value.strip())
            else:
                r.error(f"{at}/type/{index}", 'must be a file type such as {"value": "sitePlan.proposed"}')
        found.append(
            OdpFile(
                url=url,
                filename=unquote(PurePosixPath(urlsplit(url).path).name),
                tags=tuple(tags),
                description=r.text(item, at, "description"),
            )
        )
    return tuple(found)
