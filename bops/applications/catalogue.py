"""Catalogue of application types.

Every Open Digital Planning (ODP) application type code, plus BOPS's ``preApp``,
with the reference suffix used in application references, the family that picks
the case workflow, and the statutory determination period with its legal source.

This module is plain data with no Django imports, so it can be used from
settings, migrations, management commands and tests alike.

Periods are calendar days counted from the day after a valid application is
received. Where the law gives a period in weeks it is converted at 7 days a week.
A period that depends on facts not captured by the code (for example EIA
development, 16 weeks) is applied elsewhere, not here.
"""

from dataclasses import dataclass
from enum import StrEnum


class Family(StrEnum):
    LAWFUL_DEVELOPMENT_CERTIFICATE = "lawful_development_certificate"
    PRIOR_APPROVAL = "prior_approval"
    PLANNING_PERMISSION = "planning_permission"
    PRE_APPLICATION = "pre_application"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _FAMILY_LABELS[self]


_FAMILY_LABELS = {
    Family.LAWFUL_DEVELOPMENT_CERTIFICATE: "Lawful development certificate",
    Family.PRIOR_APPROVAL: "Prior approval",
    Family.PLANNING_PERMISSION: "Planning permission",
    Family.PRE_APPLICATION: "Pre-application advice",
    Family.OTHER: "Other",
}


@dataclass(frozen=True)
class TypeSpec:
    code: str
    description: str
    family: Family
    suffix: str
    period_days: int
    period_source: str
    submittable: bool
    is_major: bool = False


PRE_APPLICATION_CODE = "preApp"

_FAMILY_PREFIXES = (
    ("ldc", Family.LAWFUL_DEVELOPMENT_CERTIFICATE),
    ("pa", Family.PRIOR_APPROVAL),
    ("pp", Family.PLANNING_PERMISSION),
)


def family_for_code(code: str) -> Family:
    """Family of an application type code, judged by its first segment.

    ``ldc`` / ``ldc.*`` are lawful development certificates, ``pa`` / ``pa.*``
    prior approvals, ``pp`` / ``pp.*`` planning permission and ``preApp``
    pre-application advice. Anything else, including codes that merely contain
    ``.pp.`` further along (``onshoreExtractionOilAndGas.pp.working``), is other.
    """
    if code == PRE_APPLICATION_CODE:
        return Family.PRE_APPLICATION
    head = code.split(".", 1)[0]
    for prefix, family in _FAMILY_PREFIXES:
        if head == prefix:
            return family
    return Family.OTHER


# --- Period sources -------------------------------------------------------
# Kept short: they are shown to officers next to the target date.

_MAJOR = "DMPO 2015 art. 34(2)(a): 13 weeks"
_NON_MAJOR = "DMPO 2015 art. 34(2)(b): 8 weeks"
_TDC_MAJOR = "DMPO 2015 art. 34(2)(aa): 10 weeks"
_TDC_NON_MAJOR = "DMPO 2015 art. 34(2)(bb): 5 weeks"
_PIP = "DMPO 2015 as amended by the Permission in Principle Order 2017: 5 weeks"
_CONDITIONS = "DMPO 2015 art. 27: 8 weeks"
_LDC = "DMPO 2015 art. 39(12): 8 weeks, then appeal for non-determination"
_NMA = "s96A TCPA 1990; 28 days (DMPO art. 34 period for s96A applications)"
_S73 = "s73 TCPA 1990; DMPO 2015 art. 34(2)(b): 8 weeks"
_LISTED = "Planning (Listed Buildings and Conservation Areas) Regs 1990: 8 weeks"
_ADVERT = "Control of Advertisements Regs 2007: 8 weeks"
_EIA_SCREENING = "EIA Regulations 2017 reg. 6(4): 3 weeks"
_EIA_SCOPING = "EIA Regulations 2017 reg. 15(4): 5 weeks"
_GPDO_DEFAULT = "GPDO 2015 art. 7: 8 weeks where the class sets no period"
_GPDO_PART1_A = "GPDO 2015 Sch. 2 Part 1 para A.4: 42 days"
_GPDO_PART3 = "GPDO 2015 Sch. 2 Part 3 para W(11): 56 days"
_GPDO_PART6 = "GPDO 2015 Sch. 2 Part 6 (prior approval condition): 28 days"
_GPDO_PART11 = "GPDO 2015 Sch. 2 Part 11 Class B (prior approval condition): 28 days"
_GPDO_PART16 = "GPDO 2015 Sch. 2 Part 16 Class A: 56 days"
_HEDGEROW = "Hedgerows Regulations 1997: 42 days to serve a retention notice"
_TCA = "TCPA 1990 s211: 6 weeks' notice of works to trees in a conservation area"
_TPO = "Tree Preservation Regs 2012: 8 weeks, then appeal for non-determination"
_OBLIGATION = "TCPA 1990 s106A/s106B: 8 weeks, then appeal for non-determination"
_LAND_DRAINAGE = "Land Drainage Act 1991 s23: consent deemed after 2 months; 56-day target"
_NOT_STATUTORY = "No statutory period: 8-week working default"
_PRE_APP = "Not statutory: council service standard of 30 days"


