"""URLs of the assessment sections pages: the task list, the report sections, policies, heads of terms, the
recommendation, the report."""

from django.urls import path, re_path

from bops.assessment import checks, views_recommendation
from bops.assessment import views_sections as views

_case = "applications/<str:reference>/assessment"
# Only the text sections' slugs, so the pages of the other assessment URL modules are not shadowed.
_text_slugs = "|".join(sorted(checks.TEXT_SECTIONS))

urlpatterns = [
    path(_case, views.tasks, name="tasks"),
    path(f"{_case}/report", views_recommendation.report, name="report"),
    path(f"{_case}/report.pdf", views_recommendation.report_pdf, name="report-pdf"),
    path(f"{_case}/site-history", views.site_history, name="site-history"),
    path(f"{_case}/site-history/<int:history_id>/remove", views.site_history_remove, name="site-history-remove"),
    path(f"{_case}/site-visit", views.site_visit, name="site-visit"),
    path(f"{_case}/cil", views.cil, name="cil"),
    path(f"{_case}/policies", views.policies, name="policies"),
    path(f"{_case}/policies/<int:assessment_id>/remove", views.policy_remove, name="policy-remove"),
    path(f"{_case}/heads-of-terms", views.heads_of_terms, name="heads-of-terms"),
    path(f"{_case}/heads-of-terms/<int:position>/remove", views.heads_of_terms_remove, name="heads-of-terms-remove"),
    path(f"{_case}/conditions", views.conditions, name="conditions"),
    path(f"{_case}/conditions/<int:condition_id>/remove", views.condition_remove, name="condition-remove"),
    path(f"{_case}/informatives", views.informatives, name="informatives"),
    path(f"{_case}/informatives/<int:informative_id>/remove", views.informative_remove, name="informative-remove"),
    path(f"{_case}/recommendation", views_recommendation.recommendation, name="recommendation"),
    path(f"{_case}/recommendation/submit", views_recommendation.submit, name="submit"),
    re_path(rf"^applications/(?P<reference>[^/]+)/assessment/(?P<slug>{_text_slugs})$", views.section, name="section"),
]
