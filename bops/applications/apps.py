from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "bops.applications"
    label = "applications"
