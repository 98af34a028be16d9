from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "bops.submissions"
    label = "submissions"
