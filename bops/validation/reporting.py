"""The statistical development types (PS2 return) an officer picks from in "Add reporting details".

Codes and descriptions are the PS2 categories since 1 April 2008 (landscape.md §3.8): Q01-Q07 major,
Q13-Q18 minor, Q20-Q26 "other" development. The current DELTA guidance with every prior-approval code could not
be obtained (landscape.md §3.8, gap); PA1 (larger home extensions) is the code BOPS seeds, and other prior
approvals are reported under PA99 until the codes are confirmed.
"""

from bops.applications.catalogue import Family

DEVELOPMENT_TYPES: dict[str, str] = {
    "Q01": "Major: dwellings",
    "Q02": "Major: offices, research and development, light industry",
    "Q03": "Major: general industry, storage and warehousing",
    "Q04": "Major: retail, distribution and servicing",
    "Q05": "Major: traveller caravan pitches",
    "Q06": "Major: all other major developments",
    "Q07": "Major: public service infrastructure",
    "Q13": "Minor: dwellings",
    "Q14": "Minor: offices, research and development, light industry",
    "Q15": "Minor: general industry, storage and warehousing",
    "Q16": "Minor: retail, distribution and servicing",
    "Q17": "Minor: traveller caravan pitches",
    "Q18": "Minor: all other minor developments",
    "Q20": "Change of use",
    "Q21": "Householder developments",
    "Q22": "Advertisements",
    "Q23": "Listed building consents to alter or extend",
    "Q24": "Listed building consents to demolish",
    "Q25": "Relevant demolition in a conservation area",
    "Q26": "Certificates of lawful development",
    "PA1": "Prior approval: larger home extensions",
    "PA99": "Prior approval: other",
}

_MAJOR = ("Q01", "Q02", "Q03", "Q04", "Q05", "Q06", "Q07")
_MINOR = ("Q13", "Q14", "Q15", "Q16", "Q17", "Q18")


def development_types_for(*, code: str, family: Family, is_major: bool) -> tuple[str, ...]:
    """The PS2 codes allowed for an application type (its ODP code and family)."""
    if family == Family.LAWFUL_DEVELOPMENT_CERTIFICATE:
        return ("Q26",)
    if family == Family.PRIOR_APPROVAL:
        return ("PA1",) if code.startswith("pa.part1.classA") else ("PA99",)
    if code.startswith("pp.full.householder"):
        return ("Q21",)
    if code.startswith("listed"):
        return ("Q23", "Q24")
    if code.startswith("advertConsent"):
        return ("Q22",)
    if is_major or ".major" in code:
        return _MAJOR
    if family == Family.PLANNING_PERMISSION:
        return (*_MINOR, "Q20") if ".minor" in code else (*_MAJOR, *_MINOR, "Q20", "Q21")
    return ()
