"""Tests for the application type catalogue (plain data, no database)."""

import re

import pytest

from bops.applications.catalogue import (
    BY_CODE,
    CATALOGUE,
    Family,
    TypeSpec,
    family_for_code,
)

# The ODP Application schema's type codes, written out here rather than read
# from the catalogue so that a code dropped from the catalogue is noticed.
ODP_PARENT_CODES = {
    "amendment",
    "approval",
    "environmentalImpact",
    "ldc",
    "obligation",
    "onshoreExtractionOilAndGas",
    "pa",
    "pp",
    "pp.full",
    "wtt",
}

ODP_SUBMITTABLE_CODES = {
    "advertConsent",
    "amendment.minorMaterial",
    "amendment.nonMaterial",
    "approval.conditions",
    "approval.reservedMatters",
    "complianceConfirmation",
    "environmentalImpact.scoping",
    "environmentalImpact.screening",
    "hazardousSubstanceConsent",
    "hedgerowRemovalNotice",
    "landDrainageConsent",
    "ldc.breachOfCondition",
    "ldc.existing",
    "ldc.listedBuildingWorks",
    "ldc.proposed",
    "listed",
    "notifyCompletion",
    "obligation.discharge",
    "obligation.modify",
    "onshoreExtractionOilAndGas.other",
    "onshoreExtractionOilAndGas.pp.extension",
    "onshoreExtractionOilAndGas.pp.waste",
    "onshoreExtractionOilAndGas.pp.working",
    "onshoreExtractionOilAndGas.review",
    "onshoreExtractionOilAndGas.variation",
    "pa.part1.classA",
    "pa.part1.classAA",
    "pa.part3.classG",
    "pa.part3.classM",
    "pa.part3.classMA",
    "pa.part3.classN",
    "pa.part3.classQ",
    "pa.part3.classR",
    "pa.part3.classS",
    "pa.part3.classT",
    "pa.part3.classV",
    "pa.part4.classBB",
    "pa.part4.classBC",
    "pa.part4.classCA",
    "pa.part4.classE",
    "pa.part6",
    "pa.part6.classA",
    "pa.part6.classB",
    "pa.part6.classE",
    "pa.part7.classC",
    "pa.part7.classM",
    "pa.part9.classD",
    "pa.part11.classB",
    "pa.part14.classA",
    "pa.part14.classB",
    "pa.part14.classJ",
    "pa.part14.classK",
    "pa.part14.classOA",
    "pa.part16.classA",
    "pa.part17",
    "pa.part17.classB",
    "pa.part17.classC",
    "pa.part17.classG",
    "pa.part18.classA",
    "pa.part19.classTA",
    "pa.part20.classA",
    "pa.part20.classAA",
    "pa.part20.classAB",
    "pa.part20.classAC",
    "pa.part20.classAD",
    "pa.part20.classZA",
    "pp.full.advertConsent",
    "pp.full.demolition",
    "pp.full.fastTrack.affordable",
    "pp.full.householder",
    "pp.full.householder.listed",
    "pp.full.householder.retro",
    "pp.full.major",
    "pp.full.major.technicalDetails",
    "pp.full.major.technicalDetails.waste",
    "pp.full.major.waste",
    "pp.full.minor",
    "pp.full.minor.listed",
    "pp.full.minor.technicalDetails",
    "pp.mineralExtraction",
    "pp.outline",
    "pp.outline.all",
    "pp.outline.some",
    "pp.outline.minor",
    "pp.outline.minor.all",
    "pp.outline.minor.some",
    "pp.outline.major",
    "pp.outline.major.all",
    "pp.outline.major.all.waste",
    "pp.outline.major.some",
    "pp.outline.major.some.waste",
    "pp.pip",
    "rightsOfWayOrder",
    "wtt.consent",
    "wtt.notice",
}

ODP_CODES = ODP_PARENT_CODES | ODP_SUBMITTABLE_CODES

