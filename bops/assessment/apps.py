from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "bops.assessment"
    label = "assessment"
