from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "bops.validation"
    label = "validation"
