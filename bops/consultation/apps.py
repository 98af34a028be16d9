from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "bops.consultation"
    label = "consultation"