SUFFIX_PATTERN = re.compile(r"^[A-Z0-9]{2,6}$")


def test_reference_lists_have_the_published_sizes():
    assert len(ODP_PARENT_CODES) == 10
    assert len(ODP_SUBMITTABLE_CODES) == 95
    assert len(ODP_CODES) == 105


def test_catalogue_holds_every_odp_code_plus_pre_app():
    codes = [spec.code for spec in CATALOGUE]
    assert len(codes) == len(set(codes)), "duplicate code in catalogue"
    assert set(codes) == ODP_CODES | {"preApp"}
    assert len(CATALOGUE) == 106


def test_by_code_indexes_every_entry():
    assert len(BY_CODE) == len(CATALOGUE)
    for spec in CATALOGUE:
        assert BY_CODE[spec.code] is spec


def test_suffixes_are_unique_and_well_formed():
    suffixes = [spec.suffix for spec in CATALOGUE]
    assert len(suffixes) == len(set(suffixes))
    bad = [s for s in suffixes if not SUFFIX_PATTERN.match(s)]
    assert bad == []


@pytest.mark.parametrize(
    ("code", "suffix"),
    [
        ("ldc.existing", "LDCE"),
        ("ldc.proposed", "LDCP"),
        ("pa.part1.classA", "PA1A"),
        ("pp.full.householder", "HAPP"),
        ("pp.full.householder.retro", "HAPR"),
        ("preApp", "PRE"),
        ("pp.full.minor", "MINOR"),
        ("pp.full.major", "MAJOR"),
        ("listed", "LBC"),
        ("pa.part14.classJ", "PA14J"),
        ("pa.part3.classMA", "PA3MA"),
        ("pa.part20.classAB", "PA20AB"),
        ("pa.part19.classTA", "PA19TA"),
        ("pa.part6", "PA6"),
        ("pa.part17", "PA17"),
    ],
)
def test_bops_suffixes_are_kept(code, suffix):
    assert BY_CODE[code].suffix == suffix


def test_prior_approval_class_suffixes_follow_part_and_class():
    pattern = re.compile(r"^pa\.part(\d+)(?:\.class([A-Z]+))?$")
    for spec in CATALOGUE:
        match = pattern.match(spec.code)
        if match:
            part, letters = match.groups()
            assert spec.suffix == f"PA{part}{letters or ''}", spec.code


@pytest.mark.parametrize(
    ("code", "days"),
    [
        ("pp.full.householder", 56),
        ("pp.full.householder.retro", 56),
        ("pp.full.minor", 56),
        ("listed", 56),
        ("advertConsent", 56),
        ("pa.part1.classA", 42),
        ("pa.part3.classMA", 56),
        ("pa.part3.classQ", 56),
        ("pp.full.major", 91),
        ("pp.outline.major", 91),
        ("pp.full.major.waste", 91),
        ("pp.mineralExtraction", 91),
        ("onshoreExtractionOilAndGas.pp.working", 91),
        ("pp.full.major.technicalDetails", 70),
        ("pp.full.major.technicalDetails.waste", 70),
        ("pp.full.minor.technicalDetails", 35),
        ("environmentalImpact.screening", 21),
        ("environmentalImpact.scoping", 35),
        ("ldc.proposed", 56),
        ("ldc.existing", 56),
        ("amendment.nonMaterial", 28),
        ("amendment.minorMaterial", 56),
        ("preApp", 30),
    ],
)
def test_statutory_periods(code, days):
    assert BY_CODE[code].period_days == days


