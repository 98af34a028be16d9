"""The public register: what anyone may see of a council's applications, and the comment form."""

from django.urls import path

from bops.register import views

app_name = "register"
urlpatterns = [
    path("planning-applications/<str:reference>", views.application, name="application"),
]
