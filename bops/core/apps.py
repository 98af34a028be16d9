from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "bops.core"
    label = "core"
