"""Reads of the decision stage."""

from dataclasses import dataclass

from bops.applications.models import PlanningApplication
from bops.assessment import checks
from bops.assessment.models import Section, SectionVersion
from bops.decisions.models import Appeal, CommitteeReferral, Determination


@dataclass(frozen=True)
class SectionForReview:
    section: Section
    title: str
    latest: SectionVersion
    earlier: list[SectionVersion]

    @property
    def waiting(self) -> bool:
        """Whether the latest version waits for the reviewer's verdict."""
        return self.latest.review == SectionVersion.Review.PENDING


def sections_for_review(*, application: PlanningApplication) -> list[SectionForReview]:
    """Each section of the report that has a text to read, in the order of the task list, with its latest version
    and the earlier ones (newest first), in two queries."""
    spec = application.application_type
    tasks = [t for s in checks.tasks_for(spec.family, code=spec.code) for t in s.tasks]
    order = {t.slug: n for n, t in enumerate(tasks)}
    titles = {t.slug: t.title for t in tasks}
    sections = Section.objects.filter(application=application).prefetch_related("versions__author")
    result = []
    for section in sorted(sections, key=lambda s: (order.get(s.slug, len(order)), s.slug)):
        versions = sorted(section.versions.all(), key=lambda v: v.number, reverse=True)
        if versions:
            result.append(SectionForReview(section, titles.get(section.slug, section.slug), versions[0], versions[1:]))
    return result


def determination_for(*, application: PlanningApplication) -> Determination | None:
    return Determination.objects.select_related("notice", "determined_by").filter(application=application).first()


def committee_for(*, application: PlanningApplication) -> CommitteeReferral | None:
    return CommitteeReferral.objects.filter(application=application).first()


def appeals_for(*, application: PlanningApplication) -> list[Appeal]:
    return list(Appeal.objects.filter(council=application.council, application=application))