def _spec(
    code: str,
    description: str,
    suffix: str,
    period_days: int,
    period_source: str,
    *,
    submittable: bool = True,
    is_major: bool = False,
) -> TypeSpec:
    return TypeSpec(
        code=code,
        description=description,
        family=family_for_code(code),
        suffix=suffix,
        period_days=period_days,
        period_source=period_source,
        submittable=submittable,
        is_major=is_major,
    )


def _pa(
    code: str,
    description: str,
    suffix: str,
    days: int = 56,
    source: str = _GPDO_DEFAULT,
) -> TypeSpec:
    return _spec(code, f"Prior Approval - {description}", suffix, days, source)


CATALOGUE: tuple[TypeSpec, ...] = (
    # --- Other consents -------------------------------------------------
    _spec("advertConsent", "Consent to display an advertisement", "ADV", 56, _ADVERT),
    _spec(
        "amendment",
        "Consent to make small changes to a project with Planning Permission",
        "AMD",
        56,
        _S73,
        submittable=False,
    ),
    _spec(
        "amendment.minorMaterial",
        "Consent to make small (minor material) changes to a project with Planning Permission",
        "MMA",
        56,
        _S73,
    ),
    _spec(
        "amendment.nonMaterial",
        "Consent to make small (non-material) changes to a project with Planning Permission",
        "NMA",
        28,
        _NMA,
    ),
    _spec("approval", "Planning approval", "APPR", 56, _CONDITIONS, submittable=False),
    _spec(
        "approval.conditions",
        "Approval of details reserved by condition",
        "AOC",
        56,
        _CONDITIONS,
    ),
    _spec(
        "approval.reservedMatters",
        "Approval of reserved matters",
        "ARM",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "complianceConfirmation",
        "Written confirmation of compliance with a planning condition",
        "CC",
        56,
        _NOT_STATUTORY,
    ),
    _spec(
        "environmentalImpact",
        "Environmental Impact Decision",
        "EIA",
        21,
        _EIA_SCREENING,
        submittable=False,
    ),
    _spec(
        "environmentalImpact.scoping",
        "Environmental Impact Decision - Scoping",
        "EIASO",
        35,
        _EIA_SCOPING,
    ),
    _spec(
        "environmentalImpact.screening",
        "Environmental Impact Decision - Screening",
        "EIASC",
        21,
        _EIA_SCREENING,
    ),
    _spec(
        "hazardousSubstanceConsent",
        "Consent to move and dispose of hazardous substances",
        "HSC",
        56,
        "Planning (Hazardous Substances) Regs 2015: 8 weeks",
    ),
    _spec("hedgerowRemovalNotice", "Notice to remove a hedge", "HRN", 42, _HEDGEROW),
    _spec(
        "landDrainageConsent",
        "Consent to do works affecting ordinary watercourses or land drainage",
        "LDRC",
        56,
        _LAND_DRAINAGE,
    ),
    # --- Lawful development certificates --------------------------------
    _spec("ldc", "Lawful Development Certificate", "LDC", 56, _LDC, submittable=False),
    _spec(
        "ldc.breachOfCondition",
        "Lawful Development Certificate - Existing use lawful not to comply with a condition (S191C)",
        "LDCBC",
        56,
        _LDC,
    ),
    _spec(
        "ldc.existing",
        "Lawful Development Certificate - Existing use",
        "LDCE",
        56,
        _LDC,
    ),
    _spec(
        "ldc.listedBuildingWorks",
        "Lawful Development Certificate - Works to a Listed Building (S26H)",
        "LDCLB",
        56,
        _LDC,
    ),
    _spec(
        "ldc.proposed",
        "Lawful Development Certificate - Proposed use",
        "LDCP",
        56,
        _LDC,
    ),
    _spec("listed", "Consent to do works to a Listed Building", "LBC", 56, _LISTED),
    _spec("notifyCompletion", "Notification of completion", "NOC", 56, _NOT_STATUTORY),
    _spec("obligation", "Planning obligation", "OBL", 56, _OBLIGATION, submittable=False),
    _spec(
        "obligation.discharge",
        "Discharge a planning obligation",
        "OBD",
        56,
        _OBLIGATION,
    ),
    _spec("obligation.modify", "Modify a planning obligation", "OBM", 56, _OBLIGATION),
    # --- Onshore oil and gas (mineral working is major development) -----
    _spec(
        "onshoreExtractionOilAndGas",
        "Onshore extraction of oil and gas",
        "OG",
        56,
        _NON_MAJOR,
        submittable=False,
    ),
    _spec(
        "onshoreExtractionOilAndGas.other",
        "Onshore extraction of oil and gas - Other",
        "OGOTH",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "onshoreExtractionOilAndGas.pp.extension",
        "Onshore extraction of oil and gas - Full planning permission for an extension to an existing "
        "site including associated development",
        "OGEXT",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "onshoreExtractionOilAndGas.pp.waste",
        "Onshore extraction of oil and gas - Full planning permission for waste development",
        "OGWST",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "onshoreExtractionOilAndGas.pp.working",
        "Onshore extraction of oil and gas - Full planning permission for oil and gas working including "
        "exploratory, appraisal and production phases",
        "OGWRK",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "onshoreExtractionOilAndGas.review",
        "Onshore extraction of oil and gas - Review of conditions applying to Mineral Permissions (ROMPs)",
        "OGROM",
        56,
        "Environment Act 1995 Sch. 13/14 review: period unverified; 8-week default",
    ),
    _spec(
        "onshoreExtractionOilAndGas.variation",
        "Onshore extraction of oil and gas - Variation of conditions",
        "OGVAR",
        91,
        "s73 TCPA 1990; DMPO 2015 art. 34(2)(a): 13 weeks (mineral working)",
        is_major=True,
    ),
    # --- Prior approvals ------------------------------------------------
    _spec("pa", "Prior Approval", "PA", 56, _GPDO_DEFAULT, submittable=False),
    _pa("pa.part1.classA", "Larger extension to a house", "PA1A", 42, _GPDO_PART1_A),
    _pa("pa.part1.classAA", "Adding storeys to a house", "PA1AA"),
    _pa(
        "pa.part3.classG",
        "Convert a commercial building to mixed use",
        "PA3G",
        56,
        _GPDO_PART3,
    ),
    _pa(
        "pa.part3.classM",
        "Convert a mixed use building into a home",
        "PA3M",
        56,
        _GPDO_PART3,
    ),
    _pa(
        "pa.part3.classMA",
        "Convert a commercial building into a home or homes",
        "PA3MA",
        56,
        _GPDO_PART3,
    ),
    _pa(
        "pa.part3.classN",
        "Convert a casino or amusement arcade into a home or homes",
        "PA3N",
        56,
        _GPDO_PART3,
    ),
    _pa(
        "pa.part3.classQ",
        "Convert an agricultural building into a home",
        "PA3Q",
        56,
        _GPDO_PART3,
    ),
    _pa(
        "pa.part3.classR",
        "Convert an agricultural building to a commercial use",
        "PA3R",
        56,
        _GPDO_PART3,
    ),
    _pa(
        "pa.part3.classS",
        "Convert an agricultural building to a school",
        "PA3S",
        56,
        _GPDO_PART3,
    ),
    _pa(
        "pa.part3.classT",
        "Convert a commercial building to a school",
        "PA3T",
        56,
        _GPDO_PART3,
    ),
    _pa(
        "pa.part3.classV",
        "Changes of use permitted under a permission granted on an application",
        "PA3V",
    ),
    _pa("pa.part4.classBB", "Put up a temporary structure", "PA4BB"),
    _pa("pa.part4.classBC", "Develop a temporary campsite", "PA4BC"),
    _pa(
        "pa.part4.classCA",
        "Put temporary school buildings on vacant commercial land",
        "PA4CA",
    ),
    _pa("pa.part4.classE", "Use a building or land to shoot a film", "PA4E"),
    _pa(
        "pa.part6",
        "Alter or add new buildings to agricultural or forestry sites",
        "PA6",
        28,
        _GPDO_PART6,
    ),
    _pa(
        "pa.part6.classA",
        "Build new agricultural buildings on a unit of 5 hectares or more",
        "PA6A",
        28,
        _GPDO_PART6,
    ),
    _pa(
        "pa.part6.classB",
        "Build new agricultural buildings on a unit of less than 5 hectares",
        "PA6B",
        28,
        _GPDO_PART6,
    ),
    _pa("pa.part6.classE", "Build new forestry buildings", "PA6E", 28, _GPDO_PART6),
    _pa("pa.part7.classC", "Install click and collect facilities", "PA7C"),
    _pa(
        "pa.part7.classM",
        "Extend a school, college, university, prison or hospital",
        "PA7M",
    ),
    _pa("pa.part9.classD", "Development of toll facilities", "PA9D"),
    _pa("pa.part11.classB", "Demolish a building", "PA11B", 28, _GPDO_PART11),
    _pa(
        "pa.part14.classA",
        "Install or change solar equipment on domestic premises",
        "PA14A",
    ),
    _pa(
        "pa.part14.classB",
        "Install or change stand-alone solar equipment on domestic premises",
        "PA14B",
    ),
    _pa("pa.part14.classJ", "Install or change solar panels", "PA14J"),
    _pa(
        "pa.part14.classK",
        "Install or change stand-alone solar equipment on non-domestic premises",
        "PA14K",
    ),
    _pa(
        "pa.part14.classOA",
        "Installation of a solar canopy on non-domestic, off-street parking",
        "PA14OA",
    ),
    _pa(
        "pa.part16.classA",
        "Install telecommunications equipment",
        "PA16A",
        56,
        _GPDO_PART16,
    ),
    _pa("pa.part17", "Coal mining", "PA17"),
    _pa("pa.part17.classB", "Other developments ancillary to mining operations", "PA17B"),
    _pa("pa.part17.classC", "Developments for maintenance or safety", "PA17C"),
    _pa(
        "pa.part17.classG",
        "Coal mining development by the Coal Authority for maintenance or safety",
        "PA17G",
    ),
    _pa("pa.part18.classA", "Development under private acts or orders", "PA18A"),
    _pa("pa.part19.classTA", "Development on a closed defence site", "PA19TA"),
    _pa("pa.part20.classA", "Build homes on a detached blocks of flats", "PA20A"),
    _pa("pa.part20.classAA", "Build homes on a detached commercial building", "PA20AA"),
    _pa(
        "pa.part20.classAB",
        "Build homes on an adjoining commercial or mixed use building",
        "PA20AB",
    ),
    _pa("pa.part20.classAC", "Build homes on adjoining houses", "PA20AC"),
    _pa("pa.part20.classAD", "Build homes on detached houses", "PA20AD"),
    _pa(
        "pa.part20.classZA",
        "Demolish buildings and build homes in their place",
        "PA20ZA",
    ),
    # --- Planning permission --------------------------------------------
    _spec("pp", "Planning Permission", "PP", 56, _NON_MAJOR, submittable=False),
    _spec(
        "pp.full",
        "Planning Permission for development, including all householder, minor, and major applications",
        "PPF",
        56,
        _NON_MAJOR,
        submittable=False,
    ),
    _spec(
        "pp.full.advertConsent",
        "Full Planning Permission and consent to display an advert",
        "FULLA",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.full.demolition",
        "Full Planning Permission including demolition in a Conservation Area",
        "DEMCA",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.full.fastTrack.affordable",
        "Full Planning Permission - Fast track for the purposes of Affordable Housing",
        "FTAH",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.full.householder",
        "Planning Permission - Full householder",
        "HAPP",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.full.householder.listed",
        "Planning Permission - Full householder with consent to do works to a Listed Building",
        "HAPL",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.full.householder.retro",
        "Planning Permission - Full householder retrospective",
        "HAPR",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.full.major",
        "Planning Permission - Major application",
        "MAJOR",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.full.major.technicalDetails",
        "Planning Permission - Technical details consent for major development",
        "TDCMJ",
        70,
        _TDC_MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.full.major.technicalDetails.waste",
        "Planning Permission - Technical details consent for waste development",
        "TDCWS",
        70,
        _TDC_MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.full.major.waste",
        "Planning Permission - Full planning permission for waste development",
        "MAJW",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.full.minor",
        "Planning Permission - Minor application",
        "MINOR",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.full.minor.listed",
        "Planning Permission - Minor application and consent to do works to a Listed Building",
        "MINL",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.full.minor.technicalDetails",
        "Planning Permission - Technical details consent for minor development",
        "TDCMN",
        35,
        _TDC_NON_MAJOR,
    ),
    _spec(
        "pp.mineralExtraction",
        "Planning Permission - Consent to extract minerals and related development, such as temporary "
        "buildings and roads",
        "MINEX",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.outline",
        "Planning permission - Outline for proposed development",
        "OUT",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.outline.all",
        "Outline Planning Permission - Consent for the principle of a project witholding all details",
        "OUTA",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.outline.some",
        "Outline Planning Permission - Consent for the principle of a project specifying some details",
        "OUTS",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.outline.minor",
        "Planning permission - Outline for proposed development (minor)",
        "OUTMN",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.outline.minor.all",
        "Outline Planning Permission - Consent for the principle of a project witholding all details (minor)",
        "OMNA",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.outline.minor.some",
        "Outline Planning Permission - Consent for the principle of a project specifying some details (minor)",
        "OMNS",
        56,
        _NON_MAJOR,
    ),
    _spec(
        "pp.outline.major",
        "Planning permission - Outline for proposed development (major)",
        "OUTMJ",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.outline.major.all",
        "Outline Planning Permission - Consent for the principle of a project witholding all details (major)",
        "OMJA",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.outline.major.all.waste",
        "Outline Planning Permission - Consent for the principle of waste development witholding all details",
        "OMJAW",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.outline.major.some",
        "Outline Planning Permission - Consent for the principle of a project specifying some details (major)",
        "OMJS",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.outline.major.some.waste",
        "Outline Planning Permission - Consent for the principle of waste development witholding some details",
        "OMJSW",
        91,
        _MAJOR,
        is_major=True,
    ),
    _spec(
        "pp.pip",
        "Planning Permission in Principle - Consent for the principle of a project with less than 1,000 "
        "square metres floor area on a site of less than 1 hectare",
        "PIP",
        35,
        _PIP,
    ),
    # --- Remaining other consents ---------------------------------------
    _spec(
        "rightsOfWayOrder",
        "Rights of Way Order - Apply to move or close a path",
        "ROW",
        56,
        _NOT_STATUTORY,
    ),
    _spec("wtt", "Works to trees", "WTT", 56, _TPO, submittable=False),
    _spec(
        "wtt.consent",
        "Works to trees - Consent to carry out works to a tree with a Tree Preservation Order",
        "TPO",
        56,
        _TPO,
    ),
    _spec(
        "wtt.notice",
        "Works to trees - Notification of proposed works to a tree in a Conservation Area",
        "TCA",
        42,
        _TCA,
    ),
    # --- BOPS addition --------------------------------------------------
    _spec(PRE_APPLICATION_CODE, "Pre-application advice", "PRE", 30, _PRE_APP),
)

BY_CODE: dict[str, TypeSpec] = {spec.code: spec for spec in CATALOGUE}
BY_SUFFIX: dict[str, TypeSpec] = {spec.suffix: spec for spec in CATALOGUE}
SUBMITTABLE_CODES: frozenset[str] = frozenset(spec.code for spec in CATALOGUE if spec.submittable)

if len(BY_CODE) != len(CATALOGUE) or len(BY_SUFFIX) != len(CATALOGUE):  # pragma: no cover
    raise RuntimeError("application type catalogue has a duplicate code or suffix")
