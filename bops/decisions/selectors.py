"""Reads of the decision stage."""

from dataclasses import dataclass

from bops.applications.models import PlanningApplication
from bops.assessment.models import Section, SectionVersion
from bops.decisions.models import Appeal, CommitteeReferral, Determination


@dataclass(frozen=True)
class SectionForReview:
    section: Section
    latest: SectionVersion | None
    earlier: list[SectionVersion]


def sections_for_review(*, application: PlanningApplication) -> list[SectionForReview]:
    """Each section of the report with its latest version and the earlier ones (newest first), in two queries."""
    sections = list(
        Section.objects.filter(application=application).prefetch_related("versions__author").order_by("slug")
    )
    result = []
    for section in sections:
        versions = sorted(section.versions.all(), key=lambda v: v.number, reverse=True)
        result.append(SectionForReview(section, versions[0] if versions else None, versions[1:]))
    return result


def determination_for(*, application: PlanningApplication) -> Determination | None:
    return Determination.objects.select_related("notice", "determined_by").filter(application=application).first()


def committee_for(*, application: PlanningApplication) -> CommitteeReferral | None:
    return CommitteeReferral.objects.filter(application=application).first()


def appeals_for(*, application: PlanningApplication) -> list[Appeal]:
    return list(Appeal.objects.filter(council=application.council, application=application))
