"""URLs of the consultation's notices pages (views_notices.py)."""

from django.urls import path

from bops.consultation import views_notices as views

_case = "applications/<str:reference>/consultation"
urlpatterns = [
    path(f"{_case}/site-notice", views.site_notice, name="site-notice"),
    path(f"{_case}/site-notice.pdf", views.site_notice_pdf, name="site-notice-pdf"),
    path(f"{_case}/press-notice", views.press_notice, name="press-notice"),
    path(f"{_case}/press-notice/published", views.press_notice_published, name="press-notice-published"),
]
