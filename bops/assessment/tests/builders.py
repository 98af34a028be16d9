"""An assessment done through the real services, for tests that need a case past it."""

from bops.accounts.models import User
from bops.applications.models import PlanningApplication
from bops.assessment import checks, legislation, services


def complete_assessment(application: PlanningApplication, officer: User) -> None:
    """Complete every required task of the case's list but the recommendation, as an officer would: each text
    written, each page marked done, the GPDO assessed (not development: nothing to assess), no policy found to
    apply, CIL confirmed as not liable."""
    spec = application.application_type
    who = {"council": application.council, "application_id": application.pk, "user": officer}
    for slug in checks.task_slugs(spec.family, code=spec.code):
        if not checks.is_required(spec.family, slug) or slug == checks.RECOMMENDATION.slug:
            continue
        if slug in checks.TEXT_SECTIONS:
            services.section_save(**who, slug=slug, text=f"Assessed: {slug}.")
        elif slug in checks.MARKABLE:
            services.task_complete(**who, slug=slug)
        elif slug == checks.LEGISLATION.slug:
            legislation.legislation_assessment_save(
                **who,
                is_development=False,
                comment="No building or other operations.",
                part="1",
                classes=[],
                results={},
            )
        elif slug == checks.POLICIES.slug:
            services.policies_assess(**who, answers=[], summary="No policy of the development plan bears on it.")
        elif slug == checks.CIL.slug:
            services.cil_confirm(**who, liable=False)
        else:
            raise AssertionError(f"complete_assessment does not know the task {slug}")
