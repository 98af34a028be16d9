"""The publicity the law requires, as data beside the application types (issue 11, defect 2)."""

import pytest

from bops.applications.catalogue import CATALOGUE, Family
from bops.applications.publicity import Means, publicity_for, publicity_for_type

SITE, NEIGHBOURS, PRESS = Means.SITE_NOTICE, Means.NEIGHBOURS, Means.PRESS_NOTICE


def _table(code: str, **facts: bool) -> list[tuple[set[Means], str]]:
    return [(set(r.means), r.source) for r in publicity_for(code, **facts).requirements]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ldc.proposed", []),
        ("ldc.existing", []),
        ("preApp", []),
        ("pp.full.householder", [({SITE, NEIGHBOURS}, "DMPO 2015 art. 15(5)")]),
        ("pp.full.minor", [({SITE, NEIGHBOURS}, "DMPO 2015 art. 15(5)")]),
        (
            "pp.full.major",
            [({PRESS}, "DMPO 2015 art. 15(4)(b)"), ({SITE, NEIGHBOURS}, "DMPO 2015 art. 15(4)(a)")],
        ),
        (
            "listed",
            [
                ({PRESS}, "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 5"),
                ({SITE}, "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 5"),
            ],
        ),
        ("pa.part1.classA", [({NEIGHBOURS}, "GPDO 2015 Sch. 2 Part 1 para. A.4(5)")]),
        ("pa.part1.classAA", [({NEIGHBOURS}, "GPDO 2015 Sch. 2 Part 1 para. AA.3(5)")]),
        ("pa.part3.classMA", [({SITE, NEIGHBOURS}, "GPDO 2015 Sch. 2 Part 3 para. W(8)")]),
        ("pa.part3.classQ", [({SITE, NEIGHBOURS}, "GPDO 2015 Sch. 2 Part 3 para. W(8)")]),
    ],
)
def test_each_type_requires_what_the_law_says(code, expected):
    assert _table(code) == expected


def test_householder_with_listed_building_consent_needs_both_notices_which_also_meet_article_15():
    assert [set(r.means) for r in publicity_for_type("pp.full.householder.listed").requirements] == [{PRESS}, {SITE}]


def test_every_type_in_the_catalogue_has_its_publicity_with_a_source():
    for spec in CATALOGUE:
        publicity = publicity_for_type(spec.code)
        assert all(r.means and r.source for r in publicity.requirements), spec.code
        if spec.family == Family.PRIOR_APPROVAL and spec.submittable:
            assert publicity.required, f"{spec.code}: every prior approval class publicises"
        if spec.family == Family.LAWFUL_DEVELOPMENT_CERTIFICATE:
            assert not publicity.required and publicity.note
        if spec.is_major and spec.family == Family.PLANNING_PERMISSION:
            assert PRESS in {m for r in publicity.requirements for m in r.means}, spec.code


@pytest.mark.parametrize("fact", ["eia", "departure", "right_of_way"])
def test_eia_a_departure_or_a_right_of_way_needs_a_site_notice_and_a_press_notice(fact):
    expected = [({SITE}, "DMPO 2015 art. 15(2)-(3)(a)(i)"), ({PRESS}, "DMPO 2015 art. 15(2)-(3)(a)(ii)")]
    assert _table("pp.full.householder", **{fact: True}) == expected
    assert _table("pp.full.major", **{fact: True}) == expected  # paragraph (3) replaces paragraph (4)


def test_a_case_found_to_be_major_is_publicised_as_major():
    assert _table("pp.full.householder", major=True) == _table("pp.full.major")


def test_heritage_adds_both_notices_to_a_planning_application_but_not_to_a_prior_approval():
    assert [set(m) for m, _ in _table("pp.full.householder", heritage=True)] == [{PRESS}, {SITE}]
    assert _table("pa.part1.classA", heritage=True, eia=True) == _table("pa.part1.classA")


def test_the_requirement_reads_as_officers_see_it():
    (requirement,) = publicity_for_type("pp.full.householder").requirements
    assert requirement.label == "Site notice or neighbour notification"
