from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "bops.councils"
    label = "councils"