def test_period_sources_name_the_law():
    assert "34(2)(b)" in BY_CODE["pp.full.householder"].period_source
    assert "34(2)(a)" in BY_CODE["pp.full.major"].period_source
    assert "34(2)(aa)" in BY_CODE["pp.full.major.technicalDetails"].period_source
    assert "34(2)(bb)" in BY_CODE["pp.full.minor.technicalDetails"].period_source
    assert "A.4" in BY_CODE["pa.part1.classA"].period_source
    assert "W(11)" in BY_CODE["pa.part3.classMA"].period_source
    assert "39(12)" in BY_CODE["ldc.proposed"].period_source
    assert "reg. 6(4)" in BY_CODE["environmentalImpact.screening"].period_source
    assert "reg. 15(4)" in BY_CODE["environmentalImpact.scoping"].period_source
    assert "not statutory" in BY_CODE["preApp"].period_source.lower()


def test_every_entry_has_a_sensible_period_and_source():
    for spec in CATALOGUE:
        assert 1 <= spec.period_days <= 99, spec.code
        assert spec.period_source.strip(), spec.code
        assert spec.description.strip(), spec.code


def test_major_codes_are_flagged_and_get_thirteen_weeks_or_tdc_period():
    for spec in CATALOGUE:
        code = spec.code
        expected_major = (
            code.startswith(("pp.full.major", "pp.outline.major", "onshoreExtractionOilAndGas.pp."))
            or code == "pp.mineralExtraction"
        )
        if expected_major:
            assert spec.is_major, code
        if spec.is_major:
            assert spec.period_days in (70, 91), code
    assert not BY_CODE["pp.full.minor"].is_major
    assert not BY_CODE["pp.full.householder"].is_major


@pytest.mark.parametrize(
    ("code", "family"),
    [
        ("ldc", Family.LAWFUL_DEVELOPMENT_CERTIFICATE),
        ("ldc.existing", Family.LAWFUL_DEVELOPMENT_CERTIFICATE),
        ("pa", Family.PRIOR_APPROVAL),
        ("pa.part1.classA", Family.PRIOR_APPROVAL),
        ("pa.part6", Family.PRIOR_APPROVAL),
        ("pp", Family.PLANNING_PERMISSION),
        ("pp.full.householder", Family.PLANNING_PERMISSION),
        ("pp.pip", Family.PLANNING_PERMISSION),
        ("preApp", Family.PRE_APPLICATION),
        ("listed", Family.OTHER),
        ("advertConsent", Family.OTHER),
        ("onshoreExtractionOilAndGas.pp.working", Family.OTHER),
        ("wtt.consent", Family.OTHER),
        ("ppSomethingNew", Family.OTHER),
        ("paper", Family.OTHER),
    ],
)
def test_family_for_code(code, family):
    assert family_for_code(code) is family


def test_catalogue_families_match_prefixes():
    prefixes = {
        "ldc": Family.LAWFUL_DEVELOPMENT_CERTIFICATE,
        "pa": Family.PRIOR_APPROVAL,
        "pp": Family.PLANNING_PERMISSION,
    }
    for spec in CATALOGUE:
        head = spec.code.split(".")[0]
        expected = Family.PRE_APPLICATION if spec.code == "preApp" else prefixes.get(head, Family.OTHER)
        assert spec.family is expected, spec.code


def test_parents_are_not_submittable_and_the_rest_are():
    for spec in CATALOGUE:
        assert spec.submittable is (spec.code not in ODP_PARENT_CODES), spec.code
    assert BY_CODE["preApp"].submittable


def test_family_labels():
    assert Family.LAWFUL_DEVELOPMENT_CERTIFICATE.label == "Lawful development certificate"
    assert Family.PRIOR_APPROVAL.label == "Prior approval"
    assert Family.PLANNING_PERMISSION.label == "Planning permission"
    assert Family.PRE_APPLICATION.label == "Pre-application advice"
    assert Family.OTHER.label == "Other"


def test_family_values_are_plain_strings():
    assert Family.PRIOR_APPROVAL == "prior_approval"
    assert str(Family.OTHER) == "other"


def test_type_spec_is_frozen():
    spec = BY_CODE["pp.full.householder"]
    assert isinstance(spec, TypeSpec)
    with pytest.raises(AttributeError):
        spec.period_days = 1  # type: ignore[misc]
