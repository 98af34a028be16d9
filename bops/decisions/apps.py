from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "bops.decisions"
    label = "decisions"
