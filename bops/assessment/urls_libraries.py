"""URLs of the council's libraries of conditions, informatives and policies (administrators)."""

from django.urls import path

from bops.assessment import views_libraries as views

urlpatterns = []
for kind, plural in (("condition", "conditions"), ("informative", "informatives"), ("policy", "policies")):
    urlpatterns += [
        path(f"admin/{plural}", views.library, {"kind": kind}, name=f"library-{plural}"),
        path(f"admin/{plural}/new", views.library_edit, {"kind": kind}, name=f"library-{kind}-new"),
        path(f"admin/{plural}/<int:item_id>", views.library_edit, {"kind": kind}, name=f"library-{kind}-edit"),
    ]
